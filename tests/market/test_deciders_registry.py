"""market.registry's deciders: who besides a region's staff may decide applications of a kind, told by
the kind's app (couriers: a company's admins), so market decides for them without importing that app."""

import pytest
from django.db.models import Q

from market import registry
from market.errors import ReviewError
from market.models import ApplicationKind
from market.permissions import may_decide_application
from market.services import application_approve
from tests.factories import ApplicationFactory, RegionStaffFactory, UserFactory, pending_courier

pytestmark = pytest.mark.django_db


@pytest.fixture
def deciders(monkeypatch):
    """An empty registry for the test; the apps' own registrations come back afterwards."""
    monkeypatch.setattr(registry, "_DECIDERS", {})
    return registry._DECIDERS


def test_a_registered_decider_decides_the_kinds_applications_in_scope(deciders):
    decider = UserFactory()
    theirs = pending_courier().application  # a profile for the kind's receiver to update
    other = ApplicationFactory(kind=ApplicationKind.COURIER)
    registry.register_application_deciders(
        ApplicationKind.COURIER, scope=lambda user: Q(pk=theirs.pk) if user == decider else Q(pk__in=[])
    )

    application_approve(application_id=theirs.pk, actor=decider)

    theirs.refresh_from_db()
    assert theirs.status == "approved"
    assert not may_decide_application(decider, other)
    with pytest.raises(ReviewError) as refused:
        application_approve(application_id=other.pk, actor=decider)
    assert refused.value.code == "not_found"


def test_a_scope_holds_only_for_its_own_kind(deciders):
    decider = UserFactory()
    trader_application = ApplicationFactory(kind=ApplicationKind.TRADER)
    registry.register_application_deciders(
        ApplicationKind.COURIER, scope=lambda user: Q(pk=trader_application.pk)
    )

    assert not may_decide_application(decider, trader_application)


def test_with_no_deciders_only_the_regions_staff_decide(deciders):
    application = ApplicationFactory(kind=ApplicationKind.COURIER)
    staff = RegionStaffFactory(region=application.region).user

    assert may_decide_application(staff, application)
    assert not may_decide_application(UserFactory(), application)


def test_a_kind_takes_one_scope(deciders):
    def scope(user):
        return Q(pk__in=[])

    registry.register_application_deciders(ApplicationKind.COURIER, scope=scope)
    registry.register_application_deciders(ApplicationKind.COURIER, scope=scope)  # again: harmless

    with pytest.raises(ValueError):
        registry.register_application_deciders(ApplicationKind.COURIER, scope=lambda user: Q())
