"""/api/v1/trader/...: the same product services as the pages, scoped the same way."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from market.models import Commodity
from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    ProductFactory,
    TraderFactory,
    UserFactory,
    coordinated_group,
    photo_upload,
)
from tests.vendors.typed_numbers import FORTY_FIVE_THOUSAND, NOT_A_PRICE, QUANTITIES
from vendors.models import Product

pytestmark = pytest.mark.django_db

PRODUCTS = "/api/v1/trader/products/"


def detail(product) -> str:
    return f"{PRODUCTS}{product.pk}/"


def new_product_body(**changes) -> dict:
    CategoryFactory(slug="bumbu")
    body = {"name": "Cabai rawit merah", "category": "bumbu", "unit": "kg", "price": 45000, "stock": "10.5"}
    return {**body, **changes}


@pytest.fixture
def group():
    return coordinated_group()


@pytest.fixture
def member(group):
    return group.members.exclude(pk=group.coordinator_id).get()


def test_stalls_lists_what_the_caller_may_act_for(client, group, member):
    client.force_login(group.coordinator.user)

    body = client.get("/api/v1/trader/stalls/").json()["results"]

    assert {(s["id"], s["own"]) for s in body} == {(group.coordinator_id, True), (member.pk, False)}


def test_a_user_with_no_stall_gets_403_everywhere(client):
    product = ProductFactory()
    client.force_login(UserFactory())

    assert client.get("/api/v1/trader/stalls/").status_code == 403
    assert client.get(PRODUCTS).status_code == 403
    assert client.get(detail(product)).status_code == 403
    assert client.post(PRODUCTS, new_product_body(), content_type="application/json").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(PRODUCTS).status_code == 401


def test_trader_a_cannot_read_or_change_trader_bs_products(client):
    theirs = ProductFactory(price=45000)
    client.force_login(TraderFactory().user)

    assert client.get(detail(theirs)).status_code == 404
    assert client.get(PRODUCTS, {"trader": theirs.trader_id}).status_code == 404
    assert client.patch(detail(theirs), {"price": 1}, content_type="application/json").status_code == 404
    assert client.delete(detail(theirs)).status_code == 404
    assert client.post(f"{detail(theirs)}photo/", {"photo": photo_upload()}).status_code == 404
    response = client.post(
        f"{PRODUCTS}?trader={theirs.trader_id}", new_product_body(), content_type="application/json"
    )
    assert response.status_code == 404
    bulk = {"rows": [{"id": theirs.pk, "price": 1, "stock": "10", "expected_stock": "10"}]}
    assert (
        client.post(
            f"{PRODUCTS}bulk/?trader={theirs.trader_id}", bulk, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(PRODUCTS).json()["results"] == []
    theirs.refresh_from_db()
    assert (theirs.price, theirs.archived_at, bool(theirs.photo)) == (45000, None, False)
    assert Product.objects.count() == 1


def test_the_coordinator_manages_a_members_products_and_is_recorded(client, group, member):
    client.force_login(group.coordinator.user)

    response = client.post(
        f"{PRODUCTS}?trader={member.pk}", new_product_body(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    product = Product.objects.get(pk=response.json()["id"])
    assert product.trader == member

    listed = client.get(PRODUCTS, {"trader": member.pk}).json()["results"]
    assert [p["id"] for p in listed] == [product.pk]
    response = client.patch(detail(product), {"price": 47000}, content_type="application/json")
    assert response.json()["price"] == 47000
    assert {h.history_user for h in product.history.all()} == {group.coordinator.user}


def test_a_caller_with_several_stalls_must_name_one_to_create(client, group, member):
    client.force_login(group.coordinator.user)

    response = client.post(PRODUCTS, new_product_body(), content_type="application/json")

    assert response.status_code == 400
    assert "trader" in response.json()


def test_a_single_stall_is_the_default(client):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(PRODUCTS, new_product_body(), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["stall"]["id"] == stall.pk
    assert response.json()["step"] == 0.25


def test_validation_answers_per_field_in_the_users_language(client):
    stall = TraderFactory()
    CommodityFactory(slug="kangkung", standard_unit="kg")
    client.force_login(stall.user)

    bad_price = client.post(PRODUCTS, new_product_body(price=0), content_type="application/json")
    bad_stock = client.post(PRODUCTS, new_product_body(stock="10.1"), content_type="application/json")
    no_factor = client.post(
        PRODUCTS,
        new_product_body(unit="ikat", stock="3", commodity="kangkung"),
        content_type="application/json",
    )

    assert bad_price.status_code == 400 and "price" in bad_price.json()
    assert bad_stock.json() == {"stock": ["Stok harus kelipatan langkah jumlahnya (0,25)."]}
    assert list(no_factor.json()) == ["commodity_factor"]
    assert not Product.objects.exists()


def test_put_is_not_offered(client):
    product = ProductFactory()
    client.force_login(product.trader.user)

    assert client.put(detail(product), {}, content_type="application/json").status_code == 405


def test_delete_archives_the_product(client):
    product = ProductFactory()
    client.force_login(product.trader.user)

    assert client.delete(detail(product)).status_code == 204

    product.refresh_from_db()
    assert product.archived_at is not None
    assert client.get(detail(product)).status_code == 404


def test_a_photo_upload_is_processed_and_a_bad_one_refused(client):
    product = ProductFactory()
    client.force_login(product.trader.user)

    good = client.post(f"{detail(product)}photo/", {"photo": photo_upload("WEBP", size=(3000, 1500))})
    bad = client.post(f"{detail(product)}photo/", {"photo": SimpleUploadedFile("x.jpg", b"<svg/>")})

    assert good.status_code == 200
    assert (good.json()["photo_width"], good.json()["thumbnail_width"]) == (1024, 320)
    assert bad.status_code == 400
    assert bad.json() == {"photo": ["Berkas ini bukan foto JPEG, PNG, atau WebP."]}


def test_bulk_saves_every_row(client):
    stall = TraderFactory()
    first, second = ProductFactory.create_batch(2, trader=stall, price=10000, stock=Decimal("8"))
    client.force_login(stall.user)
    rows = [
        {"id": first.pk, "price": 11000, "stock": "7.5", "expected_stock": "8"},
        {"id": second.pk, "price": 10000, "stock": "6", "expected_stock": "8"},
    ]

    response = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    assert response.status_code == 200
    assert [(p["price"], p["stock"]) for p in response.json()] == [(11000, 7.5), (10000, 6)]


def test_bulk_with_an_invalid_row_saves_nothing_and_says_which(client):
    stall = TraderFactory()
    first, second = ProductFactory.create_batch(2, trader=stall, price=10000, stock=Decimal("8"))
    client.force_login(stall.user)
    rows = [
        {"id": first.pk, "price": 11000, "stock": "7.5", "expected_stock": "8"},
        {"id": second.pk, "price": 10000, "stock": "6.1", "expected_stock": "8"},
    ]

    response = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"rows": [{}, {"stock": ["Stok harus kelipatan langkah jumlahnya (0,25)."]}]}
    first.refresh_from_db()
    assert first.price == 10000


def test_bulk_answers_409_when_stock_changed_meanwhile(client):
    stall = TraderFactory()
    first, second = ProductFactory.create_batch(2, trader=stall, price=10000, stock=Decimal("8"))
    Product.objects.filter(pk=second.pk).update(stock=Decimal("5"))
    client.force_login(stall.user)
    rows = [
        {"id": first.pk, "price": 11000, "stock": "7.5", "expected_stock": "8"},
        {"id": second.pk, "price": 10000, "stock": "6", "expected_stock": "8"},
    ]

    response = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    body = response.json()
    assert response.status_code == 409
    assert body["code"] == "stock_changed"
    assert body["rows"][0] == {}
    assert body["rows"][1]["current_stock"] == 5
    assert body["rows"][1]["stock"][0].startswith("Stok sudah berubah: sekarang 5 kg")
    first.refresh_from_db()
    assert first.price == 10000


@pytest.mark.parametrize("typed", [*FORTY_FIVE_THOUSAND, 45000])
def test_a_price_as_people_write_it_or_as_a_json_number(client, typed):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(PRODUCTS, new_product_body(price=typed), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["price"] == 45000
    assert stall.products.get().price == 45000


@pytest.mark.parametrize(
    ("typed", "message"), [*NOT_A_PRICE.items(), (45000.5, NOT_A_PRICE["abc"]), (True, NOT_A_PRICE["abc"])]
)
def test_a_price_that_is_no_price_answers_on_the_field(client, typed, message):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(PRODUCTS, new_product_body(price=typed), content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"price": [message]}
    assert not Product.objects.exists()


def quantity_body(field: str, typed) -> dict:
    """A new product with `typed` in one quantity field, the others chosen so that any value fits."""
    if field == "stock":
        return new_product_body(stock=typed)
    if field == "step":
        return new_product_body(stock="0", step=typed)
    CommodityFactory(slug="kangkung", standard_unit="kg")
    return new_product_body(stock="0", unit="ikat", commodity="kangkung", commodity_factor=typed)


@pytest.mark.parametrize("field", ["stock", "step", "commodity_factor"])
@pytest.mark.parametrize(
    ("typed", "value"), [*QUANTITIES.items(), (12.5, Decimal("12.5")), (1000, Decimal("1000"))]
)
def test_quantities_as_people_write_them_or_as_json_numbers(client, field, typed, value):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(PRODUCTS, quantity_body(field, typed), content_type="application/json")

    assert response.status_code == 201
    assert Decimal(str(response.json()[field])) == value
    assert getattr(stall.products.get(), field) == value


def test_a_product_read_from_the_api_and_sent_back_keeps_its_quantities(client):
    product = ProductFactory(stock=Decimal("8"), step=Decimal("0.25"))
    client.force_login(product.trader.user)
    shown = client.get(detail(product)).json()

    response = client.patch(
        detail(product), {"stock": shown["stock"], "step": shown["step"]}, content_type="application/json"
    )

    assert response.status_code == 200
    product.refresh_from_db()
    assert (product.stock, product.step) == (Decimal("8"), Decimal("0.25"))


def test_a_thousandfold_drop_needs_confirm_price(client):
    product = ProductFactory(price=65000)
    client.force_login(product.trader.user)

    refused = client.patch(detail(product), {"price": "65"}, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json() == {
        "price": ["Rp 65 kurang dari sepersepuluh harga terakhir, Rp 65.000. Benarkah?"],
        "code": "price_confirm",
    }
    product.refresh_from_db()
    assert product.price == 65000

    confirmed = client.patch(
        detail(product), {"price": "65", "confirm_price": True}, content_type="application/json"
    )

    assert confirmed.status_code == 200 and confirmed.json()["price"] == 65
    assert "confirm_price" not in confirmed.json()


def test_a_new_product_far_above_its_staples_market_price_needs_confirm_price(client):
    stall = TraderFactory()
    CommodityFactory(slug="cabai-rawit-merah", name="Cabai rawit merah", standard_unit="kg")
    ProductFactory(
        trader=TraderFactory(market=stall.market),
        commodity_id=Commodity.objects.get().pk,
        commodity_factor=1,
        price=60000,
    )
    client.force_login(stall.user)
    body = new_product_body(commodity="cabai-rawit-merah", price="650.000")

    refused = client.post(PRODUCTS, body, content_type="application/json")
    confirmed = client.post(PRODUCTS, {**body, "confirm_price": True}, content_type="application/json")

    assert refused.status_code == 400 and refused.json()["code"] == "price_confirm"
    assert "lebih dari sepuluh kali harga Cabai rawit merah" in refused.json()["price"][0]
    assert confirmed.status_code == 201
    assert stall.products.get().price == 650000


def test_a_staple_brings_its_unit_and_category_in_the_api_too(client):
    stall = TraderFactory()
    CommodityFactory(slug="beras-medium", standard_unit="kg", category=CategoryFactory(slug="beras"))
    client.force_login(stall.user)

    response = client.post(
        PRODUCTS,
        {"name": "Beras medium", "commodity": "beras-medium", "price": "13.500", "stock": "150"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert (response.json()["unit"], response.json()["category"], response.json()["step"]) == (
        "kg",
        "beras",
        0.25,
    )


def bulk_rows(stall, *changes: dict) -> list[dict]:
    products = ProductFactory.create_batch(len(changes), trader=stall, price=10000, stock=Decimal("8"))
    return [
        {"id": p.pk, "price": 10000, "stock": 8, "expected_stock": "8", **c}
        for p, c in zip(products, changes, strict=True)
    ]


@pytest.mark.parametrize("typed", FORTY_FIVE_THOUSAND)
def test_bulk_reads_prices_as_people_write_them(client, typed):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(
        f"{PRODUCTS}bulk/", {"rows": bulk_rows(stall, {"price": typed})}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()[0]["price"] == 45000


@pytest.mark.parametrize(("typed", "message"), NOT_A_PRICE.items())
def test_bulk_refuses_a_price_that_is_no_price_on_its_row(client, typed, message):
    stall = TraderFactory()
    client.force_login(stall.user)
    rows = bulk_rows(stall, {"price": 11000}, {"price": typed})

    response = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"rows": {"1": {"price": [message]}}}  # DRF's errors by row index
    assert set(Product.objects.values_list("price", flat=True)) == {10000}


@pytest.mark.parametrize(("typed", "value"), QUANTITIES.items())
def test_bulk_reads_stock_as_people_write_it(client, typed, value):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(
        f"{PRODUCTS}bulk/", {"rows": bulk_rows(stall, {"stock": typed})}, content_type="application/json"
    )

    assert response.status_code == 200
    assert stall.products.get().stock == value


def test_bulk_asks_to_confirm_a_thousandfold_drop_per_row(client):
    stall = TraderFactory()
    client.force_login(stall.user)
    rows = bulk_rows(stall, {"price": "11.000"}, {"price": "10"})

    refused = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    assert refused.status_code == 400
    assert refused.json()["code"] == "price_confirm"
    assert refused.json()["rows"] == [
        {},
        {
            "price": ["Rp 10 kurang dari sepersepuluh harga terakhir, Rp 10.000. Benarkah?"],
            "code": "price_confirm",
        },
    ]
    assert set(Product.objects.values_list("price", flat=True)) == {10000}

    rows[1]["confirm_price"] = True
    confirmed = client.post(f"{PRODUCTS}bulk/", {"rows": rows}, content_type="application/json")

    assert confirmed.status_code == 200
    assert [row["price"] for row in confirmed.json()] == [11000, 10]
