"""The market and stall pages list their products a page at a time, at a cost that does not grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CategoryFactory, CommodityFactory, ProductFactory, TraderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall(batang):
    return TraderFactory(market=batang, stall_name="Sayur Bu Tini", stall_number="S-01")


@pytest.fixture
def stock(stall):
    """Adds products to the stall, vegetables and spices alternating, all of one staple."""
    vegetables = CategoryFactory(name="Sayur", name_en="Vegetables", slug="sayur", position=1)
    spices = CategoryFactory(name="Bumbu", name_en="Spices", slug="bumbu", position=2)
    chili = CommodityFactory(name="Cabai rawit", slug="cabai-rawit", standard_unit="kg")

    def add(count: int, start: int = 0) -> list:
        return [
            ProductFactory(
                trader=stall,
                name=f"Produk {n:03}",
                category=vegetables if n % 2 else spices,
                commodity=chili,
                price=1000 + n,
            )
            for n in range(start, start + count)
        ]

    return add


def names(response) -> list[str]:
    return re.findall(r"<strong>(Produk \d+)</strong>", response.content.decode())


def market_page(stall):
    return reverse("vendors:market_detail", args=[stall.market.slug])


def stall_page(stall):
    return reverse("vendors:stall_detail", args=[stall.pk])


@pytest.mark.parametrize("page", ["market", "stall", "product", "search"])
def test_the_pages_cost_the_same_queries_for_10_and_200_products(client, stall, stock, page):
    first = stock(10)[0]
    url = {
        "market": market_page(stall),
        "stall": stall_page(stall),
        "product": reverse("vendors:product_detail", args=[first.pk]),
        "search": reverse("vendors:product_list") + "?q=cabe+rawit&sort=price",
    }[page]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    stock(190, start=10)
    assert queries() == small
    if page != "product":  # a full page, in search found through the staple's synonym
        assert len(names(client.get(url))) >= 20


@pytest.mark.parametrize("url", [market_page, stall_page])
def test_a_long_list_shows_30_products_and_links_to_the_other_pages(client, stall, stock, url):
    stock(65)

    first = client.get(url(stall))
    last = client.get(url(stall), {"page": 3})

    assert len(names(first)) == 30 and len(names(last)) == 5
    assert 'href="?page=2"' in first.content.decode() and 'href="?page=3"' in first.content.decode()
    assert "65 produk" in first.content.decode()
    assert not set(names(first)) & set(names(last))


def test_the_market_page_counts_each_category_and_pages_through_the_chosen_one(client, stall, stock):
    stock(80)

    page = client.get(market_page(stall)).content.decode()
    second = client.get(market_page(stall), {"category": "sayur", "page": 2})

    assert 'href="?category=sayur#products">Sayur <small>(40)</small>' in page
    assert 'href="?category=bumbu#products">Bumbu <small>(40)</small>' in page
    assert len(names(second)) == 10
    assert all(int(name.split()[1]) % 2 for name in names(second))  # vegetables only
    assert 'href="?category=sayur&amp;page=1"' in second.content.decode()


def test_the_chosen_order_holds_across_pages(client, stall, stock):
    stock(40)

    first = client.get(stall_page(stall), {"sort": "-price"})
    second = client.get(stall_page(stall), {"sort": "-price", "page": 2})

    assert names(first)[:2] == ["Produk 039", "Produk 038"]
    assert names(second)[-1] == "Produk 000"
    assert 'href="?sort=-price&amp;page=1"' in second.content.decode()
    assert '<option value="-price" selected>' in second.content.decode()


def test_by_default_the_products_come_by_category(client, stall, stock):
    stock(4)

    assert names(client.get(stall_page(stall))) == ["Produk 001", "Produk 003", "Produk 000", "Produk 002"]


def stall_names(response) -> list[str]:
    return re.findall(r"<strong>(Lapak \d+)</strong>", response.content.decode())


@pytest.fixture
def stalls(batang):
    """Adds stalls to Pasar Batang, each with one product on sale."""

    def add(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            ProductFactory(
                trader=TraderFactory(market=batang, stall_name=f"Lapak {n:03}", stall_number=f"L-{n:03}")
            )

    return add


def test_the_market_page_costs_the_same_queries_for_10_and_200_stalls(client, batang, stalls):
    stalls(10)
    url = reverse("vendors:market_detail", args=[batang.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    stalls(190, start=10)
    assert queries() == small


def test_the_market_page_lists_40_stalls_a_page_and_keeps_the_products_page(client, batang, stalls):
    stalls(45)
    url = reverse("vendors:market_detail", args=[batang.slug])

    first = client.get(url)
    second = client.get(url, {"stalls": 2, "page": 2})

    assert stall_names(first) == [f"Lapak {n:03}" for n in range(40)]
    assert stall_names(second) == [f"Lapak {n:03}" for n in range(40, 45)]
    assert 'href="?stalls=2#stalls"' in first.content.decode()
    assert "Lapak 1–40 dari 45" in first.content.decode()
    # Each list's links keep the other list's page.
    assert 'href="?stalls=2&amp;page=1"' in second.content.decode()
    assert 'href="?page=2&amp;stalls=1#stalls"' in second.content.decode()


def meta_description(response) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', response.content.decode()).group(1)


def test_each_storefront_page_describes_itself_to_search_engines_and_link_previews(client, stall, stock):
    [product] = stock(1)

    market = meta_description(client.get(market_page(stall)))
    stall_text = meta_description(client.get(stall_page(stall)))
    search = meta_description(client.get(reverse("vendors:product_list")))
    product_text = meta_description(client.get(reverse("vendors:product_detail", args=[product.pk])))

    assert market.startswith(f"Belanja dari lapak-lapak Pasar Batang, {stall.market.region.name}")
    assert stall_text == "Sayur Bu Tini, los S-01 di Pasar Batang: dagangan hari ini dan harganya."
    assert search.startswith("Bandingkan harga beras, cabai, telur")
    assert product_text.startswith("Produk 000, Rp 1.000 / kg di Sayur Bu Tini, Pasar Batang")
