"""The trade office's trader list (/saya/dinas/pedagang/ and staff/traders/): its regions' stalls, found
by name, phone or los number, filtered, a page at a time, suspended and reinstated from the list."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from market.models import Decision
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    ProductFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.models import Product, Trader
from vendors.selectors import trader_list_for_staff

pytestmark = pytest.mark.django_db

TRADERS = reverse("vendors:staff_traders")
API = "/api/v1/staff/traders/"
# The staff guard's check and the filter's markets: what the page asked apart before.
STAFF_SCOPE_QUERY = re.compile(
    r'SELECT (DISTINCT )?"market_(region|market)"\.|SELECT \S+ AS "a" FROM "market_regionstaff"'
)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def stalls_on(response) -> list:
    """The page's stalls (dicts of what the cards show) as stalls equal to those rows, with the product
    count and last update the page read."""
    stalls = []
    for row in response.context["page"].object_list:
        stall = Trader(pk=row["id"])
        stall.product_count, stall.last_update = row["product_count"], row["last_update"]
        stalls.append(stall)
    return stalls


def decide(client, stall, action, reason, back=""):
    url = reverse("vendors:staff_trader_decide", args=[stall.pk, action])
    return client.post(url, {"reason": reason, "back": back})


def test_the_list_shows_each_stall_with_its_trader_number_market_group_status_and_products(
    staff_client, market
):
    group = TraderGroupFactory(market=market, name="Kelompok Mawar")
    slamet = TraderFactory(
        market=market,
        group=group,
        owner_name="Slamet Riyadi",
        stall_name="Sayur Pak Slamet",
        stall_number="B-12",
        whatsapp="+6281399990021",
    )
    ProductFactory(trader=slamet)
    ProductFactory(trader=slamet)
    Product.objects.filter(trader=slamet).update(updated_at=datetime(2026, 11, 3, 1, 30, tzinfo=UTC))
    ProductFactory(trader=slamet, archived_at=datetime(2026, 11, 1, tzinfo=UTC))

    response = staff_client.get(TRADERS)

    assert response.status_code == 200
    text = response.text
    for shown in ("Slamet Riyadi", "Sayur Pak Slamet", "B-12", "Pasar Batang", "Kelompok Mawar", "Aktif"):
        assert shown in text
    assert "0813-9999-0021" in text
    listed = stalls_on(response)[0]
    assert (listed.product_count, listed.last_update.year) == (2, 2026)
    assert "2 produk" in text


def test_the_last_update_is_the_latest_product_change(staff, market):
    stall = TraderFactory(market=market)
    ProductFactory(trader=stall)
    Product.objects.filter(trader=stall).update(updated_at=datetime(2026, 11, 3, 1, 30, tzinfo=UTC))

    assert trader_list_for_staff(staff).get().last_update == datetime(2026, 11, 3, 1, 30, tzinfo=UTC)


def test_a_stall_without_products_counts_none_and_was_last_updated_when_registered(staff, market):
    stall = TraderFactory(market=market)
    ProductFactory(trader=TraderFactory(market=market))

    listed = trader_list_for_staff(staff).get(pk=stall.pk)

    assert (listed.product_count, listed.last_update) == (0, stall.created_at)


def test_only_the_page_of_stalls_reads_their_products(staff_client, market):
    for _ in range(3):
        ProductFactory(trader=TraderFactory(market=market))

    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(TRADERS)

    assert [stall.product_count for stall in stalls_on(response)] == [1, 1, 1]
    assert response.context["page"].paginator.count == 3
    # The count and the page's keys sort and count stalls alone; the page's 25 rows count their products.
    reading_products = [query["sql"] for query in queries if '"vendors_product"' in query["sql"]]
    assert len(reading_products) == 1
    assert '"vendors_trader"."id" IN' in reading_products[0]


@pytest.mark.parametrize(
    "typed",
    [
        "B-12",
        "b-12",
        "Slamet",
        "Sayur Pak",
        "0813-9999-0021",
        "0813 9999 0021",
        "6281399990021",
        "+6281399990021",
    ],
)
def test_search_finds_a_trader_by_los_number_name_or_phone_in_any_format(staff_client, market, typed):
    slamet = TraderFactory(
        market=market,
        owner_name="Slamet Riyadi",
        stall_name="Sayur Pak Slamet",
        stall_number="B-12",
        whatsapp="+6281399990021",
    )
    TraderFactory(market=market, owner_name="Sri Wahyuni", stall_number="A-01", whatsapp="+6281399990011")

    assert stalls_on(staff_client.get(TRADERS, {"q": typed})) == [slamet]
    assert [row["id"] for row in staff_client.get(API, {"search": typed}).json()["results"]] == [slamet.pk]


def test_staff_of_another_region_see_nothing_of_its_stalls(staff_client, market):
    elsewhere = TraderFactory(owner_name="Ni Komang", stall_number="B-03")

    assert stalls_on(staff_client.get(TRADERS, {"q": "B-03"})) == []
    assert "Ni Komang" not in staff_client.get(TRADERS).text
    assert staff_client.get(API, {"search": "Komang"}).json()["results"] == []
    assert decide(staff_client, elsewhere, "suspend", "Keluhan").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "active"


def test_filters_by_market_and_status_and_leave_rejected_applications_out_unless_asked(staff_client, market):
    other = MarketFactory(region=market.region, name="Pasar Limpung")
    here = TraderFactory(market=market)
    there = TraderFactory(market=other)
    suspended = TraderFactory(market=market, status="suspended", application__status="suspended")
    rejected = TraderFactory(market=market, status="rejected", application__status="rejected")

    assert set(stalls_on(staff_client.get(TRADERS))) == {here, there, suspended}
    assert stalls_on(staff_client.get(TRADERS, {"market": other.slug})) == [there]
    assert stalls_on(staff_client.get(TRADERS, {"status": "suspended"})) == [suspended]
    assert stalls_on(staff_client.get(TRADERS, {"status": "rejected"})) == [rejected]
    api = staff_client.get(API, {"market": other.slug, "status": "active"}).json()
    assert [row["id"] for row in api["results"]] == [there.pk]
    assert staff_client.get(API, {"status": "nonsense"}).status_code == 400
    assert staff_client.get(API, {"market": MarketFactory().slug}).status_code == 400


def test_the_list_comes_25_to_a_page_and_the_api_20(staff_client, market):
    stalls = [TraderFactory(market=market, stall_number=f"A-{n:02d}") for n in range(27)]

    first = staff_client.get(TRADERS, {"market": market.slug})
    second = staff_client.get(TRADERS, {"market": market.slug, "page": 2})
    api = staff_client.get(API).json()

    assert stalls_on(first) == stalls[:25]
    assert stalls_on(second) == stalls[25:]
    assert f"?market={market.slug}&amp;page=2" in first.text
    assert (api["count"], len(api["results"])) == (27, 20)
    assert "page=2" in api["next"]
    api_second = staff_client.get(API, {"page": 2}).json()
    assert [stall["id"] for stall in api["results"] + api_second["results"]] == [stall.pk for stall in stalls]
    assert (api_second["count"], api_second["next"]) == (27, None) and api_second["previous"].endswith(API)


def many_stalls(market, count: int) -> None:
    group = TraderGroupFactory(market=market)
    categories = [CategoryFactory(), CategoryFactory()]
    for _ in range(count):
        stall = TraderFactory(market=market, group=group)
        stall.categories.set(categories)
        ProductFactory(trader=stall)


@pytest.mark.parametrize("url", [TRADERS, API])
def test_the_list_costs_the_same_queries_for_2_and_20_stalls(staff_client, market, url):
    def queries_with(count: int) -> int:
        many_stalls(market, count)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(18)


def test_suspend_and_reinstate_from_the_list_through_the_review(staff_client, staff, market):
    stall = TraderFactory(market=market, stall_name="Sayur Pak Slamet")
    ProductFactory(trader=stall, name="Bayam hijau")

    suspended = decide(staff_client, stall, "suspend", "Timbangan tidak ditera", back="q=Slamet&page=1")

    assert suspended.status_code == 302
    assert suspended.url == f"{TRADERS}?q=Slamet&page=1"
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("suspended", "suspended")
    decision = Decision.objects.get(application=stall.application)
    assert (decision.action, decision.actor, decision.reason) == ("suspend", staff, "Timbangan tidak ditera")
    assert "Bayam hijau" not in staff_client.get(reverse("vendors:product_list"), {"q": "Bayam"}).text
    assert "Pulihkan" in staff_client.get(TRADERS).text

    reinstated = decide(staff_client, stall, "reinstate", "Sudah ditera")

    assert reinstated.url == TRADERS
    stall.refresh_from_db()
    assert stall.status == "active"


def test_a_suspension_without_a_reason_is_refused_with_the_message(staff_client, market):
    stall = TraderFactory(market=market)

    response = decide(staff_client, stall, "suspend", "  ")

    assert response.status_code == 302
    stall.refresh_from_db()
    assert stall.status == "active"
    assert Decision.objects.count() == 0
    assert "Tulis alasannya" in staff_client.get(response.url).text


def test_reinstating_an_active_stall_is_refused_and_changes_nothing(staff_client, market):
    stall = TraderFactory(market=market)

    decide(staff_client, stall, "reinstate", "Coba")

    stall.refresh_from_db()
    assert (stall.status, Decision.objects.count()) == ("active", 0)
    assert decide(staff_client, stall, "approve", "x").status_code == 404


@pytest.mark.parametrize("who", ["shopper", "trader"])
def test_non_staff_get_403_on_the_list_and_its_buttons(client, market, who):
    stall = TraderFactory(market=market)
    client.force_login(UserFactory() if who == "shopper" else stall.user)

    assert client.get(TRADERS).status_code == 403
    assert decide(client, stall, "suspend", "Keluhan").status_code == 403
    assert client.get(API, {"search": stall.stall_number}).status_code == 403
    stall.refresh_from_db()
    assert stall.status == "active"


def test_the_staff_page_and_the_staff_navigation_link_the_trader_list(client, staff):
    client.force_login(staff)

    page = client.get(reverse("portal:staff"))
    elsewhere = client.get(reverse("market:review_queue"))

    assert f'href="{TRADERS}"' in page.text
    assert TRADERS in [link["url"] for link in elsewhere.context["nav"]["links"]]
    assert f'href="{TRADERS}"' in elsewhere.text


def test_others_get_no_staff_links(client):
    client.force_login(RegionStaffFactory().user)
    client.get(reverse("portal:shopper"))

    assert client.get(reverse("portal:shopper")).context["nav"]["links"] == []


def cards_of(response) -> dict[str, str]:
    """Each card's HTML by the stall name it shows."""
    cards = re.findall(r'<li class="card">.*?</li>', response.text, re.S)
    return {re.search(r"<strong>[^<]* · ([^<]*)</strong>", card)[1]: card for card in cards}


