"""The assisted registration pages, as staff and coordinators use them."""

import pytest
from django.urls import reverse

from market.models import Application
from tests.factories import (
    CategoryFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.models import StallClaim, Trader

pytestmark = pytest.mark.django_db

REGISTER = reverse("vendors:register_trader")


@pytest.fixture
def sayur():
    return CategoryFactory(name="Sayur")


def form_data(category, **changes):
    return {
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "C-07",
        "whatsapp": "0813 9999 0001",
        "categories": [category.pk],
        **changes,
    }


def test_staff_register_a_trader_whose_stall_opens_at_once(client, market, group, sayur):
    staff = RegionStaffFactory(region=market.region).user
    client.force_login(staff)

    response = client.post(REGISTER, form_data(sayur, market=market.pk, group=group.pk), follow=True)

    stall = Trader.objects.get(stall_number="C-07")
    assert (stall.status, stall.user, stall.group) == ("active", None, group)
    assert str(stall.whatsapp) == "+6281399990001"
    assert "Pedagang didaftarkan dan disetujui" in response.content.decode()
    market_page = client.get(reverse("vendors:market_detail", args=[market.slug])).content.decode()
    assert "Bumbu Mbah Karsih" in market_page


def test_a_coordinator_registers_a_member_who_waits_for_review(client, market, group, sayur):
    client.force_login(group.coordinator.user)

    page = client.get(REGISTER).content.decode()
    response = client.post(REGISTER, form_data(sayur, group=group.pk), follow=True)

    assert 'name="market"' not in page
    stall = Trader.objects.get(stall_number="C-07")
    assert (stall.status, stall.market, stall.group) == ("pending", market, group)
    assert "Dinas akan memeriksa lapak ini" in response.content.decode()


def test_bad_input_shows_messages_and_registers_nothing(client, market, sayur):
    client.force_login(RegionStaffFactory(region=market.region).user)

    response = client.post(REGISTER, form_data(sayur, market=market.pk, whatsapp="12345", stall_name=""))

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"whatsapp", "stall_name"}
    assert not Application.objects.exists()


def test_a_coordinator_cannot_pick_another_groups_id(client, market, group, sayur):
    other = TraderGroupFactory(market=market)
    client.force_login(group.coordinator.user)

    response = client.post(REGISTER, form_data(sayur, group=other.pk))

    assert "group" in response.context["form"].errors
    assert not Trader.objects.filter(stall_number="C-07").exists()


@pytest.mark.parametrize("who", ["shopper", "trader"])
def test_shoppers_and_plain_traders_may_not_register(client, market, who):
    user = UserFactory() if who == "shopper" else TraderFactory(market=market).user
    client.force_login(user)

    assert client.get(REGISTER).status_code == 403


def test_the_code_links_the_account_from_the_page(
    client, market, sayur, whatsapp_codes, django_capture_on_commit_callbacks
):
    owner = UserFactory(phone="+6281399990001")
    client.force_login(RegionStaffFactory(region=market.region).user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, form_data(sayur, market=market.pk))
    claim = StallClaim.objects.get()
    assert response.url == reverse("vendors:claim_confirm", args=[claim.pk])

    wrong = client.post(response.url, {"code": "12345x"})
    assert "code" in wrong.context["form"].errors
    client.post(response.url, {"code": whatsapp_codes("+6281399990001")})

    assert Trader.objects.get(pk=claim.trader_id).user == owner


def test_someone_else_gets_404_for_a_link(client, market, sayur):
    UserFactory(phone="+6281399990001")
    client.force_login(RegionStaffFactory(region=market.region).user)
    client.post(REGISTER, form_data(sayur, market=market.pk))
    claim = StallClaim.objects.get()

    client.force_login(RegionStaffFactory().user)

    assert client.get(reverse("vendors:claim_confirm", args=[claim.pk])).status_code == 404
    assert client.post(reverse("vendors:claim_resend", args=[claim.pk])).status_code == 404
