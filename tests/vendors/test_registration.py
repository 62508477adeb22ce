"""Assisted registration: staff or a coordinator registers a trader who has no smartphone."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from market.models import Application, Decision
from notifications.models import Notification
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.errors import VendorError
from vendors.models import StallClaim, Trader
from vendors.permissions import can_act_for
from vendors.selectors import stall_list_public
from vendors.services.registration import _digest, stall_claim_confirm, stall_claim_resend, trader_register

pytestmark = pytest.mark.django_db

NUMBER = "+6281399990001"


@pytest.fixture
def coordinator(group):
    return group.coordinator.user


def register(actor, market, **changes):
    fields = {
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "C-07",
        "whatsapp": NUMBER,
        "categories": [CategoryFactory()],
        **changes,
    }
    return trader_register(actor=actor, market=market, **fields)


def test_a_trader_registered_by_staff_is_active_at_once_with_the_decision_recorded(market, staff, group):
    stall = register(staff, market, group=group)

    assert stall.status == "active" and stall.user is None
    assert stall in stall_list_public(market=market)
    decision = Decision.objects.get(application=stall.application)
    assert (decision.action, decision.actor) == ("approve", staff)
    assert stall.application.submitted_by == staff


def test_the_coordinator_runs_the_stall_of_a_trader_with_no_account(market, staff, group, coordinator):
    stall = register(staff, market, group=group)

    assert can_act_for(coordinator, stall)
    # The coordinator is told about the approval, for the trader who has no account.
    assert Notification.objects.filter(user=coordinator, event="application.approved").exists()


def test_a_trader_registered_by_a_coordinator_waits_for_review(market, group, coordinator):
    stall = register(coordinator, market, group=group)

    assert (stall.status, stall.application.status) == ("pending", "pending")
    assert stall not in stall_list_public(market=market)
    assert not Decision.objects.filter(application=stall.application).exists()


def test_a_coordinator_registers_only_into_their_own_group(market, group, coordinator):
    other_group = TraderGroupFactory(market=market)

    for target in (other_group, None):
        with pytest.raises(VendorError) as refused:
            register(coordinator, market, group=target)
        assert refused.value.code == "not_allowed"
    assert not Trader.objects.filter(stall_number="C-07").exists()


def test_a_trader_or_staff_of_another_region_may_not_register(market, group):
    outsiders = [TraderFactory(market=market).user, RegionStaffFactory().user, UserFactory()]

    for outsider in outsiders:
        with pytest.raises(VendorError) as refused:
            register(outsider, market, group=group)
        assert refused.value.code == "not_allowed"
    assert not Application.objects.filter(applicant=None).exists()


def test_a_suspended_coordinator_may_not_register(market, group, coordinator):
    group.coordinator.status = "suspended"
    group.coordinator.save()

    with pytest.raises(VendorError):
        register(coordinator, market, group=group)


def test_staff_registration_is_refused_whole_when_the_stall_number_is_taken(market, staff):
    TraderFactory(market=market, stall_number="C-07")

    with pytest.raises(VendorError) as refused:
        register(staff, market)

    assert refused.value.code == "stall_taken"
    assert Trader.objects.filter(stall_number="C-07").count() == 1
    assert not Application.objects.filter(applicant=None).exists()


def test_bad_values_are_refused_per_field_and_nothing_is_saved(market, staff):
    with pytest.raises(Exception) as refused:
        register(staff, market, stall_name="", stall_number="x" * 40)

    assert set(refused.value.message_dict) == {"stall_name", "stall_number"}
    assert not Application.objects.exists()


# A number that already has an account


@pytest.fixture
def owner():
    return UserFactory(phone=NUMBER, phone_verified=True, name="Karsih")


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run a call and what it left for after the commit (the WhatsApp code is sent then)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_a_number_with_an_account_joins_it_only_after_the_code(
    market, staff, group, owner, sending, whatsapp_codes
):
    stall = sending(register, staff, market, group=group)

    assert stall.user is None and not can_act_for(owner, stall)
    claim = StallClaim.objects.get(trader=stall)

    linked = stall_claim_confirm(actor=staff, claim_id=claim.pk, code=whatsapp_codes(NUMBER))

    assert linked.user == owner and can_act_for(owner, linked)
    assert Application.objects.get(pk=stall.application_id).applicant == owner
    assert Notification.objects.filter(user=owner, event="stall.linked").exists()


def test_the_owner_may_confirm_the_code_themselves(
    market, group, coordinator, owner, sending, whatsapp_codes
):
    stall = sending(register, coordinator, market, group=group)
    claim = StallClaim.objects.get(trader=stall)

    stall_claim_confirm(actor=owner, claim_id=claim.pk, code=whatsapp_codes(NUMBER))

    stall.refresh_from_db()
    assert stall.user == owner


def test_a_wrong_code_links_nothing_and_five_wrong_codes_lock_the_link(
    market, staff, owner, sending, whatsapp_codes
):
    stall = sending(register, staff, market)
    claim = StallClaim.objects.get(trader=stall)
    right = whatsapp_codes(NUMBER)
    wrong = "000000" if right != "000000" else "111111"

    for _ in range(5):
        with pytest.raises(VendorError) as refused:
            stall_claim_confirm(actor=staff, claim_id=claim.pk, code=wrong)
        assert refused.value.code == "wrong_code"
    with pytest.raises(VendorError) as refused:
        stall_claim_confirm(actor=staff, claim_id=claim.pk, code=right)

    assert refused.value.code == "too_many_attempts"
    stall.refresh_from_db()
    assert stall.user is None


def test_an_expired_code_is_refused_and_a_new_code_works(market, staff, owner, sending, whatsapp_codes):
    stall = sending(register, staff, market)
    claim = StallClaim.objects.get(trader=stall)
    old = whatsapp_codes(NUMBER)
    StallClaim.objects.filter(pk=claim.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1), sent_at=timezone.now() - timedelta(minutes=31)
    )

    with pytest.raises(VendorError) as refused:
        stall_claim_confirm(actor=staff, claim_id=claim.pk, code=old)
    assert refused.value.code == "expired"

    sending(stall_claim_resend, actor=staff, claim_id=claim.pk)
    stall_claim_confirm(actor=staff, claim_id=claim.pk, code=whatsapp_codes(NUMBER))
    stall.refresh_from_db()
    assert stall.user == owner


def allow_resend_now(claim):
    StallClaim.objects.filter(pk=claim.pk).update(sent_at=timezone.now() - timedelta(minutes=2))


def test_wrong_codes_stay_counted_across_new_codes(market, staff, owner, sending, whatsapp_codes):
    claim = StallClaim.objects.get(trader=sending(register, staff, market))
    for _round in range(2):
        right = whatsapp_codes(NUMBER)
        wrong = "000000" if right != "000000" else "111111"
        for _attempt in range(2):
            with pytest.raises(VendorError):
                stall_claim_confirm(actor=staff, claim_id=claim.pk, code=wrong)
        allow_resend_now(claim)
        sending(stall_claim_resend, actor=staff, claim_id=claim.pk)
    with pytest.raises(VendorError):
        stall_claim_confirm(actor=staff, claim_id=claim.pk, code="000000" if right != "000000" else "111111")

    with pytest.raises(VendorError) as refused:  # the fifth wrong code closed the link, new code or not
        stall_claim_confirm(actor=staff, claim_id=claim.pk, code=whatsapp_codes(NUMBER))
    assert refused.value.code == "too_many_attempts"
    allow_resend_now(claim)
    with pytest.raises(VendorError) as refused:
        stall_claim_resend(actor=staff, claim_id=claim.pk)
    assert refused.value.code == "too_many_attempts"


def test_new_codes_for_a_link_stop_after_a_days_budget(market, staff, owner, sending, whatsapp_codes):
    claim = StallClaim.objects.get(trader=sending(register, staff, market))
    for _resend in range(5):
        allow_resend_now(claim)
        sending(stall_claim_resend, actor=staff, claim_id=claim.pk)
    last_code = whatsapp_codes(NUMBER)
    allow_resend_now(claim)

    with pytest.raises(VendorError) as refused:
        sending(stall_claim_resend, actor=staff, claim_id=claim.pk)

    assert refused.value.code == "too_many_codes"
    assert whatsapp_codes(NUMBER) == last_code  # nothing new was sent
    stall_claim_confirm(actor=staff, claim_id=claim.pk, code=last_code)


def test_a_new_code_is_not_sent_twice_within_a_minute(market, staff, owner):
    claim = StallClaim.objects.get(trader=register(staff, market))

    with pytest.raises(VendorError) as refused:
        stall_claim_resend(actor=staff, claim_id=claim.pk)

    assert refused.value.code == "too_soon"


def test_nobody_else_may_confirm_or_even_see_the_link(market, staff, owner, sending, whatsapp_codes):
    claim = StallClaim.objects.get(trader=sending(register, staff, market))
    strangers = [UserFactory(), RegionStaffFactory().user, TraderFactory(market=market).user]

    for stranger in strangers:
        with pytest.raises(VendorError) as refused:
            stall_claim_confirm(actor=stranger, claim_id=claim.pk, code=whatsapp_codes(NUMBER))
        assert refused.value.code == "not_found"
    assert Trader.objects.get(pk=claim.trader_id).user is None


def test_an_owner_who_already_has_a_stall_in_the_market_is_refused(market, staff, owner):
    TraderFactory(market=market, user=owner)

    with pytest.raises(VendorError) as refused:
        register(staff, market)

    assert refused.value.code == "already_applied"


def test_registering_ones_own_number_is_refused(market, staff):
    with pytest.raises(VendorError) as refused:
        register(staff, market, whatsapp=str(staff.phone))

    assert refused.value.code == "own_number"


def test_an_unverified_claim_on_the_number_does_not_get_a_link(market, staff):
    UserFactory(phone=NUMBER, phone_verified=False)

    stall = register(staff, market)

    assert not StallClaim.objects.filter(trader=stall).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_stalls_of_one_owner_linked_at_once_leave_one_linked():
    market = MarketFactory()
    staff = RegionStaffFactory(region=market.region).user
    owner = UserFactory(phone=NUMBER)
    stalls = [register(staff, market, stall_number=number) for number in ("C-07", "C-08")]
    # Codes are known only as digests: set one for the test instead of reading the WhatsApp log.
    StallClaim.objects.update(code_digest=_digest("424242"))
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm(stall):
        try:
            barrier.wait()
            stall_claim_confirm(actor=owner, claim_id=stall.claim.pk, code="424242")
            outcomes.append("linked")
        except VendorError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(stall,)) for stall in stalls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_applied", "linked"]
    assert Trader.objects.filter(user=owner).count() == 1
