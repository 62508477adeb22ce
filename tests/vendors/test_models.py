import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from tests.factories import TraderFactory, TraderGroupFactory

pytestmark = pytest.mark.django_db


def test_two_active_traders_cannot_hold_the_same_stall_number_in_a_market():
    stall = TraderFactory(stall_number="A-01")
    TraderFactory(stall_number="A-01")  # another market
    TraderFactory(market=stall.market, stall_number="A-01", status="pending")  # applying for the stall

    with pytest.raises(IntegrityError):
        TraderFactory(market=stall.market, stall_number="A-01")


def test_a_groups_coordinator_must_be_an_active_member_of_it():
    group = TraderGroupFactory()
    member = TraderFactory(market=group.market, group=group)
    group.coordinator = member
    group.full_clean()

    for coordinator in [
        TraderFactory(market=group.market),  # not in the group
        TraderFactory(market=group.market, group=group, status="suspended"),
    ]:
        group.coordinator = coordinator
        with pytest.raises(ValidationError) as error:
            group.full_clean()
        assert list(error.value.message_dict) == ["coordinator"]


def test_a_stalls_status_reads_in_the_readers_language():
    stall = TraderFactory.build(status="suspended")

    with translation.override("en"):
        assert stall.get_status_display() == "Suspended"
    with translation.override("id"):
        assert stall.get_status_display() == "Dibekukan"
