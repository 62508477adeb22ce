"""The orders API: the shopper's cart, quote, placing with an Idempotency-Key, bad input; the stall's
answers; the trade office's search and cancel."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Order
from orders.services.orders import trader_order_accept
from tests.factories import ProductFactory, TraderFactory
from tests.orders.conftest import fill, place
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, shop):
    client.force_login(shop.shopper)
    return client


def body(shop, cart, **fields):
    return {
        "cart": cart.pk,
        "kelurahan": shop.kauman.pk,
        "street": "Jl. Dr. Sutomo 12",
        "recipient_name": "Bu Ani",
        "recipient_whatsapp": "081234567890",
        **fields,
    }


def test_cart_add_read_change_remove(api, shop):
    added = api.post(
        reverse("api:cart-list"), {"product": shop.product.pk, "quantity": "0,75"}, "application/json"
    )
    line = added.json()["stalls"][0]["lines"][0]

    changed = api.patch(
        reverse("api:cart-item-detail", args=[line["id"]]), {"quantity": 1.5}, "application/json"
    )
    removed = api.delete(reverse("api:cart-item-detail", args=[line["id"]]))

    assert added.status_code == 201 and line["quantity"] == 0.75 and line["total"] == 45000
    assert changed.json()["items_total"] == 90000
    assert removed.json()["stalls"] == []


@pytest.mark.parametrize(
    ("quantity", "status"),
    [(0, 400), (-1, 400), ("1e9", 400), (0.3, 400), ("banyak", 400), (11, 409)],
)
def test_bad_quantities_are_refused_and_nothing_is_saved(api, shop, quantity, status):
    answer = api.post(
        reverse("api:cart-list"), {"product": shop.product.pk, "quantity": quantity}, "application/json"
    )

    assert answer.status_code == status, answer.json()
    assert "quantity" in answer.json() or answer.json()["code"] == "stock_short"
    assert not shop.market.carts.filter(items__isnull=False).exists()


def test_a_foreign_or_hidden_product_is_404(api, shop):
    Product.objects.filter(pk=shop.bawang.pk).update(available=False)

    for product in (shop.bawang.pk, 999999):
        answer = api.post(reverse("api:cart-list"), {"product": product, "quantity": 1}, "application/json")
        assert answer.status_code == 404


def test_quote_then_place_with_a_key_twice(api, shop):
    cart = fill(shop.shopper, (shop.product, 1))

    quote = api.post(
        reverse("api:order-quote"), {"cart": cart.pk, "kelurahan": shop.kauman.pk}, "application/json"
    )
    first = api.post(
        reverse("api:order-list"), body(shop, cart), "application/json", HTTP_IDEMPOTENCY_KEY="x1"
    )
    again = api.post(
        reverse("api:order-list"), body(shop, cart), "application/json", HTTP_IDEMPOTENCY_KEY="x1"
    )

    assert quote.json()["explanation"] == "3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000"
    assert quote.json()["total"] == 71000
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert (
        first.json()["delivery_fee"] == quote.json()["fee"] and first.json()["total"] == quote.json()["total"]
    )
    assert Order.objects.count() == 1


def test_the_placed_order_answers_as_reading_it_back_does(api, shop):
    """The answer to placing is written from the rows just created; it must be what GET gives."""
    cart = fill(shop.shopper, (shop.beras, 2), (shop.product, 1), (shop.bawang, 1))
    fields = {"latitude": "-6.9", "longitude": "109.73", "change_for": 100000, "note": "Pagar hijau"}

    placed = api.post(
        reverse("api:order-list"), body(shop, cart, **fields), "application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    read = api.get(reverse("api:order-detail", args=[placed.json()["id"]]))

    assert placed.status_code == 201
    assert sorted(len(stall["items"]) for stall in placed.json()["stalls"]) == [1, 2]
    assert placed.json() == read.json()


def test_short_stock_answers_409_with_each_item(api, shop):
    cart = fill(shop.shopper, (shop.bawang, 2))
    Product.objects.filter(pk=shop.bawang.pk).update(stock=Decimal("1"))

    answer = api.post(reverse("api:order-list"), body(shop, cart), "application/json")

    assert answer.status_code == 409
    assert answer.json()["code"] == "stock_short"
    assert answer.json()["items"] == {str(shop.bawang.pk): "Stok Bawang merah tinggal 1 kg."}


@pytest.mark.parametrize(
    "fields",
    [
        {"kelurahan": "abc"},
        {"recipient_whatsapp": "12345"},
        {"latitude": "-6.9"},  # a pin needs both
        {"change_for": -5000},
        {"street": ""},
    ],
)
def test_bad_delivery_details_answer_per_field(api, shop, fields):
    cart = fill(shop.shopper, (shop.product, 1))

    answer = api.post(reverse("api:order-list"), body(shop, cart, **fields), "application/json")

    assert answer.status_code == 400
    assert set(answer.json()) & {"kelurahan", "recipient_whatsapp", "longitude", "change_for", "street"}
    assert not Order.objects.exists()


def test_another_shoppers_cart_or_order_is_404(api, shop):
    from tests.factories import UserFactory

    stranger = UserFactory()
    cart = fill(stranger, (shop.product, 1))
    order = place(stranger, shop.kauman, (shop.beras, 1))

    assert api.post(reverse("api:order-list"), body(shop, cart), "application/json").status_code == 404
    assert api.get(reverse("api:order-detail", args=[order.pk])).status_code == 404
    assert api.post(reverse("api:order-cancel", args=[order.pk])).status_code == 404


def test_the_stall_answers_through_the_api(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 2), (shop.bawang, 1))
    part = order.trader_orders.get()
    items = {item.product_id: item.pk for item in part.items.all()}
    client.force_login(shop.trader)

    early = client.post(reverse("api:trader-order-ready", args=[part.pk]))
    accepted = client.post(reverse("api:trader-order-accept", args=[part.pk]))
    reduced = client.post(
        reverse("api:trader-order-reject-items", args=[part.pk]),
        {
            "items": [
                {"id": items[shop.product.pk], "quantity": "1,5"},
                {"id": items[shop.bawang.pk], "quantity": 0},
            ]
        },
        "application/json",
    )
    ready = client.post(reverse("api:trader-order-ready", args=[part.pk]))

    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    assert accepted.json()["status"] == "accepted"
    assert reduced.json()["items_total"] == 90000
    assert ready.json()["status"] == "ready"
    assert Order.objects.get(pk=order.pk).status == "ready"


@pytest.mark.postgres  # the count includes PostgreSQL's lock timeout (SQLite sets none)
def test_placing_asks_a_fixed_number_of_queries_besides_a_stock_update_and_a_notice_a_stall(
    client, shop, settings
):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000
    client.force_login(shop.shopper)

    def placed(stalls: int, key: str) -> int:
        products = [
            shop.product,
            shop.beras,
            ProductFactory(trader=TraderFactory(market=shop.market), stock=5),
        ]
        cart = fill(shop.shopper, *[(product, 1) for product in products[:stalls]])
        client.get(reverse("api:cart-list"))  # the session settles first
        with CaptureQueriesContext(connection) as queries:
            answer = client.post(
                reverse("api:order-list"), body(shop, cart), "application/json", HTTP_IDEMPOTENCY_KEY=key
            )
        assert answer.status_code == 201
        return len(queries)

    one, three = placed(1, "first"), placed(3, "second")

    # The session, the user, the key, the cart, the kelurahan; in the transaction the locks (shopper,
    # cart), the key again, the opening hours, the order, the cart's lines, the products locked, their
    # stock and markets, the stalls' recheck, the parts, the items, the totals, the COD limits, the
    # event, the cart emptied (and the lock timeout and stock's savepoint). The answer is the order as
    # written: no query.
    assert one == 28
    assert three == one + 2 * 2  # each further stall: its product's stock and its notification


def test_the_stalls_history_lists_its_parts_newest_first_in_as_many_queries(client, shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 30
    client.force_login(shop.trader)

    def listed(**filters) -> tuple[dict, int]:
        client.get(reverse("api:trader-order-list"))  # the session settles first
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(reverse("api:trader-order-list"), filters)
        return answer.json(), len(queries)

    orders = [place(shop.shopper, shop.kauman, (shop.product, "0.25"))]
    _, few = listed()
    orders += [place(shop.shopper, shop.kauman, (shop.product, "0.25")) for _ in range(3)]
    trader_order_accept(trader_order_id=orders[1].trader_orders.get().pk, user=shop.trader)
    every, many = listed()
    accepted, _ = listed(status="accepted")

    assert every["count"] == 4 and few == many
    assert [part["order"]["number"] for part in every["results"]] == [o.number for o in reversed(orders)]
    assert accepted["count"] == 1 and accepted["results"][0]["order"]["number"] == orders[1].number


def test_staff_find_an_order_by_number_and_phone_and_cancel_it(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    client.force_login(shop.staff)
    phone = "0" + str(shop.shopper.phone)[3:]

    by_number = client.get(reverse("api:staff-order-list"), {"search": order.number}).json()
    by_phone = client.get(reverse("api:staff-order-list"), {"search": phone}).json()
    cancelled = client.post(reverse("api:staff-order-cancel", args=[order.pk]), {"reason": "Salah alamat"})

    assert [row["id"] for row in by_number["results"]] == [order.pk]
    assert [row["id"] for row in by_phone["results"]] == [order.pk]
    assert cancelled.json()["status"] == "cancelled"
    assert [event["to_status"] for event in cancelled.json()["events"]][-2:] == ["cancelled", "cancelled"]
