"""bench/run.py's bookkeeping of the checkout and accept rows' requests, and its cleanup of earlier runs."""

from types import SimpleNamespace

import pytest

import bench.run
from bench.run import drop_sent
from tests.orders.conftest import place, shop  # noqa: F401 (shop: the orders tests' fixture)


def test_each_wrk_run_starts_after_the_checkouts_the_last_one_sent(tmp_path):
    requests = tmp_path / "checkouts.tsv"
    requests.write_text("".join(f"POST\t/api/v1/orders/\ttoken{n}\tkey{n}\t{{}}\n" for n in range(5)))

    drop_sent(requests, 2)
    assert [line.split("\t")[2] for line in requests.read_text().splitlines()] == [
        "token2",
        "token3",
        "token4",
    ]

    drop_sent(requests, 7)
    assert requests.read_text() == ""


def test_the_couriers_of_one_job_follow_each_other_each_with_their_own_session(monkeypatch):
    couriers = [SimpleNamespace(user=f"user{n}") for n in range(5)]
    jobs = [SimpleNamespace(pk=pk) for pk in (41, 42, 43)]
    monkeypatch.setattr(bench.run, "session_cookie", lambda user: f"sessionid=token-{user}")

    lines = bench.run.accept_lines(jobs, couriers, "/api/v1/courier/jobs/0/accept/")

    fields = [line.rstrip("\n").split("\t") for line in lines]
    assert [(method, path, token) for method, path, token, _, _ in fields] == [
        ("POST", "/api/v1/courier/jobs/41/accept/", "token-user0"),
        ("POST", "/api/v1/courier/jobs/41/accept/", "token-user1"),
        ("POST", "/api/v1/courier/jobs/42/accept/", "token-user2"),
        ("POST", "/api/v1/courier/jobs/42/accept/", "token-user3"),
        ("POST", "/api/v1/courier/jobs/43/accept/", "token-user4"),
    ]
    assert {(key, body) for _, _, _, key, body in fields} == {("", "{}")}


@pytest.mark.django_db
def test_a_run_forgets_the_orders_and_notices_earlier_runs_made_and_nothing_else(shop):  # noqa: F811
    from couriers.models import Delivery
    from notifications.models import Notification
    from orders.models import Order
    from tests.couriers.conftest import ready
    from tests.factories import UserFactory

    bench_shopper = UserFactory(phone=f"{bench.run.BENCH_SHOPPER_PREFIX}0000001")
    job = ready(bench_shopper, shop.kauman, (shop.product, 1))  # an open job, as bench_jobs adds
    job_number = job.order.number
    placed = place(bench_shopper, shop.kauman, (shop.beras, 1))  # a checkout's order
    kept = place(shop.shopper, shop.kauman, (shop.beras, 1))

    bench.run.forget_earlier_runs()

    assert list(Order.objects.all()) == [kept]
    assert not Delivery.objects.filter(pk=job.pk).exists()
    left = Notification.objects.values_list("params__order", flat=True)
    assert kept.number in left and placed.number not in left and job_number not in left
