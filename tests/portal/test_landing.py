import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from portal.demo_data import DEMO_LOGINS, demo_phone, local_form
from tests.factories import (
    CourierFactory,
    ProductFactory,
    RegionStaffFactory,
    TraderGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# What each demo login sees on the page they land on: (landing url name, texts shown, texts never shown)
EXPECTED = {
    "081200000001": (
        "portal:staff",
        ["Kabupaten Batang", "Rahmat Hidayat", "Kelontong Rahmat", "Yuliani", "Dedi Kurniawan", "G 6002 KD"],
        ["Ni Wayan Sekar", "Kabupaten Karangasem"],
    ),
    "081200000002": (
        "portal:staff",
        ["Kabupaten Karangasem", "Ni Wayan Sekar", "Canang dan Bunga Sekar", "Pasar Subagan"],
        ["Yuliani", "Dedi Kurniawan"],
    ),
    "081200000011": (
        "portal:coordinator",
        ["Kelompok 1 — Sayur dan bumbu", "Sayur Mbah Karsih", "Bumbu Pak Slamet", "Bumbu Dapur Bu Siti"],
        ["Beras Rohmat", "Beras Pak Darto"],
    ),
    "081200000012": (
        "portal:coordinator",
        ["Kelompok Amlapura Barat", "Beras Wayan Sudarma", "Ikan Nyoman"],
        ["Sayur Bu Sri", "Sembako Arsana"],
    ),
    "081200000021": (
        "portal:trader",
        ["Bumbu Pak Slamet", "A-02", "Pasar Batang", "Kelompok 1", "Sri Wahyuni"]
        + ["Cabai rawit merah", "Rp 60.000 / kg", "12 kg", "Rp 2.500 / ons"],
        ["Sayur Bu Sri", "Beras medium"],
    ),
    "081200000031": ("portal:courier", ["Agus Prasetyo", "G 4521 KB", "Kabupaten Batang"], ["DK 5123 FA"]),
    "081200000033": ("portal:courier", ["I Kadek Wira", "DK 5123 FA", "Ojek Karangasem Bersatu"], []),
    "081200000041": (
        "portal:company",
        ["Ojek Karangasem Bersatu", "I Kadek Wira", "DK 5123 FA", "I Putu Gede Arta"],
        ["Agus Prasetyo"],
    ),
    "081200000051": ("portal:shopper", ["Pasar Batang", "Pasar Limpung", "Pasar Subagan"], []),
    "081200000099": ("portal:shopper", ["Pasar Amlapura Timur"], []),
}


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())


def log_in(client, login: str, password: str):
    """Through the real login page, as a person would."""
    return client.post(reverse("account_login"), {"login": login, "password": password}, follow=True)


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda row: row["name"])
def test_each_demo_login_lands_on_its_role_page_with_its_data(client, demo, login):
    typed = local_form(login["phone"])
    url_name, shown, hidden = EXPECTED[typed]
    identifiers = [typed] + ([login["email"]] if login["email"] else [])

    for identifier in identifiers:
        response = log_in(client, identifier, login["password"])

        assert response.redirect_chain[-1][0] == reverse(url_name), identifier
        page = response.content.decode()
        for text in shown:
            assert text in page, text
        for text in hidden:
            assert text not in page, text
        client.logout()


def test_staff_see_their_regions_pending_applications_counted_by_kind(client, demo):
    client.force_login(User.objects.get(phone=demo_phone(1)))

    response = client.get(reverse("portal:staff"))

    assert response.context["pending_counts"] == {"trader": 2, "courier": 1}
    assert {application.region.name for application in response.context["pending"]} == {"Kabupaten Batang"}


def test_coordinator_sees_each_members_product_count(client, demo):
    client.force_login(User.objects.get(phone=demo_phone(11)))

    members = client.get(reverse("portal:coordinator")).context["members"]

    counts = {member.stall_name: member.product_count for member in members}
    assert counts == {
        "Sayur Bu Sri": 6,
        "Bumbu Pak Slamet": 5,
        "Sayur Mbah Karsih": 6,
        "Bumbu Dapur Bu Siti": 5,
    }


