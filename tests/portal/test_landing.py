"""The landing redirect, the role pages, their permissions and the role navigation."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from market.models import ProfileStatus
from tests.factories import (
    ApplicationFactory,
    CourierCompanyFactory,
    CourierFactory,
    MarketFactory,
    ProductFactory,
    RegionStaffFactory,
    TraderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLE_PAGES = ["staff", "coordinator", "trader", "courier", "company", "shopper"]

# Each person's roles, in the order the navigation lists them; the first is where they land.
ROLES_OF = {
    "staff": ["staff", "shopper"],
    "coordinator": ["coordinator", "trader", "shopper"],
    "trader": ["trader", "shopper"],
    "courier": ["courier", "shopper"],
    "company_admin": ["company", "shopper"],
    "shopper": ["shopper"],
}


def get_page(client, user, role: str):
    client.force_login(user)
    return client.get(reverse(f"portal:{role}"))


def fragment(page: str, start: str, end: str) -> str:
    """The part of the page from `start` to the next `end`: one card or table row."""
    return page[page.index(start) :].split(end)[0]


@pytest.mark.parametrize("person", ROLES_OF)
@pytest.mark.parametrize("role", ROLE_PAGES)
def test_a_role_page_opens_only_for_people_holding_the_role(client, people, person, role):
    expected = 200 if role in ROLES_OF[person] else 403
    assert get_page(client, getattr(people, person), role).status_code == expected


@pytest.mark.parametrize("person", ROLES_OF)
def test_each_person_lands_on_their_main_role_and_the_navigation_lists_exactly_their_roles(
    client, people, person
):
    client.force_login(getattr(people, person))

    response = client.get(reverse("portal:landing"), follow=True)

    assert response.redirect_chain == [(reverse(f"portal:{ROLES_OF[person][0]}"), 302)]
    nav = response.context["nav"]
    assert [role["key"] for role in nav["roles"]] == ROLES_OF[person]
    assert [role["url"] for role in nav["roles"]] == [reverse(f"portal:{key}") for key in ROLES_OF[person]]
    assert nav["current"] == ROLES_OF[person][0]
    for role in nav["roles"]:
        assert f'href="{role["url"]}"' in response.content.decode()


def test_the_landing_follows_the_role_the_user_switched_to(client, people):
    client.force_login(people.coordinator)
    assert client.get(reverse("portal:landing")).url == reverse("portal:coordinator")

    client.get(reverse("portal:trader"))
    assert client.get(reverse("portal:landing")).url == reverse("portal:trader")
    client.get(reverse("portal:shopper"))
    assert client.get(reverse("portal:landing")).url == reverse("portal:shopper")
    client.get(reverse("portal:coordinator"))
    assert client.get(reverse("portal:landing")).url == reverse("portal:coordinator")


def test_a_refused_role_page_is_not_remembered(client, people):
    client.force_login(people.trader)
    client.get(reverse("portal:trader"))

    assert client.get(reverse("portal:staff")).status_code == 403
    assert client.get(reverse("portal:landing")).url == reverse("portal:trader")


def test_a_remembered_role_the_user_lost_is_forgotten(client, people):
    client.force_login(people.trader)
    client.get(reverse("portal:trader"))

    people.trader_stall.status = "rejected"
    people.trader_stall.save()

    assert client.get(reverse("portal:landing")).url == reverse("portal:shopper")
    assert client.get(reverse("portal:trader")).status_code == 403


@pytest.mark.parametrize("url_name", ["landing", *ROLE_PAGES])
def test_anonymous_visitors_are_sent_to_log_in(client, url_name):
    response = client.get(reverse(f"portal:{url_name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- What each role page shows ------------------------------------------------


def test_staff_see_their_regions_pending_applications_in_the_regions_time_zone(client, people):
    RegionStaffFactory(user=people.staff, region=people.karangasem)
    submitted = datetime.datetime(2026, 11, 20, 1, 30, tzinfo=datetime.UTC)
    pending = TraderFactory(
        market=MarketFactory(region=people.karangasem, name="Pasar Subagan"),
        stall_name="Canang Sekar",
        stall_number="S-07",
        status="pending",
        application__status="pending",
        application__created_at=submitted,
    )
    courier = CourierFactory(
        region=people.batang, status="pending", application__status="pending", plate_number="G 6002 KD"
    )

    response = get_page(client, people.staff, "staff")

    page = response.content.decode()
    assert "Kabupaten Batang" in page and "Kabupaten Karangasem" in page
    assert response.context["pending_counts"] == {"trader": 1, "courier": 1}
    assert pending.user.name in page and "Canang Sekar" in page and "S-07" in page
    assert "09.30 WITA" in page  # 01.30 UTC in Asia/Makassar
    assert courier.user.name in page and "G 6002 KD" in page


def test_staff_never_see_another_regions_applications(client, people):
    mine = CourierFactory(region=people.batang, status="pending", application__status="pending")
    other = CourierFactory(region=people.karangasem, status="pending", application__status="pending")
    decided = ApplicationFactory(region=people.batang, status="approved")

    response = get_page(client, people.staff, "staff")

    page = response.content.decode()
    assert mine.user.name in page
    assert other.user.name not in page and other.plate_number not in page
    assert decided not in response.context["pending"]
    assert response.context["pending_counts"] == {"courier": 1}


def test_the_coordinator_sees_their_groups_members_with_stall_status_and_product_count(client, people):
    people.trader_stall.status = "suspended"
    people.trader_stall.save()
    ProductFactory(trader=people.trader_stall, archived_at=timezone.now())
    no_phone = TraderFactory(
        market=people.market,
        group=people.group,
        user=None,
        owner_name="Karsih",
        stall_number="A-03",
        application__submitted_by=people.coordinator,
    )
    ProductFactory.create_batch(2, trader=no_phone)
    outsider = TraderFactory(market=people.market, stall_name="Beras Rohmat")

    response = get_page(client, people.coordinator, "coordinator")

    page = response.content.decode()
    assert "Kelompok Sayur" in page and "Pasar Batang" in page
    counts = {member.stall_number: member.product_count for member in response.context["members"]}
    assert counts == {"A-01": 0, "A-02": 1, "A-03": 2}
    with translation.override("id"):
        assert str(ProfileStatus.SUSPENDED.label) in fragment(page, "A-02", "</li>")
    assert "Karsih" in page
    assert outsider.stall_name not in page


def test_a_suspended_coordinator_coordinates_nothing(client, people):
    people.coordinator_stall.status = "suspended"
    people.coordinator_stall.save()

    assert get_page(client, people.coordinator, "coordinator").status_code == 403
    response = client.get(reverse("portal:landing"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:trader")
    assert [role["key"] for role in response.context["nav"]["roles"]] == ["trader", "shopper"]


def test_the_trader_sees_their_stall_group_coordinator_and_products(client, people):
    ProductFactory(trader=people.trader_stall, name="Jahe", unit="ons", price=2500, stock=Decimal("40"))
    ProductFactory(trader=people.trader_stall, name="Bawang putih", available=False, stock=Decimal("2.5"))
    ProductFactory(trader=people.trader_stall, name="Kemiri lama", archived_at=timezone.now())

    page = get_page(client, people.trader, "trader").content.decode()

    for text in [
        "Bumbu Pak Slamet",
        "Pasar Batang",
        "A-02",
        "Kelompok Sayur",
        people.coordinator_stall.owner_name,
    ]:
        assert text in page, text
    assert f"https://wa.me/{people.coordinator_stall.whatsapp.as_e164.lstrip('+')}" in page
    assert "Rp 60.000 / kg" in fragment(page, "Cabai rawit merah", "</tr>")
    jahe = fragment(page, "Jahe", "</tr>")
    assert "Rp 2.500 / ons" in jahe and "40 ons" in jahe and "disembunyikan" not in jahe
    hidden = fragment(page, "Bawang putih", "</tr>")
    assert "disembunyikan" in hidden and "2,5 kg" in hidden  # hidden, stock with a decimal comma
    assert "Kemiri lama" not in page


def test_a_trader_with_stalls_in_two_markets_sees_both_and_a_suspended_one_says_so(client, people):
    other = TraderFactory(
        user=people.trader,
        market=MarketFactory(region=people.batang, name="Pasar Limpung"),
        status="suspended",
    )

    response = get_page(client, people.trader, "trader")

    page = response.content.decode()
    assert [stall for stall, _products in response.context["stalls"]] == [people.trader_stall, other]
    assert "Pasar Limpung" in page
    assert page.count('class="message message-warning"') == 1


def test_the_courier_sees_their_profile_and_status(client, people):
    courier = CourierFactory(
        region=people.karangasem, company=people.company, plate_number="DK 5123 FA", is_online=True
    )

    response = get_page(client, courier.user, "courier")

    page = response.content.decode()
    assert response.context["courier"] == courier
    for text in [
        "Kabupaten Karangasem",
        "Ojek Karangasem Bersatu",
        "DK 5123 FA",
        courier.get_vehicle_display(),
    ]:
        assert text in page, text
    assert "<mark>" in page  # online


def test_the_company_admin_sees_their_couriers_and_a_suspension(client, people):
    theirs = CourierFactory(region=people.karangasem, company=people.company, plate_number="DK 2871 FB")
    pending = CourierFactory(
        region=people.karangasem, company=people.company, status="pending", application__status="pending"
    )
    other = CourierFactory(company=CourierCompanyFactory(region=people.karangasem))

    page = get_page(client, people.company_admin, "company").content.decode()
    assert "Ojek Karangasem Bersatu" in page
    assert theirs.user.name in page and "DK 2871 FB" in page and pending.user.name in page
    assert other.user.name not in page
    assert "message-warning" not in page

    people.company.status = "suspended"
    people.company.save()
    assert "message-warning" in get_page(client, people.company_admin, "company").content.decode()


def test_the_shopper_sees_the_open_markets(client, people):
    MarketFactory(region=people.karangasem, name="Pasar Subagan")
    MarketFactory(region=people.batang, name="Pasar Tutup", is_active=False)

    page = get_page(client, people.shopper, "shopper").content.decode()

    assert "Pasar Batang" in page and "Pasar Subagan" in page
    assert "Pasar Tutup" not in page
    assert reverse("vendors:market_detail", args=[people.market.slug]) in page


# --- Queries -------------------------------------------------------------------


def _more_products(people, count):
    ProductFactory.create_batch(count, trader=people.trader_stall)
    ProductFactory.create_batch(count, trader=people.trader_stall, available=False)


def _more_members(people, count):
    for member in TraderFactory.create_batch(count, market=people.market, group=people.group):
        ProductFactory(trader=member)


def _more_applications(people, count):
    market = people.market
    TraderFactory.create_batch(count, market=market, status="pending", application__status="pending")
    CourierFactory.create_batch(count, region=people.batang, status="pending", application__status="pending")
    for _ in range(count):
        application = ApplicationFactory(region=people.batang, kind="company")
        CourierCompanyFactory(region=people.batang, status="pending", application=application)


def _more_couriers(people, count):
    CourierFactory.create_batch(count, region=people.karangasem, company=people.company, is_online=True)


def _more_markets(people, count):
    for market in MarketFactory.create_batch(count, region=people.karangasem):
        TraderFactory(market=market)


@pytest.mark.parametrize(
    ("person", "role", "grow"),
    [
        ("trader", "trader", _more_products),
        ("coordinator", "coordinator", _more_members),
        ("staff", "staff", _more_applications),
        ("company_admin", "company", _more_couriers),
        ("shopper", "shopper", _more_markets),
    ],
)
def test_a_role_pages_queries_do_not_grow_with_its_data(
    client, people, person, role, grow, django_assert_max_num_queries
):
    client.force_login(getattr(people, person))
    url = reverse(f"portal:{role}")
    client.get(url)  # the first visit also stores the current role in the session
    with CaptureQueriesContext(connection) as before:
        client.get(url)

    grow(people, 5)

    with django_assert_max_num_queries(len(before)):
        response = client.get(url)
    assert response.status_code == 200


def test_a_user_without_roles_still_shops(client):
    response = get_page(client, UserFactory(), "shopper")
    assert response.status_code == 200
    assert [role["key"] for role in response.context["nav"]["roles"]] == ["shopper"]
