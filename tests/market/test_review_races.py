"""The review under real concurrency (PostgreSQL): two staff deciding at once, and a decision that meets
an application another request keeps locked."""

import time

import pytest
from django.urls import reverse

from market.models import Application, Decision
from market.services import ReviewError, application_approve, application_reject
from notifications.models import Notification
from tests.factories import MarketFactory, RegionStaffFactory, TraderFactory
from tests.locks import held_elsewhere, run_at_once
from vendors.models import Trader

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUSY_TEXT = "Data ini sedang diubah orang lain. Coba lagi sebentar lagi."


@pytest.fixture
def market():
    return MarketFactory()


@pytest.fixture
def stall(market):
    return TraderFactory(market=market, status="pending", application__status="pending")


@pytest.fixture
def short_lock_wait(settings):
    settings.LOCK_TIMEOUT = 0.2


def test_two_staff_deciding_at_once_leave_exactly_one_decision(market, stall):
    approver, rejecter = (RegionStaffFactory(region=market.region).user for _ in range(2))

    outcomes = run_at_once(
        lambda: application_approve(application_id=stall.application_id, actor=approver),
        lambda: application_reject(application_id=stall.application_id, actor=rejecter, reason="Los kosong"),
    )

    won = [outcome for outcome in outcomes if isinstance(outcome, Application)]
    lost = [outcome for outcome in outcomes if isinstance(outcome, ReviewError)]
    assert (len(won), [error.code for error in lost]) == (1, ["invalid_transition"])
    decision = Decision.objects.get()
    stall.refresh_from_db()
    application = stall.application
    application.refresh_from_db()
    if decision.action == "approve":
        assert (decision.actor, application.status, stall.status) == (approver, "approved", "active")
    else:
        assert (decision.actor, application.status, stall.status) == (rejecter, "rejected", "rejected")
    # The applicant hears of the winning decision only.
    assert set(Notification.objects.values_list("event", flat=True)) == {f"application.{application.status}"}


def test_a_decision_on_a_locked_application_gives_up_busy_and_saves_nothing(market, stall, short_lock_wait):
    staff = RegionStaffFactory(region=market.region).user

    with held_elsewhere(Application.objects.filter(pk=stall.application_id)):
        started = time.monotonic()
        with pytest.raises(ReviewError) as refused:
            application_approve(application_id=stall.application_id, actor=staff)
        waited = time.monotonic() - started

    assert refused.value.code == "busy"
    assert refused.value.message == BUSY_TEXT
    assert 0.2 <= waited < 3
    stall.refresh_from_db()
    assert (stall.status, Decision.objects.count(), Notification.objects.count()) == ("pending", 0, 0)
    # Once the other request is done, the same decision goes through.
    assert application_approve(application_id=stall.application_id, actor=staff).status == "approved"


def test_busy_answers_409_with_retry_after_in_the_api(client, market, stall, short_lock_wait, settings):
    client.force_login(RegionStaffFactory(region=market.region).user)

    with held_elsewhere(Application.objects.filter(pk=stall.application_id)):
        response = client.post(f"/api/v1/staff/applications/{stall.application_id}/approve/")

    assert response.status_code == 409
    assert response.json() == {"detail": BUSY_TEXT, "code": "busy"}
    assert int(response.headers["Retry-After"]) >= settings.LOCK_TIMEOUT
    assert Trader.objects.get().status == "pending"


def test_busy_shows_the_message_on_the_review_page(client, market, stall, short_lock_wait):
    client.force_login(RegionStaffFactory(region=market.region).user)

    with held_elsewhere(Application.objects.filter(pk=stall.application_id)):
        response = client.post(reverse("market:review_decide", args=[stall.application_id, "approve"]))

    assert response.status_code == 200
    assert BUSY_TEXT in response.text
    assert (Trader.objects.get().status, Decision.objects.count()) == ("pending", 0)
