"""Stall numbers under real concurrency (PostgreSQL): new stalls of one market check their number one after
the other, under a lock on the market row, so the same number cannot be taken twice at once."""

import pytest

from market.models import Market
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from tests.locks import held_elsewhere, run_at_once
from vendors.errors import VendorError
from vendors.models import Trader
from vendors.services.applications import trader_application_submit
from vendors.services.registration import trader_register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def market():
    return MarketFactory()


def register(actor, market, *, number, group=None, whatsapp):
    return lambda: trader_register(
        actor=actor,
        market=market,
        group=group,
        owner_name="Mbah Karsih",
        stall_name="Bumbu Mbah Karsih",
        stall_number=number,
        whatsapp=whatsapp,
        categories=[CategoryFactory()],
    )


def apply(user, market, *, number):
    return lambda: trader_application_submit(
        user=user,
        market=market,
        stall_number=number,
        stall_name="Sayur Bu Tini",
        whatsapp=str(user.phone),
        categories=[CategoryFactory()],
    )


def outcome_codes(outcomes) -> list[str]:
    return sorted(outcome.code if isinstance(outcome, VendorError) else "created" for outcome in outcomes)


def test_two_registrations_of_one_number_at_once_end_with_one_refused(market):
    staff = RegionStaffFactory(region=market.region).user
    group = TraderGroupFactory(market=market)
    group.coordinator = TraderFactory(market=market, group=group)
    group.save()

    outcomes = run_at_once(
        register(staff, market, number="A-01", whatsapp="+6281399990001"),
        register(group.coordinator.user, market, number="a-01", group=group, whatsapp="+6281399990002"),
    )

    assert outcome_codes(outcomes) == ["created", "stall_taken"]
    refused = next(outcome for outcome in outcomes if isinstance(outcome, VendorError))
    assert refused.field == "stall_number"
    assert Trader.objects.filter(market=market, stall_number__iexact="a-01").count() == 1


def test_an_application_and_a_registration_of_one_number_at_once_end_with_one_refused(market):
    staff = RegionStaffFactory(region=market.region).user

    outcomes = run_at_once(
        apply(UserFactory(), market, number="B-12"),
        register(staff, market, number="B-12", whatsapp="+6281399990001"),
    )

    assert outcome_codes(outcomes) == ["created", "stall_taken"]
    assert Trader.objects.filter(market=market, stall_number="B-12").count() == 1


def test_a_registration_waits_for_the_market_lock_and_gives_up_busy(market, settings):
    settings.LOCK_TIMEOUT = 0.2
    staff = RegionStaffFactory(region=market.region).user

    with held_elsewhere(Market.objects.filter(pk=market.pk)), pytest.raises(VendorError) as refused:
        register(staff, market, number="A-01", whatsapp="+6281399990001")()

    assert refused.value.code == "busy"
    assert not Trader.objects.filter(market=market).exists()
