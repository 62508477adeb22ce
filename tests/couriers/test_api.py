"""The courier API: courier/status/ and courier/jobs/ (list, detail, accept, release)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from couriers.api.serializers import JobSerializer
from couriers.models import Courier, Delivery, DeliveryStatus
from couriers.services.jobs import job_accept
from tests.couriers.conftest import board_jobs, online, ready
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("located", [False, True], ids=["oldest first", "nearest first"])
def test_the_list_shows_the_board_without_address_or_phone(board, located):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    if located:
        Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)

    body = _api(board.courier).get(reverse("api:courier-job-list")).json()

    assert body["count"] == 1
    job = body["results"][0]
    assert job["id"] == delivery.pk and job["market"] == board.market.slug and job["kelurahan"] == "Kauman"
    assert (job["order"], job["market_name"]) == (delivery.order.number, "Pasar Batang")
    assert job["distance_km"] == float(delivery.order.distance_km)
    assert (job["distance_to_market"] is not None) == located
    assert (job["fee"], job["cash_to_carry"], job["over_cash_limit"]) == (delivery.fee, 55000, False)
    assert {stall["name"] for stall in job["stalls"]} == {"Beras Pak Rohmat", "Bumbu Pak Slamet"}
    assert "Sutomo" not in str(body) and "drop_off" not in job


def test_accept_answers_the_address_and_contacts_then_a_second_courier_gets_409_or_404(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    other = online(region=board.batang)
    before = _api(other.user).get(reverse("api:courier-job-detail", args=[delivery.pk])).json()

    taken = _api(board.courier).post(reverse("api:courier-job-accept", args=[delivery.pk]))
    late = _api(other.user).post(reverse("api:courier-job-accept", args=[delivery.pk]))

    assert before["drop_off"] is None
    assert taken.status_code == 200
    assert taken.json()["drop_off"]["street"] == "Jl. Dr. Sutomo 12"
    assert taken.json()["drop_off"]["recipient_whatsapp"] == "+6281234567890"
    assert taken.json()["status"] == "assigned"
    assert late.status_code == 404  # off the board once taken


def test_a_courier_who_read_the_job_open_and_lost_gets_409(board, monkeypatch):
    """The loser of a race passed the board check before the winner committed: "taken", 409."""
    from couriers.services import jobs

    delivery = ready(board.shopper, board.kauman, board.rice)
    other = online(region=board.batang)
    job_accept(delivery_id=delivery.pk, user=other.user)
    seen_open = Delivery.objects.get(pk=delivery.pk)
    seen_open.status, seen_open.courier_id = DeliveryStatus.OPEN, None  # as the board read it, before
    monkeypatch.setattr(jobs, "job_to_take_for_courier", lambda courier, pk: seen_open)

    late = _api(board.courier).post(reverse("api:courier-job-accept", args=[delivery.pk]))

    assert late.status_code == 409
    assert late.json() == {"detail": "Pesanan sudah diambil kurir lain.", "code": "taken"}


@pytest.mark.parametrize("who", ["offline", "suspended", "bali"])
def test_couriers_out_of_scope_get_404_and_an_empty_list(board, who):
    delivery = ready(board.shopper, board.kauman, board.rice)
    client = _api(getattr(board, who).user)

    assert client.get(reverse("api:courier-job-list")).json()["count"] == 0
    assert client.get(reverse("api:courier-job-detail", args=[delivery.pk])).status_code == 404
    assert client.post(reverse("api:courier-job-accept", args=[delivery.pk])).status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.OPEN


def test_a_courier_at_the_limit_gets_404(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    held = ready(board.shopper, board.kauman, board.chili)
    job_accept(delivery_id=held.pk, user=board.courier)
    client = _api(board.courier)

    assert client.get(reverse("api:courier-status")).json()["board"] == "at_limit"
    assert client.get(reverse("api:courier-job-list")).json()["count"] == 0
    assert client.post(reverse("api:courier-job-accept", args=[delivery.pk])).status_code == 404
    assert client.get(reverse("api:courier-job-detail", args=[held.pk])).json()["drop_off"] is not None


@pytest.mark.parametrize("who", ["pending", "shopper"])
def test_someone_who_is_no_courier_gets_403(board, who):
    user = board.pending.user if who == "pending" else board.shopper
    client = _api(user)

    assert client.get(reverse("api:courier-job-list")).status_code == 403
    assert client.get(reverse("api:courier-status")).status_code == 403


def test_a_job_over_the_cash_limit_is_marked_and_refused_with_400(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    Courier.objects.filter(pk=board.agus.pk).update(cash_limit=50000)
    client = _api(board.courier)

    job = client.get(reverse("api:courier-job-list")).json()["results"][0]
    refused = client.post(reverse("api:courier-job-accept", args=[delivery.pk]))

    assert job["over_cash_limit"] is True
    assert refused.status_code == 400 and refused.json()["code"] == "over_cash_limit"


def test_release_needs_a_reason_and_returns_the_job(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    client = _api(board.courier)
    url = reverse("api:courier-job-release", args=[delivery.pk])

    refused = client.post(url, {}, format="json")
    released = client.post(url, {"reason": "Hujan deras"}, format="json")
    again = client.post(url, {"reason": "Hujan deras"}, format="json")

    assert refused.status_code == 400 and "reason" in refused.json()
    assert released.status_code == 200 and released.json()["status"] == "open"
    assert again.status_code == 404
    assert Courier.objects.get(pk=board.agus.pk).release_count == 1


def test_status_reads_and_changes_the_switches(board):
    client = _api(board.offline.user)
    url = reverse("api:courier-status")

    before = client.get(url).json()
    changed = client.patch(
        url, {"online": True, "latitude": -6.9, "longitude": 109.73, "cash_limit": "150rb"}, format="json"
    )
    one_coordinate = client.patch(url, {"latitude": -6.9}, format="json")
    suspended = _api(board.suspended.user).patch(url, {"online": True}, format="json")

    assert (before["online"], before["board"]) == (False, "offline")
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["online"], body["cash_limit"], body["latitude"], body["board"]) == (True, 150000, -6.9, "")
    assert one_coordinate.status_code == 400 and "latitude" in one_coordinate.json()
    assert suspended.status_code == 400 and "online" in suspended.json()
    assert Courier.objects.get(pk=board.suspended.pk).is_online is False


@pytest.mark.parametrize("located", [False, True], ids=["oldest first", "nearest first"])
def test_the_list_asks_the_same_number_of_queries_for_2_and_20_jobs(board, located):
    product = ProductFactory(trader=board.other_stall, price=5000, stock=100)
    if located:  # nearest market first: the jobs' orders are read apart
        Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)
    client = _api(board.courier)

    def count(jobs: int) -> int:
        for _ in range(jobs):
            ready(UserFactory(), board.kauman, (product, 1), board.chili)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:courier-job-list")).json()["count"] >= jobs
        return len(queries)

    # The courier, their deliveries' count, the page's keys with the jobs' count, the page's jobs with
    # their stalls.
    assert count(2) == count(18) == 4


def test_a_jobs_stalls_come_by_stall_number_with_what_the_courier_pays_each(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    stops = sorted(
        delivery.stops.select_related("trader_order__trader"),
        key=lambda stop: stop.trader_order.trader.stall_number,
    )

    listed = _api(board.courier).get(reverse("api:courier-job-list")).json()["results"][0]["stalls"]
    shown = _api(board.courier).get(reverse("api:courier-job-detail", args=[delivery.pk])).json()["stalls"]

    expected = [
        {
            "id": stop.trader_order.trader_id,
            "name": stop.trader_order.trader.stall_name,
            "number": stop.trader_order.trader.stall_number,
            "cash_due": stop.cash_due,
            "picked_up_at": None,
        }
        for stop in stops
    ]
    assert listed == shown == expected


@pytest.mark.postgres  # the count includes PostgreSQL's lock timeout (SQLite sets none)
def test_taking_a_two_stall_job_costs_a_fixed_number_of_queries(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    client = _api(board.courier)

    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("api:courier-job-accept", args=[delivery.pk])).status_code == 200

    # Before the locks: the courier, their deliveries' count, the job. Orders' locked move (the order,
    # the shopper told). Then the delivery and the courier locked, their deliveries counted again on the
    # locked row, the claim, its event, the stops and a notification each; the answer, the job and its
    # stops. Savepoints and the lock timeout besides.
    assert len(queries) == 24


def test_the_lists_distance_to_the_market_is_the_details(board):
    """The page's rows compute it in Python, the detail (and the board's sort) in SQL: the same km."""
    delivery = ready(board.shopper, board.kauman, board.rice)
    Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.95, longitude=109.81)
    client = _api(board.courier)

    listed = client.get(reverse("api:courier-job-list")).json()["results"][0]["distance_to_market"]
    shown = client.get(reverse("api:courier-job-detail", args=[delivery.pk])).json()["distance_to_market"]

    assert listed == pytest.approx(shown, abs=1e-9) and 5 < listed < 30


@pytest.mark.parametrize("located", [False, True], ids=["oldest first", "nearest first"])
def test_a_listed_job_is_what_its_declared_fields_answer(board, located):
    """JobSerializer writes its answer out; the fields the schema describes would answer the same."""
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    delivery.stops.filter(trader_order__trader=board.rice[0].trader).update(picked_up_at=delivery.opened_at)
    if located:
        Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)
    board.agus.refresh_from_db()
    job = board_jobs(board.agus)[0]

    answered = JobSerializer().to_representation(job)

    assert answered == serializers.Serializer.to_representation(JobSerializer(), job)
    assert list(answered) == list(JobSerializer().fields)
