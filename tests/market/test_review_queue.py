"""The review queue names people: who applies (or was registered) for which stall, found by name, phone
or los number, filtered and a page at a time, on the pages and in the API."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from market.models import Application, ApplicationKind
from market.registry import ApplicationSummary, Fact, application_summaries, register_application_kind
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    CourierFactory,
    MarketFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.selectors import (
    trader_application_in_market,
    trader_application_search,
    trader_application_summaries,
)

# The staff guard's check and the filters' regions and markets, as the page asked them apart before.
pytestmark = pytest.mark.django_db

# The staff guard's check, the filters' regions and their markets: what the page asked apart before.
STAFF_SCOPE_QUERY = re.compile(
    r'SELECT (DISTINCT )?"market_(region|market)"\.|SELECT \S+ AS "a" FROM "market_regionstaff"'
)

QUEUE = reverse("market:review_queue")
API = "/api/v1/staff/applications/"


@pytest.fixture
def batang():
    return MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")


@pytest.fixture
def amlapura():
    region = RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")
    return MarketFactory(region=region, name="Pasar Amlapura Barat")


@pytest.fixture
def staff(batang):
    return RegionStaffFactory(region=batang.region, user__name="Retno Wulandari").user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def pending_stall(market, **fields):
    return TraderFactory(market=market, status="pending", application__status="pending", **fields)


def registered_stall(market, **fields):
    """A member registered by the group's coordinator: no account, waiting for review."""
    group = TraderGroupFactory(market=market)
    group.coordinator = TraderFactory(market=market, group=group, user__name="Sri Wahyuni")
    group.save()
    return TraderFactory(
        market=market,
        group=group,
        user=None,
        status="pending",
        application__status="pending",
        application__applicant=None,
        application__submitted_by=group.coordinator.user,
        **fields,
    )


def pending_courier(market, **fields):
    return CourierFactory(region=market.region, status="pending", application__status="pending", **fields)


def ids(response) -> list[int]:
    return [application.pk for application in response.context["applications"]]


def test_the_queue_names_the_registered_trader_the_stall_its_number_market_and_goods(staff_client, batang):
    stall = registered_stall(
        batang, owner_name="Mbah Karsih", stall_name="Bumbu Mbah Karsih", stall_number="C-07"
    )
    stall.categories.set([CategoryFactory(name="Bumbu dapur")])
    courier = pending_courier(batang, user__name="Agus Prasetyo", plate_number="G 4321 XY")

    text = staff_client.get(QUEUE).text

    for shown in ("Mbah Karsih", "Bumbu Mbah Karsih", "C-07", "Pasar Batang", "Bumbu dapur", "Sri Wahyuni"):
        assert shown in text
    assert f"No. {stall.application_id} · Mbah Karsih" in text
    assert "Agus Prasetyo" in text and "G 4321 XY" in text
    assert reverse("market:review_detail", args=[courier.application_id]) in text


def test_the_detail_shows_the_summary_of_a_registration_and_of_a_courier(staff_client, batang):
    stall = registered_stall(batang, owner_name="Mbah Karsih", stall_number="C-07")
    courier = pending_courier(batang, user__name="Agus Prasetyo", plate_number="G 4321 XY")

    registration = staff_client.get(reverse("market:review_detail", args=[stall.application_id])).text
    courier_page = staff_client.get(reverse("market:review_detail", args=[courier.application_id])).text

    assert "Mbah Karsih" in registration and "C-07" in registration
    assert "Agus Prasetyo" in courier_page and "G 4321 XY" in courier_page


@pytest.mark.parametrize(
    "typed",
    ["C-07", "c-07", "Karsih", "0813-9999-0001", "0813 9999 0001", "6281399990001", "+62 813 9999 0001"],
)
def test_search_finds_a_trader_by_los_number_name_or_phone_in_any_format(staff_client, batang, typed):
    wanted = registered_stall(
        batang, owner_name="Mbah Karsih", stall_number="C-07", whatsapp="+6281399990001"
    )
    pending_stall(batang, owner_name="Bu Tini", stall_number="A-01", whatsapp="+6281355550002")

    response = staff_client.get(QUEUE, {"q": typed})

    assert ids(response) == [wanted.application_id]


