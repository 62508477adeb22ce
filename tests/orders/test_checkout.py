"""Placing an order: one order per cart, a part per stall, stock taken, the code, the stalls told."""

from decimal import Decimal

import pytest

from notifications.models import Notification
from orders.errors import OrderError
from orders.models import Order, OrderEvent, StallClosure, TraderOrderStatus
from orders.selectors import market_today
from orders.services import checkout
from orders.services.checkout import order_place
from tests.orders.conftest import details, fill, place
from vendors.models import Product, StockMovement, Trader, TraderStatus

pytestmark = pytest.mark.django_db


def stock(product) -> Decimal:
    return Product.objects.get(pk=product.pk).stock


def test_an_order_from_two_stalls_takes_stock_and_tells_both(shop, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place(shop.shopper, shop.kauman, (shop.product, "0.5"), (shop.beras, 2))

    assert order.status == "placed"
    assert len(order.confirmation_code) == 4 and order.confirmation_code.isdigit()
    parts = {part.trader_id: part for part in order.trader_orders.all()}
    assert set(parts) == {shop.trader_stall.pk, shop.other_stall.pk}
    assert all(part.status == TraderOrderStatus.PENDING for part in parts.values())
    assert parts[shop.trader_stall.pk].items_total == 30000
    assert parts[shop.other_stall.pk].items_total == 25000
    assert order.items_total == 55000
    assert order.delivery_fee == 11000  # 3,2 km × Rp 2.500 + Rp 3.000
    assert order.total == 66000
    assert stock(shop.product) == Decimal("9.5") and stock(shop.beras) == Decimal("18")
    assert StockMovement.objects.filter(reference=f"order:{order.pk}").count() == 2
    assert OrderEvent.objects.filter(order=order).count() == 1
    told = set(Notification.objects.filter(event="order.new").values_list("user_id", flat=True))
    assert told == {shop.trader.pk, shop.other_trader.pk}
    assert not order.trader_orders.first().order.market.carts.get(shopper=shop.shopper).items.exists()


def test_short_stock_names_the_item_and_what_is_left_and_changes_nothing(shop):
    cart = fill(shop.shopper, (shop.product, "0.5"), (shop.bawang, 1))
    Product.objects.filter(pk=shop.bawang.pk).update(stock=Decimal("0.5"))

    with pytest.raises(OrderError) as refused:
        order_place(shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman))

    assert refused.value.code == "stock_short"
    assert refused.value.message == "Stok Bawang merah tinggal 0,5 kg."
    assert set(refused.value.rows) == {shop.bawang.pk}
    assert not Order.objects.exists()
    assert stock(shop.product) == Decimal("10")


def test_a_line_gone_off_sale_stops_checkout(shop):
    cart = fill(shop.shopper, (shop.product, 1), (shop.beras, 1))
    Product.objects.filter(pk=shop.beras.pk).update(available=False)

    with pytest.raises(OrderError) as refused:
        order_place(shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman))

    assert refused.value.code == "cart_changed"
    assert not Order.objects.exists()
    assert stock(shop.product) == Decimal("10")


@pytest.mark.parametrize("change", ["closed_today", "suspended"])
def test_the_recheck_on_the_locked_products_stops_a_stall_closed_or_suspended_meanwhile(shop, change):
    order = place(shop.shopper, shop.kauman, (shop.bawang, 1))
    if change == "closed_today":
        StallClosure.objects.create(
            trader=shop.trader_stall, day=market_today(shop.market), closed_by=shop.trader
        )
    else:
        Trader.objects.filter(pk=shop.trader_stall.pk).update(status=TraderStatus.SUSPENDED)
    products = {shop.product.pk: Product.objects.get(pk=shop.product.pk)}

    with pytest.raises(OrderError) as changed:
        checkout._recheck(order, products, {shop.product.pk: Decimal(1)})

    assert changed.value.code == "cart_changed"
    checkout._recheck(
        order, {shop.beras.pk: Product.objects.get(pk=shop.beras.pk)}, {shop.beras.pk: Decimal(1)}
    )
