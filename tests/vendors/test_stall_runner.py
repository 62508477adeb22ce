"""A stall nobody can run: registered by staff for a number with no account and in no group with a
coordinator, it stays out of the storefront until the number's owner signs up, verifies the number and
confirms the stall offered to them."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import user_verify_phone
from market.services import application_suspend
from notifications.models import Notification
from tests.factories import CategoryFactory, ProductFactory, TraderFactory, UserFactory
from vendors.errors import VendorError
from vendors.models import Product, StallClaim, Trader
from vendors.permissions import can_act_for
from vendors.selectors import product_list_public, stall_has_runner, stall_list_public
from vendors.services.registration import stall_claim_confirm, stall_claim_resend, trader_register

pytestmark = pytest.mark.django_db

NUMBER = "+6281399990001"
SIGNUP = reverse("account_signup")
VERIFY = reverse("account_verify_phone")
CLAIMS = reverse("vendors:claims")
PASSWORD = "Kangkung-segar-2026"


@pytest.fixture
def waiting_stall(market, staff):
    """Registered by staff with "no group" for a number nobody has signed up with, with a product."""
    stall = trader_register(
        actor=staff,
        market=market,
        owner_name="Mbah Karsih",
        stall_name="Bumbu Mbah Karsih",
        stall_number="C-07",
        whatsapp=NUMBER,
        categories=[CategoryFactory()],
    )
    ProductFactory(trader=stall, name="Kunyit segar")
    return stall


def storefront(client, stall) -> dict:
    """Where a shopper could come across the stall or its product: each place -> seen or not."""
    market_page = client.get(reverse("vendors:market_detail", args=[stall.market.slug])).text
    search = client.get(reverse("vendors:product_list"), {"q": "kunyit"}).text
    compare = client.get(reverse("vendors:product_list"), {"market": stall.market.slug, "sort": "price"}).text
    return {
        "market page": "Bumbu Mbah Karsih" in market_page or "Kunyit segar" in market_page,
        "stall page": client.get(reverse("vendors:stall_detail", args=[stall.pk])).status_code == 200,
        "search": "Kunyit segar" in search,
        "compare": "Kunyit segar" in compare,
        "stalls API": stall.pk in [row["id"] for row in client.get("/api/v1/stalls/").json()["results"]],
        "stall API": client.get(f"/api/v1/stalls/{stall.pk}/").status_code == 200,
        "catalogue API": "Kunyit segar"
        in [row["name"] for row in client.get("/api/v1/products/").json()["results"]],
    }


def sign_up_and_verify(client, whatsapp_codes, phone="0813 9999 0001"):
    client.post(
        SIGNUP, {"name": "Karsih", "phone": phone, "email": "", "password1": PASSWORD, "password2": PASSWORD}
    )
    client.post(VERIFY, {"code": whatsapp_codes(NUMBER)})
    return client.session.get("_auth_user_id")


def test_a_stall_nobody_can_run_is_active_but_out_of_the_storefront(client, waiting_stall):
    assert waiting_stall.status == "active" and waiting_stall.user is None
    assert not stall_has_runner(waiting_stall) and not waiting_stall.has_runner
    assert waiting_stall not in Trader.objects.runnable()
    assert waiting_stall not in stall_list_public()
    assert not product_list_public().filter(trader=waiting_stall).exists()
    # What orders will sell from: nothing of this stall.
    assert not Product.objects.on_sale().filter(trader=waiting_stall).exists()
    assert storefront(client, waiting_stall) == dict.fromkeys(storefront(client, waiting_stall), False)


def test_signing_up_with_the_number_offers_the_stall_and_confirming_opens_it(
    client, waiting_stall, whatsapp_codes
):
    user_id = sign_up_and_verify(client, whatsapp_codes)

    assert user_id is not None
    owner = User.objects.get(pk=user_id)
    claim = StallClaim.objects.get(trader=waiting_stall)
    assert (claim.user, claim.needs_code, claim.confirmed_at) == (owner, False, None)
    notice = Notification.objects.get(user=owner, event="stall.link_offered", channel="inapp")
    assert notice.params == {"stall": "Bumbu Mbah Karsih", "market": "Pasar Batang"}
    # Where he lands, and the links page, offer the stall; it is not his, nor public, before he confirms.
    assert "Ada lapak yang menunggu Anda" in client.get(reverse("portal:shopper")).text
    assert "Ya, ini lapak saya" in client.get(CLAIMS).text
    waiting_stall.refresh_from_db()
    assert waiting_stall.user is None and not any(storefront(client, waiting_stall).values())

    response = client.post(reverse("vendors:claim_confirm", args=[claim.pk]), follow=True)

    assert "sekarang ada di akun Karsih" in response.text
    waiting_stall.refresh_from_db()
    assert waiting_stall.user == owner and can_act_for(owner, waiting_stall)
    assert waiting_stall.application.applicant == owner
    assert all(storefront(client, waiting_stall).values())


def test_only_the_numbers_owner_confirms_an_offered_link_and_no_code_is_sent_for_it(
    client, staff, waiting_stall, whatsapp_codes
):
    sign_up_and_verify(client, whatsapp_codes)
    claim = StallClaim.objects.get(trader=waiting_stall)

    for refuse, code in ((stall_claim_confirm, "owner_only"), (stall_claim_resend, "no_code")):
        with pytest.raises(VendorError) as refused:
            refuse(actor=staff, claim_id=claim.pk)
        assert refused.value.code == code
    waiting_stall.refresh_from_db()
    assert waiting_stall.user is None


def test_the_owner_confirms_an_offered_link_in_the_api_without_a_code(client, waiting_stall, whatsapp_codes):
    sign_up_and_verify(client, whatsapp_codes)
    listed = client.get("/api/v1/trader/stall-claims/").json()["results"]

    response = client.post(f"/api/v1/trader/stall-claims/{listed[0]['id']}/confirm/", {})

    assert (listed[0]["needs_code"], listed[0]["stall"]["waiting_for_trader"]) == (False, True)
    assert response.status_code == 200
    assert (response.json()["has_account"], response.json()["waiting_for_trader"]) == (True, False)


def test_an_owner_who_already_has_a_stall_in_the_market_is_not_offered_another(market, waiting_stall):
    owner = UserFactory(phone=NUMBER, phone_verified=False)
    TraderFactory(market=market, user=owner)

    user_verify_phone(user=owner, phone=NUMBER)

    assert not StallClaim.objects.filter(trader=waiting_stall).exists()


def test_a_group_with_an_active_coordinator_makes_a_stall_public_without_an_account(
    client, market, group, waiting_stall, staff
):
    Trader.objects.filter(pk=waiting_stall.pk).update(group=group)

    assert waiting_stall in stall_list_public(market=market)
    assert all(storefront(client, waiting_stall).values())

    application_suspend(application_id=group.coordinator.application_id, actor=staff, reason="Izin habis")

    assert waiting_stall not in stall_list_public(market=market)


def test_staff_see_the_stall_as_waiting_for_its_trader(client, staff, waiting_stall):
    client.force_login(staff)

    page = client.get(reverse("portal:staff")).text
    listed = client.get("/api/v1/staff/traders/").json()["results"]

    assert "Bumbu Mbah Karsih" in page and "Menunggu pedagangnya" in page
    assert [row["waiting_for_trader"] for row in listed if row["id"] == waiting_stall.pk] == [True]


def test_staff_registering_a_new_number_are_told_the_stall_waits(client, market, staff):
    client.force_login(staff)
    data = {
        "market": market.pk,
        "owner_name": "Mbah Karsih",
        "stall_name": "Bumbu Mbah Karsih",
        "stall_number": "C-07",
        "whatsapp": "0813 9999 0001",
        "categories": [CategoryFactory().pk],
    }

    response = client.post(reverse("vendors:register_trader"), data, follow=True)

    assert "Lapak ini menunggu pedagangnya" in response.text
    assert response.redirect_chain[-1][0] == reverse("portal:staff")


def test_notifications_about_a_stall_nobody_runs_go_to_its_number(staff, waiting_stall):
    Notification.objects.all().delete()

    application_suspend(application_id=waiting_stall.application_id, actor=staff, reason="Los kosong")

    assert list(Notification.objects.values_list("user", "phone", "event")) == [
        (None, NUMBER, "application.suspended")
    ]