def test_search_finds_an_applicant_by_the_phone_of_their_account_or_the_applications_number(
    staff_client, batang
):
    wanted = pending_courier(batang, user__phone="+6281277770003", plate_number="G XY")
    pending_courier(batang, plate_number="G AB")

    assert ids(staff_client.get(QUEUE, {"q": "0812-7777-0003"})) == [wanted.application_id]
    assert ids(staff_client.get(QUEUE, {"q": str(wanted.application_id)})) == [wanted.application_id]


def test_staff_of_another_region_find_nothing_of_it(client, batang, amlapura):
    stall = pending_stall(amlapura, owner_name="Ni Komang", stall_number="B-03")
    client.force_login(RegionStaffFactory(region=batang.region).user)

    assert ids(client.get(QUEUE, {"q": "B-03", "status": ""})) == []
    assert "Ni Komang" not in client.get(QUEUE, {"q": "Komang"}).text
    assert client.get(reverse("market:review_detail", args=[stall.application_id])).status_code == 404
    assert client.get(API, {"search": "B-03"}).json()["results"] == []
    assert client.get(f"{API}{stall.application_id}/").status_code == 404


def test_the_queue_filters_by_market_kind_and_status(staff_client, batang):
    other_market = MarketFactory(region=batang.region, name="Pasar Limpung")
    here = pending_stall(batang)
    there = pending_stall(other_market)
    approved_there = TraderFactory(market=other_market)
    courier = pending_courier(batang)

    by_market = staff_client.get(QUEUE, {"market": other_market.slug})
    every_status = staff_client.get(QUEUE, {"market": other_market.slug, "status": ""})
    couriers = staff_client.get(QUEUE, {"kind": "courier"})

    assert ids(by_market) == [there.application_id]
    assert set(ids(every_status)) == {there.application_id, approved_there.application_id}
    assert ids(couriers) == [courier.application_id]
    assert here.application_id in ids(staff_client.get(QUEUE))


def test_the_queue_comes_25_to_a_page_and_its_links_keep_the_filters(staff_client, batang):
    stalls = [pending_stall(batang, stall_name=f"Lapak Sayur {n}") for n in range(27)]
    pending_courier(batang)

    first = staff_client.get(QUEUE, {"kind": "trader"})
    second = staff_client.get(QUEUE, {"kind": "trader", "page": 2})

    assert ids(first) == [stall.application_id for stall in stalls[:25]]
    assert ids(second) == [stall.application_id for stall in stalls[25:]]
    assert "?kind=trader&amp;page=2" in first.text
    assert first.context["page"].paginator.count == 27


def test_the_queue_counts_what_it_lists_from_its_counts_by_status_without_a_count_of_its_own(
    staff_client, batang
):
    for _ in range(3):
        pending_stall(batang)
    TraderFactory(market=batang)  # approved
    pending_courier(batang)

    with CaptureQueriesContext(connection) as queries:
        pending = staff_client.get(QUEUE)
    every_status = staff_client.get(QUEUE, {"status": ""})
    traders = staff_client.get(QUEUE, {"kind": "trader", "status": "approved"})
    none = staff_client.get(QUEUE, {"status": "suspended"})

    assert pending.context["page"].paginator.count == 4
    assert "4 pendaftaran" in pending.text
    assert every_status.context["page"].paginator.count == 5
    assert traders.context["page"].paginator.count == 1
    assert (none.context["page"].paginator.count, ids(none)) == (0, [])
    counts = [sql for sql in (query["sql"] for query in queries) if "COUNT(" in sql]
    assert [sql for sql in counts if 'FROM "market_application"' in sql and "GROUP BY" not in sql] == []


