"""market.services: the review's decisions, their history, the stall that follows and the notification."""

import pytest

from market.models import Decision
from market.services import (
    ReviewError,
    application_approve,
    application_reinstate,
    application_reject,
    application_suspend,
)
from notifications.models import Notification
from tests.factories import (
    MarketFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")


@pytest.fixture
def staff(market):
    return RegionStaffFactory(region=market.region).user


def pending_stall(market, **fields):
    return TraderFactory(market=market, status="pending", application__status="pending", **fields)


def snapshot(stall):
    """Everything a refused decision must leave alone."""
    stall.refresh_from_db()
    stall.application.refresh_from_db()
    return (
        stall.status,
        stall.application.status,
        stall.application.decided_at,
        Decision.objects.count(),
        Notification.objects.count(),
    )


def test_approval_activates_the_stall_records_the_decision_and_tells_the_applicant(market, staff):
    stall = pending_stall(market)

    application = application_approve(application_id=stall.application_id, actor=staff)

    stall.refresh_from_db()
    assert (application.status, stall.status) == ("approved", "active")
    assert application.decided_at is not None
    decision = application.decisions.get()
    assert (decision.action, decision.actor, decision.reason) == ("approve", staff, "")
    sent = Notification.objects.filter(user=stall.user, event="application.approved")
    assert sorted(sent.values_list("channel", flat=True)) == ["inapp", "whatsapp"]
    assert sent.first().params["number"] == application.pk


def test_rejection_needs_a_reason_and_keeps_it(market, staff):
    stall = pending_stall(market)
    before = snapshot(stall)

    with pytest.raises(ReviewError) as refused:
        application_reject(application_id=stall.application_id, actor=staff, reason="   ")

    assert refused.value.code == "reason_required"
    assert snapshot(stall) == before

    application_reject(application_id=stall.application_id, actor=staff, reason="Nomor los tidak ada")

    stall.refresh_from_db()
    assert stall.status == "rejected"
    assert stall.application.decisions.get().reason == "Nomor los tidak ada"
    assert Notification.objects.get(channel="inapp").params["reason"] == "Nomor los tidak ada"


@pytest.mark.parametrize("decide", [application_suspend, application_reinstate])
def test_suspend_and_reinstate_need_a_reason(market, staff, decide):
    stall = TraderFactory(market=market)
    if decide is application_reinstate:
        application_suspend(application_id=stall.application_id, actor=staff, reason="Keluhan pembeli")
    before = snapshot(stall)

    with pytest.raises(ReviewError) as refused:
        decide(application_id=stall.application_id, actor=staff, reason="")

    assert refused.value.code == "reason_required"
    assert snapshot(stall) == before


def test_suspension_and_reinstatement_move_the_stall_and_keep_every_decision(market, staff):
    stall = TraderFactory(market=market)

    application_suspend(application_id=stall.application_id, actor=staff, reason="Keluhan pembeli")
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("suspended", "suspended")

    application_reinstate(application_id=stall.application_id, actor=staff, reason="Sudah dibina")
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("active", "approved")
    assert list(stall.application.decisions.values_list("action", flat=True)) == ["suspend", "reinstate"]


@pytest.mark.parametrize(
    ("status", "decide"),
    [
        ("approved", application_approve),
        ("approved", application_reject),
        ("pending", application_suspend),
        ("pending", application_reinstate),
        ("rejected", application_approve),
        ("suspended", application_suspend),
    ],
)
def test_a_move_the_table_does_not_allow_changes_nothing(market, staff, status, decide):
    stall_status = {"approved": "active", "pending": "pending"}.get(status, status)
    stall = TraderFactory(market=market, status=stall_status, application__status=status)
    before = snapshot(stall)

    with pytest.raises(ReviewError) as refused:
        decide(application_id=stall.application_id, actor=staff, reason="Alasan")

    assert refused.value.code == "invalid_transition"
    assert snapshot(stall) == before


def test_staff_of_another_region_find_nothing_to_decide(market):
    stall = pending_stall(market)
    karangasem_staff = RegionStaffFactory(region=RegionFactory(name="Kabupaten Karangasem")).user
    before = snapshot(stall)

    for actor in (karangasem_staff, UserFactory(), stall.user):
        with pytest.raises(ReviewError) as refused:
            application_approve(application_id=stall.application_id, actor=actor)
        assert refused.value.code == "not_found"

    assert snapshot(stall) == before


def test_an_unknown_application_is_not_found(staff):
    with pytest.raises(ReviewError) as refused:
        application_approve(application_id=999_999, actor=staff)

    assert refused.value.code == "not_found"


def test_a_trader_without_an_account_is_told_through_their_groups_coordinator(market, staff):
    group = TraderGroupFactory(market=market)
    coordinator = TraderFactory(market=market, group=group)
    group.coordinator = coordinator
    group.save()
    stall = pending_stall(
        market, group=group, user=None, application__applicant=None, application__submitted_by=staff
    )

    application_approve(application_id=stall.application_id, actor=staff)

    assert set(Notification.objects.values_list("user", "event")) == {
        (coordinator.user_id, "application.approved")
    }


def test_a_trader_with_neither_account_nor_coordinator_is_told_on_their_own_whatsapp(market, staff):
    stall = pending_stall(
        market,
        user=None,
        whatsapp="+6281234500099",
        application__applicant=None,
        application__submitted_by=staff,
    )

    application_approve(application_id=stall.application_id, actor=staff)

    assert list(Notification.objects.values_list("user", "phone", "event")) == [
        (None, "+6281234500099", "application.approved")
    ]


def test_approval_is_refused_when_an_active_stall_has_the_number(market, staff):
    TraderFactory(market=market, stall_number="B-12")
    stall = pending_stall(market, stall_number="B-12")
    before = snapshot(stall)

    with pytest.raises(ReviewError) as refused:
        application_approve(application_id=stall.application_id, actor=staff)

    assert refused.value.code == "stall_taken"
    assert snapshot(stall) == before