def test_each_card_links_to_its_own_stall_and_posts_its_own_decision_back_to_the_same_list(
    staff_client, market
):
    active = TraderFactory(market=market, stall_name="Sayur Pak Slamet")
    suspended = TraderFactory(market=market, stall_name="Bumbu Mbah Karsih", status="suspended")
    pending = TraderFactory(market=market, stall_name="Ikan Bu Sri", status="pending")

    cards = cards_of(staff_client.get(TRADERS, {"market": market.slug}))

    review = "market:review_detail"
    decide_url = "vendors:staff_trader_decide"
    shown = cards["Sayur Pak Slamet"]
    assert f'href="{reverse(review, args=[active.application_id])}"' in shown
    assert f'href="{reverse("vendors:stall_detail", args=[active.pk])}"' in shown
    assert f'action="{reverse(decide_url, args=[active.pk, "suspend"])}"' in shown
    assert f'<label for="reason-{active.pk}">' in shown and f'id="reason-{active.pk}"' in shown
    assert f'name="back" value="market={market.slug}"' in shown
    assert ">Bekukan</button>" in shown
    shown = cards["Bumbu Mbah Karsih"]
    assert f'href="{reverse(review, args=[suspended.application_id])}"' in shown
    assert reverse("vendors:stall_detail", args=[suspended.pk]) not in shown
    assert f'action="{reverse(decide_url, args=[suspended.pk, "reinstate"])}"' in shown
    assert ">Pulihkan</button>" in shown
    shown = cards["Ikan Bu Sri"]
    assert f'href="{reverse(review, args=[pending.application_id])}"' in shown
    assert "<form" not in shown