def test_a_later_page_of_the_default_queue_still_shows_pending_applications_only(staff_client, batang):
    for _ in range(26):
        pending_stall(batang)
    approved = TraderFactory(market=batang)

    assert approved.application_id not in ids(staff_client.get(QUEUE, {"page": 2}))
    assert len(ids(staff_client.get(QUEUE, {"page": 2}))) == 1


def queue_queries(client, url, make, count: int) -> int:
    for _ in range(count):
        make()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"status": ""})
    assert response.status_code == 200
    return len(queries)


def mixed_applications(market):
    """One of each: a trader's own application, a registration, a courier's."""
    categories = [CategoryFactory(), CategoryFactory()]

    def make():
        pending_stall(market).categories.set(categories)
        registered_stall(market).categories.set(categories)
        pending_courier(market)

    return make


@pytest.mark.parametrize("url", [QUEUE, API])
def test_the_queue_costs_the_same_queries_for_2_and_20_applications(staff_client, batang, url):
    make = mixed_applications(batang)
    # Each round adds 4 applications: a trader's, a registration, its coordinator's stall, a courier's.
    with_few = queue_queries(staff_client, url, make, 1)  # 4 listed
    with_many = queue_queries(staff_client, url, make, 4)  # 20 listed

    assert with_few == with_many


def test_the_api_lists_summaries_a_page_at_a_time_with_filters_and_search(staff_client, batang):
    stall = registered_stall(batang, owner_name="Mbah Karsih", stall_number="C-07")
    for _ in range(21):
        pending_courier(batang)

    first = staff_client.get(API, {"status": "pending"}).json()
    found = staff_client.get(API, {"search": "0813 9999 0000", "market": batang.slug}).json()

    assert (first["count"], len(first["results"])) == (22, 20)
    assert "page=2" in first["next"]
    assert [row["id"] for row in found["results"]] == [stall.application_id]
    summary = found["results"][0]["summary"]
    assert summary["name"] == "Mbah Karsih"
    assert {"key": "stall_number", "label": "Nomor lapak/los", "value": "C-07"} in summary["facts"]
    assert staff_client.get(API, {"market": MarketFactory().slug}).status_code == 400


def test_non_staff_are_refused_the_queue_and_its_api(client, batang):
    client.force_login(UserFactory())

    assert client.get(QUEUE, {"q": "C-07"}).status_code == 403
    assert client.get(API, {"search": "C-07"}).status_code == 403


def test_an_application_of_a_kind_nobody_registered_is_named_by_its_applicant():
    application = ApplicationFactory(kind="unknown", applicant__name="Ibu Siti")

    assert application_summaries([application])[application.pk].name == "Ibu Siti"


def test_a_kind_cannot_be_registered_twice_with_other_providers():
    register_application_kind(
        ApplicationKind.TRADER,
        summaries=trader_application_summaries,
        search=trader_application_search,
        in_market=trader_application_in_market,
    )  # the same again: harmless
    with pytest.raises(ValueError):
        register_application_kind(ApplicationKind.TRADER, summaries=dict, search=trader_application_search)


def test_an_applications_kind_and_status_read_in_the_readers_language():
    application = ApplicationFactory.build(kind="courier", status="pending")

    with translation.override("en"):
        assert (application.get_kind_display(), application.get_status_display()) == (
            "Courier",
            "Awaiting review",
        )
    with translation.override("id"):
        assert application.get_status_display() == "Menunggu pemeriksaan"
    assert ApplicationFactory.build(status="unknown").get_status_display() == "unknown"


def test_the_facts_are_listed_with_their_labels_escaped_and_nothing_without_facts():
    template = Template("{% load review %}{% summary_facts summary %}")
    summary = ApplicationSummary(name="x", facts=(Fact("stall_name", "Lapak", "<b>Bu Tini</b> & anak"),))

    assert template.render(Context({"summary": summary})) == (
        '<ul class="summary-facts"><li><span class="meta">Lapak:</span> '
        "&lt;b&gt;Bu Tini&lt;/b&gt; &amp; anak</li></ul>"
    )
    assert template.render(Context({"summary": ApplicationSummary(name="x")})) == ""


