"""The public catalogue: products/ and stalls/."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from rest_framework.request import Request

from core.api import StableOrderingFilter
from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    MarketFactory,
    ProductFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.api.catalogue import ProductViewSet
from vendors.models import Product

pytestmark = pytest.mark.django_db


def names(client, **params):
    response = client.get("/api/v1/products/", params)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_products_filter_by_market_region_stall_category_commodity_and_search(client):
    chili = CommodityFactory(name="Cabai rawit merah", name_en="Red bird's eye chili", slug="cabai-rawit")
    rice = CategoryFactory(name="Beras", name_en="Rice", slug="beras")
    here = ProductFactory(name="Cabai rawit super", commodity=chili, price=60000)
    ProductFactory(name="Beras medium", trader=here.trader, category=rice, price=13500)
    elsewhere = ProductFactory(name="Cabai rawit biasa", commodity=chili, price=55000)

    assert names(client, market=here.trader.market.slug) == ["Beras medium", "Cabai rawit super"]
    assert names(client, stall=elsewhere.trader.pk) == ["Cabai rawit biasa"]
    assert names(client, category="beras") == ["Beras medium"]
    assert names(client, commodity="cabai-rawit", ordering="price") == [
        "Cabai rawit biasa",
        "Cabai rawit super",
    ]
    assert names(client, search="chili", ordering="-price") == ["Cabai rawit super", "Cabai rawit biasa"]
    assert names(client, region=elsewhere.trader.market.region.slug, search="rawit") == ["Cabai rawit biasa"]
    assert names(client, market="tidak-ada") == []


def test_products_order_by_name_by_default_and_by_name_descending_on_request(client):
    for name in ("Telur ayam", "Bawang merah", "Minyak goreng"):
        ProductFactory(name=name)

    assert names(client) == ["Bawang merah", "Minyak goreng", "Telur ayam"]
    assert names(client, ordering="-name") == ["Telur ayam", "Minyak goreng", "Bawang merah"]


@pytest.mark.parametrize("ordering", ["price", "-price", "name"])
def test_ordering_ends_with_the_primary_key_so_equal_prices_never_repeat_across_pages(rf, ordering):
    request = Request(rf.get("/api/v1/products/", {"ordering": ordering}))

    applied = StableOrderingFilter().get_ordering(request, Product.objects.all(), ProductViewSet())

    assert applied == [ordering, "pk"]


def test_product_carries_price_unit_step_stock_stall_market_and_names(client):
    commodity = CommodityFactory(name="Cabai rawit merah", name_en="Red chili", slug="cabai-rawit")
    product = ProductFactory(price=12500, stock=Decimal("7.5"), commodity=commodity, negotiable=True)

    row = client.get(f"/api/v1/products/{product.pk}/").json()

    assert row["price"] == 12500
    assert (row["unit"], row["step"], row["stock"], row["negotiable"]) == ("kg", "0.250", "7.500", True)
    assert row["stall"] == {
        "id": product.trader.pk,
        "name": product.trader.stall_name,
        "stall_number": product.trader.stall_number,
    }
    assert row["market"] == {"slug": product.trader.market.slug, "name": product.trader.market.name}
    assert row["category"] == {"slug": "bumbu", "name": "Bumbu"}
    assert row["commodity"] == {"slug": "cabai-rawit", "name": "Cabai rawit merah", "standard_unit": "kg"}
    assert (row["thumbnail"], row["thumbnail_width"], row["thumbnail_height"]) == (None, None, None)

    english = client.get(f"/api/v1/products/{product.pk}/", headers={"Accept-Language": "en"}).json()
    assert (english["category"]["name"], english["commodity"]["name"]) == ("Spices", "Red chili")


def test_product_thumbnail_is_a_url_with_its_size(client):
    product = ProductFactory()
    image = io.BytesIO()
    Image.new("RGB", (320, 240), "red").save(image, "JPEG")
    product.thumbnail.save("cabai.jpg", ContentFile(image.getvalue()))

    row = client.get(f"/api/v1/products/{product.pk}/").json()

    assert row["thumbnail"].startswith("http://testserver/media/products/thumbs/cabai")
    assert (row["thumbnail_width"], row["thumbnail_height"]) == (320, 240)


def test_a_product_names_the_illustration_to_show_without_a_photo(client):
    chili = CommodityFactory(slug="cabai-rawit", illustration="hot-pepper")
    with_staple = ProductFactory(commodity=chili, commodity_factor=1)
    plain = ProductFactory(category=CategoryFactory(slug="lain-lain"))

    rows = {row["id"]: row for row in client.get("/api/v1/products/").json()["results"]}

    assert rows[with_staple.pk]["illustration"] == "http://testserver/static/img/illustrations/hot-pepper.svg"
    assert rows[plain.pk]["illustration"] == "http://testserver/static/img/illustrations/basket.svg"


def test_products_of_suspended_stalls_closed_markets_hidden_or_archived_are_not_on_sale(client):
    suspended = ProductFactory(trader__status="suspended")
    closed = ProductFactory(trader__market=MarketFactory(is_active=False))
    hidden = ProductFactory(available=False)
    archived = ProductFactory(archived_at="2026-01-01T00:00:00Z")
    on_sale = ProductFactory()

    ids = [row["id"] for row in client.get("/api/v1/products/").json()["results"]]

    assert ids == [on_sale.pk]
    for product in (suspended, closed, hidden, archived):
        assert client.get(f"/api/v1/products/{product.pk}/").status_code == 404


def test_stalls_list_active_stalls_of_open_markets_filtered_by_market(client):
    stall = TraderFactory(stall_name="Lapak Bu Sri")
    ProductFactory.create_batch(2, trader=stall)
    ProductFactory(trader=stall, available=False)
    other = TraderFactory()
    TraderFactory(market=stall.market, status="suspended")
    TraderFactory(market=stall.market, status="pending")
    TraderFactory(market=MarketFactory(is_active=False))

    every = client.get("/api/v1/stalls/").json()["results"]
    [row] = client.get("/api/v1/stalls/", {"market": stall.market.slug}).json()["results"]

    assert sorted(r["id"] for r in every) == sorted([stall.pk, other.pk])
    assert (row["id"], row["name"], row["stall_number"]) == (stall.pk, "Lapak Bu Sri", stall.stall_number)
    assert row["market"]["slug"] == stall.market.slug
    assert row["product_count"] == 2


def test_suspended_or_pending_stall_is_a_404(client):
    for status in ("suspended", "pending"):
        stall = TraderFactory(status=status)
        response = client.get(f"/api/v1/stalls/{stall.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_pages_of_twenty_with_links(client):
    trader = TraderFactory()
    ProductFactory.create_batch(25, trader=trader)

    first = client.get("/api/v1/products/").json()
    second = client.get(first["next"]).json()

    assert list(first) == ["count", "next", "previous", "results"]
    assert (first["count"], len(first["results"]), first["previous"]) == (25, 20, None)
    assert first["next"] == "http://testserver/api/v1/products/?page=2"
    assert (len(second["results"]), second["next"]) == (5, None)
    assert second["previous"] == "http://testserver/api/v1/products/"


def test_a_page_past_the_end_is_a_json_404(client):
    ProductFactory()

    response = client.get("/api/v1/products/", {"page": 9})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_malformed_filter_is_a_per_field_400(client):
    response = client.get("/api/v1/products/", {"stall": "lapak-satu"})

    assert response.status_code == 400
    assert list(response.json()) == ["stall"]


@pytest.mark.parametrize("count", [5, 30])
def test_product_query_count_does_not_grow_with_products(client, django_assert_max_num_queries, count):
    for _ in range(count):  # each in its own stall, market and region
        ProductFactory()
    with django_assert_max_num_queries(2):  # count + one page with everything joined
        assert len(client.get(reverse("api:product-list")).json()["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [5, 30])
def test_stall_query_count_does_not_grow_with_stalls(client, django_assert_max_num_queries, count):
    for _ in range(count):
        group = TraderGroupFactory()
        ProductFactory(trader__market=group.market, trader__group=group)
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/stalls/").json()["results"]) == min(count, 20)


@pytest.mark.parametrize("url", ["/api/v1/products/", "/api/v1/stalls/"])
def test_catalogue_is_read_only_for_signed_in_users(client, url):
    product = ProductFactory(price=12500)
    client.force_login(UserFactory())

    created = client.post(url, {"price": 1, "stock": "999"}, content_type="application/json")
    changed = client.patch(f"{url}{product.pk}/", {"price": 1}, content_type="application/json")

    assert (created.status_code, changed.status_code) == (405, 405)
    product.refresh_from_db()
    assert (product.price, product.stock) == (12500, Decimal("10"))


def test_a_repeated_product_list_reads_nothing_and_shows_a_price_change_at_once(client):
    product = ProductFactory(price=12000)
    url = reverse("api:product-list")
    first = client.get(url).json()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json() == first
    assert len(queries) == 0

    product.price = 11000
    product.save()
    assert client.get(url).json()["results"][0]["price"] == 11000
    assert client.get(url, {"page": 2}).status_code == 404
