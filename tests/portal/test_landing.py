import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.demo_data import DEMO_LOGINS, local_form
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
    "081200000001": ("portal:staff", ["Rahmat Hidayat", "Yuliani", "Kabupaten Batang"], ["Ni Wayan Sekar"]),
    "081200000002": ("portal:staff", ["Ni Wayan Sekar", "Kabupaten Karangasem"], ["Yuliani"]),
    "081200000011": ("portal:coordinator", ["Sayur Mbah Karsih", "Bumbu Pak Slamet"], ["Beras Rohmat"]),
    "081200000012": ("portal:coordinator", ["Beras Wayan Sudarma"], ["Sayur Bu Sri"]),
    "081200000021": (
        "portal:trader",
        ["Bumbu Pak Slamet", "Rp 60.000", "Cabai rawit merah"],
        ["Sayur Bu Sri"],
    ),
    "081200000031": ("portal:courier", ["G 4521 KB", "Kabupaten Batang"], []),
    "081200000033": ("portal:courier", ["DK 5123 FA", "Ojek Karangasem Bersatu"], []),
    "081200000041": ("portal:company", ["Ojek Karangasem Bersatu", "I Kadek Wira", "I Putu Gede Arta"], []),
    "081200000051": ("portal:shopper", ["Pasar Subagan", "Pasar Batang"], []),
}


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())


@pytest.mark.parametrize(
    "login", [row for row in DEMO_LOGINS if row["role"] != "admin"], ids=lambda r: r["name"]
)
def test_each_demo_login_lands_on_its_role_page_with_its_data(client, demo, login):
    typed = local_form(login["phone"])
    url_name, shown, hidden = EXPECTED[typed]

    response = client.post(
        reverse("account_login"), {"login": typed, "password": login["password"]}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(url_name)
    page = response.content.decode()
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


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


@pytest.mark.parametrize("url_name", ["staff", "coordinator", "trader", "courier", "company"])
def test_role_pages_refuse_users_without_the_role(client, url_name):
    client.force_login(UserFactory())
    assert client.get(reverse(f"portal:{url_name}")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("portal:trader"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_see_only_their_regions_pending_applications(client):
    staff = RegionStaffFactory()
    mine = CourierFactory(region=staff.region, status="pending", application__status="pending")
    other = CourierFactory(status="pending", application__status="pending")
    client.force_login(staff.user)

    page = client.get(reverse("portal:staff")).content.decode()

    assert mine.user.name in page
    assert other.user.name not in page


def test_trader_page_query_count_does_not_grow_with_products(client):
    product = ProductFactory()
    client.force_login(product.trader.user)

    def queries_for_trader_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:trader")).status_code == 200
        return len(queries)

    with_one = queries_for_trader_page()
    ProductFactory.create_batch(20, trader=product.trader)
    assert queries_for_trader_page() == with_one
