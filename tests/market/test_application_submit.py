"""market.services.application_submit: every application waiting for review tells the region's staff in
the app, once each; a staff member's own registration (approved at once) tells nobody."""

import pytest

from market.models import Application, ApplicationKind
from market.services import application_submit
from notifications.models import Notification
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.errors import VendorError
from vendors.services.applications import trader_application_submit
from vendors.services.registration import trader_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    return MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")


@pytest.fixture
def staff(market):
    """Two staff members of the market's region."""
    return [RegionStaffFactory(region=market.region).user for _ in range(2)]


@pytest.fixture
def elsewhere():
    return RegionStaffFactory().user


def told(user) -> list[tuple]:
    rows = Notification.objects.filter(user=user, event="application.submitted")
    return [(row.params["number"], row.channel) for row in rows.order_by("pk")]


def apply(user, market, number="A-01"):
    return trader_application_submit(
        user=user,
        market=market,
        stall_number=number,
        stall_name="Sayur Bu Tini",
        whatsapp="+6281399990001",
        categories=[CategoryFactory()],
    )


def register(actor, market, group=None, number="C-07"):
    return trader_register(
        actor=actor,
        market=market,
        group=group,
        owner_name="Mbah Karsih",
        stall_name="Bumbu Mbah Karsih",
        stall_number=number,
        whatsapp="+6281399990002",
    )


def test_each_new_application_tells_each_staff_member_of_the_region_once_in_the_app(market, staff, elsewhere):
    first = apply(UserFactory(), market)
    second = apply(UserFactory(), market, number="A-02")

    for member in staff:
        assert told(member) == [(first.application_id, "inapp"), (second.application_id, "inapp")]
    assert told(elsewhere) == []
    assert Notification.objects.filter(event="application.submitted").count() == 4
    title, body = Notification.objects.filter(user=staff[0]).order_by("pk").first().render("id")
    assert title == f"Pendaftaran baru no. {first.application_id}"
    assert "Kabupaten Batang" in body


def test_a_coordinators_registration_tells_the_staff(market, staff):
    group = TraderGroupFactory(market=market)
    group.coordinator = TraderFactory(market=market, group=group)
    group.save()

    stall = register(group.coordinator.user, market, group=group)

    assert stall.status == "pending"
    assert [told(member) for member in staff] == [[(stall.application_id, "inapp")]] * 2


def test_a_staff_registration_is_approved_at_once_and_tells_nobody(market, staff):
    stall = register(staff[0], market)

    assert stall.status == "active"
    assert not Notification.objects.filter(event="application.submitted").exists()


def test_a_staff_member_applying_for_a_stall_is_reviewed_by_the_others(market, staff):
    stall = apply(staff[0], market)

    assert told(staff[0]) == []
    assert told(staff[1]) == [(stall.application_id, "inapp")]


def test_a_refused_application_tells_nobody(market, staff):
    applicant = UserFactory()
    apply(applicant, market)
    Notification.objects.all().delete()

    with pytest.raises(VendorError):
        apply(applicant, market, number="A-02")

    assert not Notification.objects.exists()
    assert Application.objects.count() == 1


def test_the_service_opens_a_pending_application_for_the_region(market, staff):
    applicant = UserFactory()

    application = application_submit(
        kind=ApplicationKind.COURIER, region=market.region, submitted_by=applicant, applicant=applicant
    )

    assert (application.status, application.region, application.applicant) == (
        "pending",
        market.region,
        applicant,
    )
    assert told(staff[1]) == [(application.pk, "inapp")]