def test_a_cards_form_carries_a_csrf_token_the_decision_accepts(client, staff, market):
    stall = TraderFactory(market=market, stall_name="Sayur Pak Slamet")
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)

    card = cards_of(client.get(TRADERS))["Sayur Pak Slamet"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card)[1]
    url = reverse("vendors:staff_trader_decide", args=[stall.pk, "suspend"])

    assert client.post(url, {"reason": "Timbangan tidak ditera"}).status_code == 403
    assert (
        client.post(url, {"reason": "Timbangan tidak ditera", "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    stall.refresh_from_db()
    assert stall.status == "suspended"


def test_a_card_tells_its_last_update_in_its_regions_time_in_the_readers_language(staff_client, staff):
    region = RegionStaffFactory(
        user=staff, region__name="Kabupaten Karangasem", region__timezone="Asia/Makassar"
    ).region
    stall = TraderFactory(market=MarketFactory(region=region), stall_name="Bumbu Bali", group=None)
    ProductFactory(trader=stall)
    Product.objects.filter(trader=stall).update(updated_at=datetime(2026, 12, 1, 16, 30, tzinfo=UTC))

    indonesian = cards_of(staff_client.get(TRADERS))["Bumbu Bali"]
    staff_client.cookies["django_language"] = "en"
    english = cards_of(staff_client.get(TRADERS))["Bumbu Bali"]

    assert "1 produk" in indonesian and "diperbarui 2 Des 2026 00.30 WITA" in indonesian
    assert "Belum ada kelompok" in indonesian
    assert "1 product" in english and "updated 2 Dec 2026 00.30 WITA" in english
    assert "No group" in english and "<strong>Active</strong>" in english


def test_the_guard_and_the_filters_markets_are_one_query(staff_client, market):
    MarketFactory(region=market.region, name="Pasar Limpung")
    MarketFactory(name="Pasar Lain")  # another region's
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(TRADERS)

    assert len([query for query in queries if STAFF_SCOPE_QUERY.match(query["sql"])]) == 1
    assert re.findall(r'<option value="([^"]*)"', response.text)[:3] == ["", "pasar-batang", "pasar-limpung"]
