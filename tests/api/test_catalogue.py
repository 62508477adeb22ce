from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import CommodityFactory, MarketFactory, ProductFactory, TraderFactory

pytestmark = pytest.mark.django_db


def test_markets_list_only_markets_open_for_orders(client):
    market = MarketFactory(name="Pasar Batang", slug="pasar-batang")
    MarketFactory(name="Pasar Tutup", slug="pasar-tutup", is_active=False)
    TraderFactory(market=market)

    response = client.get("/api/v1/markets/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "pasar-batang"
    assert row["active_stall_count"] == 1
    assert row["region"]["timezone_label"] == "WIB"


def test_unknown_or_closed_market_is_a_json_404(client):
    MarketFactory(slug="pasar-tutup", is_active=False)
    for slug in ("pasar-tutup", "tidak-ada"):
        response = client.get(f"/api/v1/markets/{slug}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_products_filter_by_market_category_commodity_and_search(client):
    chili = CommodityFactory(name="Cabai rawit merah", name_en="Red bird's eye chili", slug="cabai-rawit")
    here = ProductFactory(name="Cabai rawit super", commodity=chili, price=60000)
    ProductFactory(name="Beras medium", trader=here.trader, price=13500)
    elsewhere = ProductFactory(name="Cabai rawit biasa", commodity=chili, price=55000)

    def names(**params):
        return [row["name"] for row in client.get("/api/v1/products/", params).json()["results"]]

    assert names(market=here.trader.market.slug) == ["Beras medium", "Cabai rawit super"]
    assert names(commodity="cabai-rawit", ordering="price") == ["Cabai rawit biasa", "Cabai rawit super"]
    assert names(search="chili", ordering="-price") == ["Cabai rawit super", "Cabai rawit biasa"]
    assert names(region=elsewhere.trader.market.region.slug, search="rawit") == ["Cabai rawit biasa"]


def test_product_carries_price_unit_step_and_stall(client):
    product = ProductFactory(price=12500, stock=Decimal("7.5"))

    row = client.get(f"/api/v1/products/{product.pk}/").json()

    assert row["price"] == 12500
    assert (row["unit"], row["step"], row["stock"]) == ("kg", "0.250", "7.500")
    assert row["stall"]["id"] == product.trader.pk
    assert row["market"]["slug"] == product.trader.market.slug


def test_suspended_stalls_hidden_and_archived_products_are_not_in_the_catalogue(client):
    suspended = ProductFactory(trader__status="suspended")
    hidden = ProductFactory(available=False)
    on_sale = ProductFactory()

    ids = [row["id"] for row in client.get("/api/v1/products/").json()["results"]]

    assert ids == [on_sale.pk]
    assert client.get(f"/api/v1/products/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/stalls/{suspended.trader.pk}/").status_code == 404


def test_stalls_filter_by_market(client):
    stall = TraderFactory()
    TraderFactory()

    rows = client.get("/api/v1/stalls/", {"market": stall.market.slug}).json()["results"]

    assert [row["id"] for row in rows] == [stall.pk]


def test_pages_of_twenty(client):
    trader = TraderFactory()
    ProductFactory.create_batch(25, trader=trader)

    first = client.get("/api/v1/products/").json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"].endswith("page=2")


@pytest.mark.parametrize("count", [5, 30])
def test_catalogue_query_count_does_not_grow_with_products(client, django_assert_max_num_queries, count):
    for _ in range(count):
        ProductFactory()
    with django_assert_max_num_queries(3):
        assert client.get(reverse("product-list")).status_code == 200
