"""The storefront's fragment cache (market.storefront, {% storefront_cache %}): anonymous visitors get
the cached products, and every change shows on their next request."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from market.services import application_suspend, market_hours_set
from market.storefront import storefront_version
from vendors.models import Product
from vendors.services.products import product_update
from vendors.services.stock import stock_take

pytestmark = pytest.mark.django_db


def page_of(stall, kind: str) -> str:
    if kind == "market":
        return reverse("vendors:market_detail", args=[stall.market.slug])
    return reverse("vendors:stall_detail", args=[stall.pk])


@pytest.mark.parametrize("kind", ["market", "stall"])
def test_the_products_come_from_the_cache_until_something_changes(client, people, kind):
    url = page_of(people.trader_stall, kind)
    assert "Rp 60.000" in client.get(url).content.decode()

    # A write that tells no one (as a raw SQL update would) is not seen: the page is the cached one.
    Product.objects.filter(pk=people.product.pk).update(price=61000)

    assert "Rp 60.000" in client.get(url).content.decode()


@pytest.mark.parametrize("kind", ["market", "stall"])
def test_a_price_change_shows_on_the_next_request(client, people, kind):
    url = page_of(people.trader_stall, kind)
    client.get(url)

    product_update(actor=people.trader, product=people.product, price=65000)

    page = client.get(url).content.decode()
    assert "Rp 65.000" in page and "Rp 60.000" not in page


@pytest.mark.parametrize("kind", ["market", "stall"])
def test_a_stock_change_shows_on_the_next_request(client, people, kind):
    url = page_of(people.trader_stall, kind)
    assert "Habis" not in client.get(url).content.decode()

    stock_take(quantities={people.product.pk: people.product.stock})

    assert "Habis" in client.get(url).content.decode()


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