def test_a_coordinator_switches_to_their_trader_role_and_back_through_the_navigation(client, demo):
    response = log_in(client, local_form(demo_phone(11)), "pasar-demo-2026")
    nav = response.context["nav"]
    assert [role["key"] for role in nav["roles"]] == ["coordinator", "trader", "shopper"]
    assert nav["current"] == "coordinator"

    trader_link = next(role["url"] for role in nav["roles"] if role["key"] == "trader")
    response = client.get(trader_link)
    assert "Sayur Bu Sri" in response.content.decode()
    assert response.context["nav"]["current"] == "trader"
    assert client.get(reverse("portal:landing")).url == reverse("portal:trader")

    client.get(reverse("portal:coordinator"))
    assert client.get(reverse("portal:landing")).url == reverse("portal:coordinator")


def test_navigation_lists_exactly_the_users_roles_and_switching_is_remembered(client):
    product = ProductFactory()
    TraderGroupFactory(market=product.trader.market, coordinator=product.trader)
    user = product.trader.user
    client.force_login(user)

    landing = client.get(reverse("portal:landing"))
    assert landing.url == reverse("portal:coordinator")
    nav = client.get(landing.url).context["nav"]
    assert [role["key"] for role in nav["roles"]] == ["coordinator", "trader", "shopper"]

    client.get(reverse("portal:trader"))
    assert client.get(reverse("portal:landing")).url == reverse("portal:trader")


def test_a_remembered_role_the_user_lost_is_forgotten(client):
    product = ProductFactory()
    client.force_login(product.trader.user)
    client.get(reverse("portal:trader"))

    product.trader.status = "rejected"
    product.trader.save()

    assert client.get(reverse("portal:landing")).url == reverse("portal:shopper")
    assert client.get(reverse("portal:trader")).status_code == 403


@pytest.mark.parametrize("url_name", ["staff", "coordinator", "trader", "courier", "company"])
def test_role_pages_refuse_users_without_the_role(client, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(f"portal:{url_name}")).status_code == 403


def test_every_signed_in_user_lands_on_the_shopper_page_at_least(client):
    client.force_login(UserFactory())
    assert client.get(reverse("portal:landing")).url == reverse("portal:shopper")
    assert client.get(reverse("portal:shopper")).status_code == 200


@pytest.mark.parametrize("url_name", ["landing", "staff", "trader", "shopper"])
def test_anonymous_visitors_are_sent_to_log_in(client, url_name):
    response = client.get(reverse(f"portal:{url_name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_see_only_their_regions_pending_applications(client):
    staff = RegionStaffFactory()
    mine = CourierFactory(region=staff.region, status="pending", application__status="pending")
    other = CourierFactory(status="pending", application__status="pending")
    client.force_login(staff.user)

    page = client.get(reverse("portal:staff")).content.decode()

    assert mine.user.name in page
    assert mine.plate_number in page
    assert other.user.name not in page


@pytest.mark.parametrize(("phone_suffix", "url_name"), [(1, "staff"), (11, "coordinator"), (21, "trader")])
def test_role_pages_query_count_stays_small(client, demo, phone_suffix, url_name):
    """Session, user, one query per role, the page's own few, the header's unread count."""
    client.force_login(User.objects.get(phone=demo_phone(phone_suffix)))
    client.get(reverse(f"portal:{url_name}"))  # the first visit also stores the current role
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"portal:{url_name}")).status_code == 200
    assert len(queries) <= 12, [query["sql"] for query in queries]


def test_trader_page_query_count_does_not_grow_with_products(client):
    product = ProductFactory()
    client.force_login(product.trader.user)
    client.get(reverse("portal:trader"))  # the first visit also stores the current role

    def queries_for_trader_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:trader")).status_code == 200
        return len(queries)

    with_one = queries_for_trader_page()
    ProductFactory.create_batch(20, trader=product.trader)
    assert queries_for_trader_page() == with_one
