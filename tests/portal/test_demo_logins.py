"""Every demo login of seed_demo works through the real login page and lands on its role page."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from portal.demo_data import DEMO_LOGINS, demo_phone, local_form

pytestmark = pytest.mark.django_db

# The page each demo role lands on (a platform admin works in /admin/ and shops like everyone).
LANDING = {
    "staff": "portal:staff",
    "coordinator": "portal:coordinator",
    "trader": "portal:trader",
    "courier": "portal:courier",
    "company admin": "portal:company",
    "shopper": "portal:shopper",
    "platform admin": "portal:shopper",
    # An applicant shops until the trade office approves them.
    "trader applicant": "portal:shopper",
    "courier applicant": "portal:shopper",
}

# What each demo login sees on the page it lands on: (texts shown, texts never shown)
EXPECTED = {
    "081200000001": (
        ["Kabupaten Batang", "Rahmat Hidayat", "Kelontong Rahmat", "Yuliani", "Dedi Kurniawan", "G 6002 KD"],
        ["Ni Wayan Sekar", "Kabupaten Karangasem"],
    ),
    "081200000002": (
        ["Kabupaten Karangasem", "Ni Wayan Sekar", "Canang dan Bunga Sekar", "Pasar Subagan"],
        ["Yuliani", "Dedi Kurniawan"],
    ),
    "081200000011": (
        ["Kelompok 1 — Sayur dan bumbu", "Sayur Mbah Karsih", "Bumbu Pak Slamet", "Bumbu Dapur Bu Siti"],
        ["Beras Rohmat", "Beras Pak Darto"],
    ),
    "081200000012": (
        ["Kelompok Amlapura Barat", "Beras Wayan Sudarma", "Ikan Nyoman"],
        ["Sayur Bu Sri", "Sembako Arsana"],
    ),
    "081200000021": (
        [
            "Bumbu Pak Slamet",
            "A-02",
            "Pasar Batang",
            "Kelompok 1",
            "Sri Wahyuni",
            "https://wa.me/6281200000011",
        ]
        + ["Cabai rawit merah", "Rp 60.000 / kg", "12 kg", "Rp 2.500 / ons"],
        ["Sayur Bu Sri", "Beras medium"],
    ),
    "081200000031": (["Agus Prasetyo", "G 4521 KB", "Kabupaten Batang"], ["DK 5123 FA"]),
    "081200000033": (["I Kadek Wira", "DK 5123 FA", "Ojek Karangasem Bersatu"], []),
    "081200000041": (
        ["Ojek Karangasem Bersatu", "I Kadek Wira", "DK 5123 FA", "I Putu Gede Arta", "I Nyoman Suarta"],
        ["Agus Prasetyo"],
    ),
    "081200000051": (["Pasar Batang", "Pasar Limpung", "Pasar Subagan"], []),
    "081200000099": (["Pasar Amlapura Timur"], []),
    "081200000201": (["Yuliani", "Pasar Limpung"], []),
    "081200000202": (["Rahmat Hidayat", "Pasar Batang"], []),
    "081200000203": (["Ni Wayan Sekar", "Pasar Subagan"], []),
    "081200000035": (["Dedi Kurniawan", "Pasar Batang"], []),
    "081200000036": (["I Nyoman Suarta", "Pasar Subagan"], []),
}


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())


def log_in(client, login: str, password: str):
    """Through the real login page, as a person would."""
    return client.post(reverse("account_login"), {"login": login, "password": password}, follow=True)


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda row: row["name"])
def test_each_demo_login_lands_on_its_role_page_with_its_data(client, demo, login):
    typed = local_form(login["phone"])  # as a trader types it: 0812…
    shown, hidden = EXPECTED[typed]
    identifiers = [typed] + ([login["email"]] if login["email"] else [])

    for identifier in identifiers:
        response = log_in(client, identifier, login["password"])

        assert response.status_code == 200, identifier
        assert response.redirect_chain[-1][0] == reverse(LANDING[login["role"]]), identifier
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


@pytest.mark.parametrize(("phone_suffix", "url_name"), [(1, "staff"), (11, "coordinator"), (21, "trader")])
def test_role_pages_of_the_demo_data_take_few_queries(
    client, demo, phone_suffix, url_name, django_assert_max_num_queries
):
    """Session, user, the role check's one query, the page's own few, and the header's one (roles,
    unread count, cart and incoming-order counts)."""
    client.force_login(User.objects.get(phone=demo_phone(phone_suffix)))
    client.get(reverse(f"portal:{url_name}"))  # the first visit also stores the current role
    with django_assert_max_num_queries(13):
        assert client.get(reverse(f"portal:{url_name}")).status_code == 200