def queue_cards(response) -> dict[int, str]:
    """Each card's HTML by the application number it links to."""
    cards = re.findall(r'<li class="card">.*?\n</li>', response.text, re.S)
    return {int(re.search(r'href="/dinas/pendaftaran/(\d+)/"', card)[1]): card for card in cards}


def test_each_card_links_to_its_own_application_and_tells_when_in_its_regions_time(
    staff_client, staff, batang, amlapura
):
    RegionStaffFactory(user=staff, region=amlapura.region)
    here = pending_stall(batang, owner_name="Slamet Riyadi", application__note="Buka <pagi> saja")
    there = registered_stall(amlapura, owner_name="Mbah Karsih")
    at = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)
    Application.objects.filter(pk__in=[here.application_id, there.application_id]).update(created_at=at)

    indonesian = queue_cards(staff_client.get(QUEUE))
    staff_client.cookies["django_language"] = "en"
    english = queue_cards(staff_client.get(QUEUE))

    card = indonesian[here.application_id]
    assert f'href="{reverse("market:review_detail", args=[here.application_id])}"' in card
    assert f"No. {here.application_id} · Slamet Riyadi" in card and "Pedagang · Menunggu" in card
    assert "<p>Buka &lt;pagi&gt; saja</p>" in card
    assert "Kabupaten Batang ·" in card and "diajukan 1 Des 2026 23.30 WIB" in card
    card = indonesian[there.application_id]
    assert "didaftarkan oleh Sri Wahyuni" in card
    assert "Kabupaten Karangasem ·" in card and "diajukan 2 Des 2026 00.30 WITA" in card
    card = english[there.application_id]
    assert "Trader · Awaiting review · registered by Sri Wahyuni" in card
    assert "submitted 2 Dec 2026 00.30 WITA" in card


@pytest.mark.parametrize(
    ("name", "email", "phone"),
    [("Sri Wahyuni", "sri@example.com", None), ("", "sri@example.com", None), ("", None, "+6281399990021")],
)
def test_a_registered_traders_card_names_who_registered_it_as_the_site_names_users(
    staff_client, batang, name, email, phone
):
    submitter = UserFactory(name=name, email=email, phone=phone)
    stall = pending_stall(batang, user=None, application__applicant=None, application__submitted_by=submitter)

    card = queue_cards(staff_client.get(QUEUE))[stall.application_id]

    assert f"didaftarkan oleh {submitter}" in card


def test_a_stalls_goods_come_in_the_catalogues_order_in_the_readers_language_and_none_without_any(batang):
    stall, bare = pending_stall(batang), pending_stall(batang)
    stall.categories.set(
        [
            CategoryFactory(name="Sayur", name_en="Vegetables", position=2),
            CategoryFactory(name="Bumbu dapur", name_en="", position=1),
        ]
    )
    applications = [stall.application, bare.application]

    indonesian = trader_application_summaries(applications)
    with translation.override("en"):
        english = trader_application_summaries(applications)

    def goods(summary):
        return [fact.value for fact in summary.facts if fact.key == "goods"]

    assert goods(indonesian[stall.application_id]) == ["Bumbu dapur, Sayur"]
    assert goods(english[stall.application_id]) == ["Bumbu dapur, Vegetables"]
    assert goods(indonesian[bare.application_id]) == []
    assert indonesian[bare.application_id].name == bare.owner_name


def test_the_guard_and_the_filters_regions_and_markets_are_one_query(staff_client, batang):
    MarketFactory(region=batang.region, name="Pasar Limpung")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(QUEUE)

    assert len([query for query in queries if STAFF_SCOPE_QUERY.match(query["sql"])]) == 1
    assert re.findall(r'<option value="([^"]*)"', response.text)[-3:] == ["", "pasar-batang", "pasar-limpung"]
