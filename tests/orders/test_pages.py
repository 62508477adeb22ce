"""The orders pages without JavaScript: add to cart from a stall's page, the anonymous cart merged on
login, checkout showing the fee before the order can be placed, the order page, the stall's list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Cart, Order, StallClosure
from orders.selectors import market_today
from orders.services.checkout import order_place
from orders.services.orders import trader_order_accept
from tests.factories import ProductFactory, TraderFactory, UserFactory
from tests.orders.conftest import details, fill, place

pytestmark = pytest.mark.django_db


def test_a_visitor_adds_from_the_stall_page_and_the_cart_follows_them_into_their_account(client, shop):
    page = client.get(reverse("vendors:stall_detail", args=[shop.trader_stall.pk]))
    assert "Tambah ke keranjang" in page.content.decode()

    added = client.post(
        reverse("orders:cart_add"),
        {"product": shop.product.pk, "quantity": "0,5", "next": page.wsgi_request.path},
    )
    client.force_login(shop.shopper)

    assert added.status_code == 302 and added["Location"] == page.wsgi_request.path
    cart = Cart.objects.get(shopper=shop.shopper)
    assert [(item.product_id, item.quantity) for item in cart.items.all()] == [
        (shop.product.pk, Decimal("0.5"))
    ]
    assert not Cart.objects.filter(shopper__isnull=True).exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "0,3", "banyak", "99999999"])
def test_bad_quantities_on_the_page_say_why_and_save_nothing(client, shop, quantity):
    answer = client.post(
        reverse("orders:cart_add"), {"product": shop.product.pk, "quantity": quantity}, follow=True
    )

    assert answer.status_code == 200
    assert answer.context["messages"] and list(answer.context["messages"])[0].level_tag == "error"
    assert not Cart.objects.filter(items__isnull=False).exists()


def test_checkout_shows_the_fee_before_the_order_can_be_placed(client, shop):
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)
    url = reverse("orders:checkout", args=[cart.pk])
    form = client.get(url).context["form"]
    fields = {
        "kelurahan": shop.kauman.pk,
        "street": "Jl. Dr. Sutomo 12",
        "recipient_name": "Bu Ani",
        "recipient_whatsapp": "0812 3456 7890",
        "idempotency_key": form.initial["idempotency_key"],
    }

    skipped = client.post(url, {**fields, "step": "place"})  # no fee seen yet
    assert skipped.status_code == 200 and not Order.objects.exists()
    quoted = client.post(url, {**fields, "step": "quote"})
    text = quoted.content.decode()
    assert "3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000" in text and "Rp 71.000" in text
    placed = client.post(url, {**fields, "step": "place", "quoted_fee": 11000})
    again = client.post(url, {**fields, "step": "place", "quoted_fee": 11000})  # a double submit

    order = Order.objects.get()
    assert placed["Location"] == reverse("orders:order_detail", args=[order.pk])
    assert again["Location"] == placed["Location"]
    page = client.get(placed["Location"]).content.decode()
    assert order.confirmation_code in page and "Menunggu lapak" in page


def test_the_stall_accepts_and_marks_ready_from_its_page(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    client.force_login(shop.trader)

    listed = client.get(reverse("orders:stall_orders"))
    early = client.post(reverse("orders:stall_order_move", args=[part.pk, "ready"]), follow=True)
    client.post(reverse("orders:stall_order_move", args=[part.pk, "accept"]))
    client.post(reverse("orders:stall_order_move", args=[part.pk, "ready"]))

    assert order.number in listed.content.decode()
    assert listed.context["incoming"] == 1
    assert "tidak bisa dilakukan" in early.content.decode()
    assert Order.objects.get(pk=order.pk).status == "ready"


@pytest.mark.parametrize("page", ["cart", "checkout", "order", "stall_orders"])
def test_pages_ask_the_same_number_of_queries_for_2_and_20_lines(shop, page, settings):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000

    def count(lines: int) -> int:
        shopper = UserFactory()
        stalls = [TraderFactory(market=shop.market) for _ in range(lines)] if page == "cart" else []
        products = [
            ProductFactory(trader=stalls[n] if stalls else shop.trader_stall, stock=5) for n in range(lines)
        ]
        cart = fill(shopper, *[(product, 1) for product in products])
        urls = {"cart": reverse("orders:cart"), "checkout": reverse("orders:checkout", args=[cart.pk])}
        if page in ("order", "stall_orders"):
            order = order_place(shopper=shopper, cart_id=cart.pk, details=details(shop.kauman))
            urls |= {
                "order": reverse("orders:order_detail", args=[order.pk]),
                "stall_orders": reverse("orders:stall_orders"),
            }
        client = Client()
        client.force_login(shop.trader if page == "stall_orders" else shopper)
        client.get(urls[page])  # the session and the language settle on the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get(urls[page]).status_code == 200
        return len(queries)

    assert count(2) == count(20)


def test_the_stalls_list_leaves_out_orders_already_delivered(client, shop):
    delivered = place(shop.shopper, shop.kauman, (shop.product, 1))
    waiting = place(shop.shopper, shop.kauman, (shop.product, 1))
    delivered.trader_orders.update(status="ready")
    Order.objects.filter(pk=delivered.pk).update(status="delivered")
    client.force_login(shop.trader)

    listed = client.get(reverse("orders:stall_orders")).content.decode()

    assert waiting.number in listed and delivered.number not in listed


def test_the_stalls_list_pages_its_open_orders_newest_first_in_as_many_queries(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 30
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000
    client = Client()
    client.force_login(shop.trader)

    def page(number: int) -> tuple[list[str], int]:
        client.get(reverse("orders:stall_orders"))  # the session and the language settle first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("orders:stall_orders"), {"page": number})
        return [part.order.number for part in response.context["parts"]], len(queries)

    first = [place(shop.shopper, shop.kauman, (shop.product, "0.25")) for _ in range(2)]
    _, few = page(1)
    later = [place(shop.shopper, shop.kauman, (shop.product, "0.25")) for _ in range(20)]
    newest, many = page(1)
    rest, _ = page(2)

    assert newest == [order.number for order in reversed(later)]
    assert rest == [order.number for order in reversed(first)]
    assert few == many


def test_the_stalls_list_marks_a_stall_closed_today_but_not_one_closed_yesterday(client, shop):
    today = market_today(shop.market)
    yesterday = StallClosure.objects.create(
        trader=shop.trader_stall, day=today - timedelta(days=1), closed_by=shop.trader
    )
    client.force_login(shop.trader)

    open_today = client.get(reverse("orders:stall_orders")).context["stalls"]
    yesterday.delete()
    StallClosure.objects.create(trader=shop.trader_stall, day=today, closed_by=shop.trader)
    closed_today = client.get(reverse("orders:stall_orders")).context["stalls"]

    assert [stall.closed_today for stall in open_today] == [False]
    assert [stall.closed_today for stall in closed_today] == [True]


def test_the_staff_order_history_names_the_statuses_in_the_readers_language(staff_client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    trader_order_accept(trader_order_id=part.pk, user=shop.trader)

    page = staff_client.get(reverse("orders:staff_order_detail", args=[order.pk])).content.decode()

    assert "– → Menunggu lapak" in page  # the order placed
    assert f"{part.trader.stall_name}: Menunggu lapak → Diterima" in page  # the stall's part accepted
    assert "Menunggu lapak → Sedang disiapkan" in page  # the order, once a stall accepted
    assert "→ placed" not in page and "pending →" not in page
