"""The storefront's cache (market.storefront): anonymous visitors get the home, market, stall and
product pages from the cache (market.views.storefront_page), and every change shows on their next
request."""

import time
from datetime import timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import LazyNonce

import market.storefront
from market.services import application_suspend, market_hours_set
from market.storefront import PageEntry, storefront_version
from market.views.storefront_page import _whole_response
from tests.factories import TraderFactory
from vendors.models import Product, Trader
from vendors.services.groups import group_rename, group_set_coordinator
from vendors.services.products import product_update
from vendors.services.stock import stock_take

pytestmark = pytest.mark.django_db

KINDS = ["market", "stall", "product"]


def page_of(stall, kind: str, product=None) -> str:
    if kind == "home":
        return reverse("market:home")
    if kind == "market":
        return reverse("vendors:market_detail", args=[stall.market.slug])
    if kind == "product":
        product = product or stall.products.get()
        return reverse("vendors:product_detail", args=[product.pk])
    return reverse("vendors:stall_detail", args=[stall.pk])


@pytest.mark.parametrize("kind", KINDS)
def test_a_cached_page_costs_no_query(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()

    assert len(captured) == 0
    assert "Cabai rawit merah" in page and "Bumbu Pak Slamet" in page


def test_the_home_page_comes_from_the_cache_until_a_stall_opens(client, people):
    client.get("/")

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert len(captured) == 0
    assert "Pasar Batang" in page and "3 lapak" in page

    TraderFactory(market=people.market)

    assert "4 lapak" in client.get("/").content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_the_products_come_from_the_cache_until_something_changes(client, people, kind):
    url = page_of(people.trader_stall, kind)
    assert "Rp 60.000" in client.get(url).content.decode()

    # A write that tells no one (as a raw SQL update would) is not seen: the page is the cached one.
    Product.objects.filter(pk=people.product.pk).update(price=61000)

    assert "Rp 60.000" in client.get(url).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_a_price_change_shows_on_the_next_request(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)

    product_update(actor=people.trader, product=people.product, price=65000)

    page = client.get(url).content.decode()
    assert "Rp 65.000" in page and "Rp 60.000" not in page


@pytest.mark.parametrize("kind", KINDS)
def test_a_stock_change_shows_on_the_next_request(client, people, kind):
    url = page_of(people.trader_stall, kind)
    assert "Habis" not in client.get(url).content.decode()

    stock_take(quantities={people.product.pk: people.product.stock})

    assert "Habis" in client.get(url).content.decode()


def test_a_suspended_stall_has_no_page_on_the_next_request(client, people):
    urls = [page_of(people.trader_stall, kind) for kind in ("stall", "product")]
    assert [client.get(url).status_code for url in urls] == [200, 200]

    application_suspend(
        application_id=people.trader_stall.application_id, actor=people.staff, reason="Izin habis"
    )

    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_a_suspended_stall_leaves_the_market_page_on_the_next_request(client, people):
    url = page_of(people.trader_stall, "market")
    assert "Cabai rawit merah" in client.get(url).content.decode()

    application_suspend(
        application_id=people.trader_stall.application_id, actor=people.staff, reason="Izin habis"
    )

    assert "Cabai rawit merah" not in client.get(url).content.decode()


def test_new_opening_hours_show_on_the_home_page_at_once(client, people):
    assert "Buka sekarang" not in client.get("/").content.decode()

    now = timezone.localtime(timezone=ZoneInfo(people.market.region.timezone))
    hours = ((now - timedelta(hours=1)).time(), (now + timedelta(hours=2)).time())
    market_hours_set(market_id=people.market.pk, actor=people.staff, week=dict.fromkeys(range(7), hours))

    assert "Buka sekarang" in client.get("/").content.decode()


def test_the_add_to_cart_forms_carry_each_visitors_own_token(client, people):
    url = page_of(people.trader_stall, "stall")
    first = client.get(url)
    client.cookies.clear()
    second = client.get(url)

    tokens = [
        response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        for response in (first, second)
    ]
    assert "storefront-csrf" not in second.content.decode()
    assert tokens[0] != tokens[1]
    # The cached form works for the second visitor: the cart takes the product.
    added = client.post(
        reverse("orders:cart_add"),
        {"csrfmiddlewaretoken": tokens[1], "product": people.product.pk, "quantity": "0,25", "next": url},
    )
    assert added.status_code == 302


def test_a_change_leaves_other_markets_cached(people):
    before = storefront_version(people.amlapura.pk)

    product_update(actor=people.trader, product=people.product, price=65000)

    assert storefront_version(people.amlapura.pk) == before


def test_a_group_renamed_or_given_a_coordinator_shows_on_the_next_request(client, people):
    url = page_of(people.trader_stall, "market")
    assert "Kelompok Beras" in client.get(url).content.decode()

    group_rename(actor=people.staff, group_id=people.other_group.pk, name="Kelompok Padi")
    page = client.get(url).content.decode()
    assert "Kelompok Padi" in page and "Kelompok Beras" not in page

    group_set_coordinator(actor=people.staff, group_id=people.other_group.pk, trader_id=people.other_stall.pk)
    assert "WhatsApp Beras Pak Rohmat" not in page
    assert f"WhatsApp {people.other_stall.owner_name}" in client.get(url).content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_the_markets_own_details_show_on_the_next_request(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)

    people.market.name = "Pasar Batang Baru"
    people.market.save(update_fields=["name"])

    assert "Pasar Batang Baru" in client.get(url).content.decode()


def test_a_region_renamed_shows_on_its_markets_page(client, people):
    url = page_of(people.trader_stall, "market")
    client.get(url)

    people.market.region.name = "Kabupaten Batang Raya"
    people.market.region.save(update_fields=["name"])

    assert "Kabupaten Batang Raya" in client.get(url).content.decode()


@pytest.mark.parametrize("kind", ["stall", "product"])
def test_a_stall_moved_to_another_market_shows_its_new_market(client, people, kind):
    url = page_of(people.trader_stall, kind)
    assert people.market.name in client.get(url).content.decode()

    stall = Trader.objects.get(pk=people.trader_stall.pk)
    stall.market, stall.group = people.amlapura, None
    stall.save(update_fields=["market", "group"])

    assert people.amlapura.name in client.get(url).content.decode()


def test_a_product_moved_to_a_stall_of_another_market_shows_its_new_stall(client, people):
    url = page_of(people.trader_stall, "product")
    client.get(url)
    elsewhere = TraderFactory(market=people.amlapura, stall_name="Canang Bu Made")

    product = Product.objects.get(pk=people.product.pk)
    product.trader = elsewhere
    product.save()

    page = client.get(url).content.decode()
    assert "Canang Bu Made" in page and "Bumbu Pak Slamet" not in page


@pytest.mark.parametrize("kind", ["home", *KINDS])
def test_the_open_label_changes_with_the_clock(client, people, monkeypatch, kind):
    zone = ZoneInfo(people.market.region.timezone)
    now = timezone.now().astimezone(zone).replace(second=0, microsecond=0)
    opens, closes = (now - timedelta(hours=1)).time(), (now + timedelta(minutes=3)).time()
    market_hours_set(
        market_id=people.market.pk, actor=people.staff, week=dict.fromkeys(range(7), (opens, closes))
    )
    url = page_of(people.trader_stall, kind)
    assert "Buka sekarang" in client.get(url).content.decode()

    later = timezone.now() + timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(market.storefront, "time", SimpleNamespace(time=lambda: later.timestamp()))

    page = client.get(url).content.decode()
    assert "Buka sekarang" not in page and "Tutup" in page


def test_the_cached_page_carries_each_visitors_cart_and_messages(client, people):
    url = page_of(people.trader_stall, "stall")
    client.get(url)
    token = client.cookies["csrftoken"].value

    added = client.post(
        reverse("orders:cart_add"),
        {"product": people.product.pk, "quantity": "0,25", "next": url},
        headers={"X-CSRFToken": token},
        follow=True,
    )

    page = added.content.decode()
    assert "Cabai rawit merah masuk keranjang." in page and "data-cart-count" in page
    client.cookies.clear()
    page = client.get(url).content.decode()
    assert "masuk keranjang" not in page and "data-cart-count" not in page


@pytest.mark.parametrize("kind", KINDS)
def test_a_shopper_with_a_cart_sees_a_change_on_the_next_request_too(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)
    client.post(
        reverse("orders:cart_add"),
        {"product": people.other_product.pk, "quantity": "1", "next": url},
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert "Rp 60.000" in client.get(url).content.decode()

    product_update(actor=people.trader, product=people.product, price=65000)

    page = client.get(url).content.decode()
    assert "Rp 65.000" in page and "data-cart-count" in page


def test_the_whole_page_answers_as_the_layout_rendered_for_a_visitor(client, people):
    url = page_of(people.trader_stall, "stall")
    client.get(url)
    cached = client.get(url)  # no session, no messages: the whole page from the cache
    visitor = Client()
    visitor.cookies["sessionid"] = "expired"
    rendered = visitor.get(url)  # the parts from the cache, the layout rendered for the visitor

    assert cached.content.decode().replace(_token_in(cached), "") == rendered.content.decode().replace(
        _token_in(rendered), ""
    )
    for header in ("Content-Type", "Vary", "Content-Language"):
        assert cached.headers.get(header) == rendered.headers.get(header)
    added = client.post(
        reverse("orders:cart_add"),
        {
            "csrfmiddlewaretoken": _token_in(cached),
            "product": people.product.pk,
            "quantity": "1",
            "next": url,
        },
    )
    assert added.status_code == 302


def _token_in(response) -> str:
    return response.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


@pytest.mark.parametrize("kind", KINDS)
def test_signed_in_visitors_get_the_page_rendered_afresh(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)
    client.force_login(people.shopper)

    # A write that tells no one: the anonymous page is the cached one, the shopper's is fresh.
    Product.objects.filter(pk=people.product.pk).update(price=61000)

    assert "Rp 61.000" in client.get(url).content.decode()
    client.logout()
    assert "Rp 60.000" in client.get(url).content.decode()


def test_a_page_past_its_moment_is_not_kept():
    market.storefront.page_set("storefront:page:test", PageEntry({}, time.time() + 60, "page"))
    assert market.storefront.page_get("storefront:page:test").page == "page"

    market.storefront.page_set("storefront:page:test", PageEntry({}, time.time() - 1, "later"))
    assert market.storefront.page_get("storefront:page:test").page == "page"  # a moment gone: not kept


def test_a_page_this_process_has_read_costs_one_round_trip_to_the_cache(client, people, monkeypatch):
    url = page_of(people.trader_stall, "product")
    client.get(url)
    client.get(url)  # read once: this process knows the versions the entry names
    asked = []
    get_many = market.storefront.cache.get_many
    monkeypatch.setattr(
        market.storefront.cache, "get_many", lambda keys: asked.append(keys) or get_many(keys)
    )

    assert "Cabai rawit merah" in client.get(url).content.decode()
    assert len(asked) == 1 and len(asked[0]) == 4  # the entry, its market's, stall's and product's versions


def test_a_nonce_in_the_whole_page_is_each_answers_own(rf):
    request = rf.get("/")
    request._csp_nonce = LazyNonce()
    html = '<script nonce="storefront-csrf-x-nonce"></script><input value="storefront-csrf-x">'

    page = _whole_response(request, ("storefront-csrf-x", html)).content.decode()

    assert f'<script nonce="{request._csp_nonce}">' in page and "storefront-csrf" not in page
