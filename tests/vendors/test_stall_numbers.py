"""A stall number is checked when a stall is applied for or registered, not only at approval: an active
stall or a pending application of the same market holds it, whatever the letter case and spaces."""

import pytest
from django.urls import reverse

from market.models import Application
from market.services import ReviewError, application_reinstate, application_suspend
from tests.factories import CategoryFactory, MarketFactory, TraderFactory, UserFactory
from vendors.errors import VendorError
from vendors.models import Trader
from vendors.services.applications import trader_application_submit
from vendors.services.registration import trader_register

pytestmark = pytest.mark.django_db

TAKEN = (
    "Nomor lapak/los ini sudah dipakai di pasar ini, oleh lapak lain atau pendaftaran yang menunggu "
    "pemeriksaan. Periksa nomor yang tertulis di lapak."
)


@pytest.fixture
def sayur():
    return CategoryFactory(name="Sayur", slug="sayur")


@pytest.fixture
def sri(market):
    """Sri's active stall A-01."""
    return TraderFactory(market=market, stall_number="A-01", stall_name="Bumbu Bu Sri")


def register(actor, market, group=None, stall_number="a-01"):
    return trader_register(
        actor=actor,
        market=market,
        group=group,
        owner_name="Mbah Karsih",
        stall_name="Bumbu Mbah Karsih",
        stall_number=stall_number,
        whatsapp="+6281399990001",
        categories=[CategoryFactory()],
    )


def apply(user, market, stall_number="a-01"):
    return trader_application_submit(
        user=user,
        market=market,
        stall_number=stall_number,
        stall_name="Sayur Bu Tini",
        whatsapp="+6281234567890",
        categories=[CategoryFactory()],
    )


def stalls_numbered(market) -> list[str]:
    return sorted(Trader.objects.filter(market=market).values_list("stall_number", flat=True))


@pytest.mark.parametrize("number", ["A-01", "a-01", "A - 01", " a-01 "])
def test_a_coordinator_registering_an_active_stalls_number_is_told_at_once(market, group, sri, number):
    before = stalls_numbered(market)

    with pytest.raises(VendorError) as refused:
        register(group.coordinator.user, market, group=group, stall_number=number)

    assert (refused.value.code, refused.value.field, refused.value.message) == (
        "stall_taken",
        "stall_number",
        TAKEN,
    )
    assert stalls_numbered(market) == before
    assert not Application.objects.filter(applicant=None).exists()


def test_a_pending_application_holds_its_number_against_registration_and_application(market, staff):
    apply(UserFactory(), market, stall_number="B-12")

    for submit in (
        lambda: register(staff, market, stall_number="b-12"),
        lambda: apply(UserFactory(), market, "B - 12"),
    ):
        with pytest.raises(VendorError) as refused:
            submit()
        assert (refused.value.code, refused.value.field) == ("stall_taken", "stall_number")
    assert stalls_numbered(market) == ["B-12"]


def test_a_number_is_free_in_another_market_and_once_its_stall_is_rejected_or_suspended(market, staff, sri):
    other_market = MarketFactory(region=market.region)
    rejected = TraderFactory(market=market, stall_number="C-03", status="rejected")
    application_suspend(application_id=sri.application_id, actor=staff, reason="Izin habis")

    apply(UserFactory(), other_market, "A-01")
    register(staff, market, stall_number=rejected.stall_number)
    apply(UserFactory(), market, "A-01")

    assert stalls_numbered(market) == ["A-01", "A-01", "C-03", "C-03"]


def test_approval_still_refuses_a_number_taken_meanwhile(market, staff, sri):
    # Sri's stall is suspended, so the number is free; a new stall takes it; lifting the suspension is
    # then refused, as approval is.
    application_suspend(application_id=sri.application_id, actor=staff, reason="Izin habis")
    register(staff, market, stall_number="a -01")

    with pytest.raises(ReviewError) as refused:
        application_reinstate(application_id=sri.application_id, actor=staff, reason="Izin baru")

    assert refused.value.code == "stall_taken"
    sri.refresh_from_db()
    assert sri.status == "suspended"


# Pages


def test_the_registration_page_puts_the_message_on_the_stall_number(client, market, group, sri, sayur):
    client.force_login(group.coordinator.user)
    data = {
        "group": group.pk,
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "a-01",
        "whatsapp": "0813 9999 0001",
        "categories": [sayur.pk],
    }

    response = client.post(reverse("vendors:register_trader"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"stall_number": [TAKEN]}
    assert TAKEN in response.text
    assert stalls_numbered(market) == ["A-01", group.coordinator.stall_number]


def test_the_apply_page_puts_the_message_on_the_stall_number(client, market, sri, sayur):
    client.force_login(UserFactory())
    data = {
        "market": market.pk,
        "stall_number": "A-01",
        "stall_name": "Sayur Bu Tini",
        "whatsapp": "0812 3456 7890",
        "categories": [sayur.pk],
    }

    response = client.post(reverse("vendors:apply"), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"stall_number": [TAKEN]}
    assert stalls_numbered(market) == ["A-01"]


# API


def test_the_api_answers_a_taken_number_on_the_stall_number_field(client, market, staff, group, sri, sayur):
    common = {
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "a-01",
        "whatsapp": "0813 9999 0001",
        "categories": ["sayur"],
    }
    calls = [
        (staff, "/api/v1/staff/traders/", {**common, "market": market.slug}),
        (group.coordinator.user, "/api/v1/trader/members/", {**common, "group": group.pk}),
        (UserFactory(), "/api/v1/trader/applications/", {**common, "market": market.slug}),
    ]

    for user, url, body in calls:
        client.force_login(user)
        response = client.post(url, body, content_type="application/json")
        assert (response.status_code, response.json()) == (400, {"stall_number": [TAKEN]}), url
    assert stalls_numbered(market) == sorted(["A-01", group.coordinator.stall_number])
