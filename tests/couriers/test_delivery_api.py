"""The taken job in the API: pickup, handover and failure for the courier, the stall's confirmation, the
trade office's decisions and settlement; bad input answers 4xx and saves nothing."""

import pytest
from django.urls import reverse

from couriers.models import Delivery, DeliveryStatus, DeliveryStop
from orders.models import Order, OrderStatus
from tests.couriers.test_delivery import failed, picked_up

pytestmark = pytest.mark.django_db


def post(client, user, name, pk, body=None):
    client.force_login(user)
    return client.post(reverse(name, args=[pk]), body or {}, "application/json")


def test_the_courier_picks_up_each_stall_over_the_api(client, job):
    first = post(client, job.courier, "api:courier-delivery-pickup", job.delivery.pk, {"stop": job.slamet.pk})
    last = post(
        client,
        job.courier,
        "api:courier-delivery-pickup",
        job.delivery.pk,
        {"stop": job.rohmat.pk, "cash_paid": 37500},
    )

    assert first.status_code == 200 and first.json()["status"] == "assigned"
    assert last.status_code == 200 and last.json()["status"] == "picked_up"
    assert {stop["id"]: stop["cash_paid"] for stop in last.json()["stops"]} == {
        job.slamet.pk: 120000,
        job.rohmat.pk: 37500,
    }


@pytest.mark.parametrize("cash", ["dua puluh ribu", -5000, 10**15, 120001, 1.5])
def test_a_bad_cash_amount_is_a_400_on_its_field_and_nothing_is_saved(client, job, cash):
    answer = post(
        client,
        job.courier,
        "api:courier-delivery-pickup",
        job.delivery.pk,
        {"stop": job.slamet.pk, "cash_paid": cash},
    )

    assert answer.status_code == 400
    assert list(answer.json()) == ["cash_paid"]
    assert DeliveryStop.objects.get(pk=job.slamet.pk).picked_up_at is None


def test_another_courier_s_job_is_404_and_a_non_courier_403(client, job):
    other = post(
        client,
        job.other_courier.user,
        "api:courier-delivery-pickup",
        job.delivery.pk,
        {"stop": job.slamet.pk},
    )
    shopper = post(
        client, job.shopper, "api:courier-delivery-pickup", job.delivery.pk, {"stop": job.slamet.pk}
    )

    assert other.status_code == 404 and shopper.status_code == 403
    assert DeliveryStop.objects.get(pk=job.slamet.pk).picked_up_at is None


def test_a_wrong_code_is_400_on_code_and_counted_then_the_right_one_delivers(client, job):
    picked_up(job)
    wrong = "0000" if job.order.confirmation_code != "0000" else "1111"

    refused = post(client, job.courier, "api:courier-delivery-deliver", job.delivery.pk, {"code": wrong})
    not_a_code = post(client, job.courier, "api:courier-delivery-deliver", job.delivery.pk, {"code": "12a4"})
    right = post(
        client,
        job.courier,
        "api:courier-delivery-deliver",
        job.delivery.pk,
        {"code": job.order.confirmation_code},
    )

    assert refused.status_code == 400 and list(refused.json()) == ["code"]
    assert "Kode salah" in refused.json()["code"][0]
    assert not_a_code.status_code == 400
    assert right.status_code == 200 and right.json()["status"] == "delivered"
    assert right.json()["wrong_codes"] == 1


def test_a_locked_handover_is_409_until_staff_unlock_it(client, job):
    picked_up(job)
    Delivery.objects.filter(pk=job.delivery.pk).update(wrong_codes=5, locked_at="2026-12-01T10:00:00Z")

    locked = post(
        client,
        job.courier,
        "api:courier-delivery-deliver",
        job.delivery.pk,
        {"code": job.order.confirmation_code},
    )
    unlocked = post(client, job.staff, "api:staff-delivery-unlock", job.delivery.pk)

    assert locked.status_code == 409 and locked.json()["code"] == "locked"
    assert unlocked.status_code == 200 and unlocked.json()["locked"] is False


def test_fail_then_staff_retry_then_fail_and_return_over_the_api(client, job):
    picked_up(job)
    no_reason = post(client, job.courier, "api:courier-delivery-fail", job.delivery.pk, {"reason": ""})
    reported = post(
        client, job.courier, "api:courier-delivery-fail", job.delivery.pk, {"reason": "Tidak ada orang"}
    )
    retried = post(client, job.staff, "api:staff-delivery-retry", job.delivery.pk)
    post(client, job.courier, "api:courier-delivery-fail", job.delivery.pk, {"reason": "Masih tidak ada"})
    client.force_login(job.staff)
    waiting = client.get(reverse("api:staff-delivery-list"))
    returned = post(
        client,
        job.staff,
        "api:staff-delivery-return-to-stalls",
        job.delivery.pk,
        {"reason": "Pembeli tidak bisa dihubungi", "taken_back": [job.slamet.pk]},
    )
    again = post(
        client, job.staff, "api:staff-delivery-return-to-stalls", job.delivery.pk, {"reason": "lagi"}
    )
    settlement = client.get(reverse("api:staff-settlement-list"))

    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    assert reported.status_code == 200 and reported.json()["status"] == "failed"
    assert [row["id"] for row in waiting.json()["results"]] == [job.delivery.pk]
    assert retried.status_code == 200 and retried.json()["attempts"] == 2
    assert waiting.json()["results"][0]["failure_reason"] == "Masih tidak ada"
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert again.status_code == 409
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.RETURNED
    assert settlement.json()["results"] == [
        {
            "id": job.courier_profile.pk,
            "name": job.courier.name,
            "plate_number": "G 4521 KB",
            "region": "Kabupaten Batang",
            "owed": 157500,
            "returned": 1,
        }
    ]


def test_staff_of_another_region_cannot_decide(client, job):
    failed(job)

    answer = post(client, job.karangasem_staff, "api:staff-delivery-retry", job.delivery.pk)

    assert answer.status_code == 404
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.FAILED


def test_the_stall_lists_its_pickups_and_confirms_the_cash(client, job):
    picked_up(job)
    client.force_login(job.trader)

    listed = client.get(reverse("api:trader-pickup-list"))
    confirmed = client.post(
        reverse("api:trader-pickup-confirm", args=[job.slamet.pk]),
        {"cash_received": 100000},
        "application/json",
    )
    others = post(client, job.other_trader, "api:trader-pickup-confirm", job.slamet.pk)

    assert [row["id"] for row in listed.json()["results"]] == [job.slamet.pk]
    assert confirmed.status_code == 200 and confirmed.json()["cash_mismatch"] is True
    assert others.status_code == 404
    client.force_login(job.staff)
    flagged = client.get(reverse("api:staff-delivery-list")).json()["results"]
    assert [row["id"] for row in flagged] == [job.delivery.pk]
