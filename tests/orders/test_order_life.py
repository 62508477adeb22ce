"""The order's life through the services: stalls answer, the order follows, stock is given back exactly
once, the couriers app's milestones, auto-cancel, idempotency, the COD limits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from notifications.jobs import registered_jobs
from orders.errors import OrderError
from orders.models import Order, OrderStatus, TraderOrder, TraderOrderStatus
from orders.services import orders as services
from orders.services.checkout import order_place
from orders.signals import order_ready_for_pickup
from tests.factories import UserFactory
from tests.orders.conftest import details, fill, place
from vendors.models import Product, StockMovement

pytestmark = pytest.mark.django_db


def stock(product) -> Decimal:
    return Product.objects.get(pk=product.pk).stock


def parts(order):
    """The order's parts as they are now (the order placing gave carries them as placed)."""
    return {part.trader_id: part for part in TraderOrder.objects.filter(order=order)}


def test_place_reject_an_item_reduce_another_cancel_the_rest_puts_stock_back(shop):
    start = {p.pk: stock(p) for p in (shop.product, shop.bawang, shop.beras)}
    order = place(shop.shopper, shop.kauman, (shop.product, 2), (shop.bawang, 2), (shop.beras, 3))
    slamet = parts(order)[shop.trader_stall.pk]
    items = {item.product_id: item for item in slamet.items.all()}

    services.trader_order_items_change(
        trader_order_id=slamet.pk,
        user=shop.trader,
        quantities={items[shop.bawang.pk].pk: 0, items[shop.product.pk].pk: Decimal("1.25")},
    )
    order.refresh_from_db()
    assert stock(shop.bawang) == start[shop.bawang.pk]
    assert stock(shop.product) == start[shop.product.pk] - Decimal("1.25")
    assert order.items_total == 75000 + 37500  # 1,25 kg × 60.000 + 3 × 12.500
    assert order.total == order.items_total + order.delivery_fee

    services.trader_order_accept(trader_order_id=parts(order)[shop.other_stall.pk].pk, user=shop.other_trader)
    services.order_cancel_by_staff(order_id=order.pk, staff=shop.staff, reason="Alamat tidak ditemukan")

    assert {p.pk: stock(p) for p in (shop.product, shop.bawang, shop.beras)} == start
    ledger = (
        StockMovement.objects.filter(reference=f"order:{order.pk}")
        .values("product")
        .annotate(net=Sum("change"))
    )
    assert {row["product"]: row["net"] for row in ledger} == dict.fromkeys(start, Decimal("0"))
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED


def test_auto_cancel_restores_once_even_when_the_job_runs_twice(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    Order.objects.filter(pk=order.pk).update(acceptable_at=timezone.now() - timedelta(minutes=31))
    fresh = place(UserFactory(), shop.kauman, (shop.beras, 1))

    assert services.order_auto_cancel_due() == 1
    assert services.order_auto_cancel_due() == 0

    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert Order.objects.get(pk=fresh.pk).status == OrderStatus.PLACED
    assert stock(shop.product) == Decimal("10")
    assert StockMovement.objects.filter(reference=f"order:{order.pk}", reason="restore").count() == 1
    assert "orders.auto_cancel" in {job.name for job in registered_jobs()}


def test_ready_when_every_accepting_stall_is_ready_and_a_refusing_one_drops_out(shop):
    received = []
    order_ready_for_pickup.connect(lambda sender, order, **kw: received.append(order.pk), weak=False)
    order = place(shop.shopper, shop.kauman, (shop.product, 1), (shop.beras, 1))
    slamet, rohmat = parts(order)[shop.trader_stall.pk], parts(order)[shop.other_stall.pk]

    services.trader_order_accept(trader_order_id=slamet.pk, user=shop.coordinator)  # for his member
    assert Order.objects.get(pk=order.pk).status == OrderStatus.ACCEPTED
    services.trader_order_ready(trader_order_id=slamet.pk, user=shop.trader)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.ACCEPTED  # Rohmat has not answered
    services.trader_order_reject(trader_order_id=rohmat.pk, user=shop.other_trader, reason="Beras habis")

    order.refresh_from_db()
    assert order.status == OrderStatus.READY
    assert received == [order.pk]
    assert order.items_total == 60000
    assert stock(shop.beras) == Decimal("20")


def test_every_stall_refusing_cancels_the_order(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))

    services.trader_order_reject(
        trader_order_id=order.trader_orders.get().pk, user=shop.trader, reason="Tutup"
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert stock(shop.product) == Decimal("10")


def test_the_shopper_cancels_only_until_a_stall_accepts(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1), (shop.beras, 1))
    services.trader_order_accept(trader_order_id=parts(order)[shop.other_stall.pk].pk, user=shop.other_trader)

    with pytest.raises(OrderError) as refused:
        services.order_cancel(order_id=order.pk, shopper=shop.shopper)

    assert refused.value.code == "invalid_transition"
    assert stock(shop.product) == Decimal("9")


def test_the_couriers_milestones_need_the_shoppers_code(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    services.trader_order_accept(trader_order_id=part.pk, user=shop.trader)
    services.trader_order_ready(trader_order_id=part.pk, user=shop.trader)
    services.order_delivery_assign(
        order_id=order.pk,
        courier_user=shop.courier,
        name="Pak Joko",
        plate="G 4521 KB",
        whatsapp="+6281299990000",
    )
    services.order_delivery_pickup(order_id=order.pk, courier_user=shop.courier)

    with pytest.raises(OrderError) as wrong:
        services.order_delivery_complete(order_id=order.pk, courier_user=shop.courier, code="0000x")
    order = services.order_delivery_complete(
        order_id=order.pk, courier_user=shop.courier, code=Order.objects.get(pk=order.pk).confirmation_code
    )

    assert wrong.value.code == "wrong_code"
    assert order.status == OrderStatus.DELIVERED and order.delivery_status == "delivered"
    assert order.courier_plate == "G 4521 KB" and order.picked_up_at and order.delivered_at


def test_the_same_key_twice_is_one_order(shop):
    first = place(shop.shopper, shop.kauman, (shop.product, 1), key="tab-1")
    again = place(shop.shopper, shop.kauman, (shop.product, 1), key="tab-1")

    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert stock(shop.product) == Decimal("9")


def test_two_tabs_with_two_keys_on_one_cart_place_one_order(shop):
    cart = fill(shop.shopper, (shop.product, 1))
    order_place(shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman), idempotency_key="a")

    with pytest.raises(OrderError) as second:
        order_place(shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman), idempotency_key="b")

    assert second.value.code == "cart_empty"
    assert "another tab" in second.value.message or "tab lain" in second.value.message
    assert Order.objects.count() == 1


def test_cash_on_delivery_limits_for_a_shopper_with_no_delivered_order(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 1
    place(shop.shopper, shop.kauman, (shop.product, 1))

    with pytest.raises(OrderError) as refused:
        place(shop.shopper, shop.kauman, (shop.beras, 1))

    assert refused.value.code == "cod_limit"
    assert Order.objects.count() == 1
    assert stock(shop.beras) == Decimal("20")


def test_cash_on_delivery_total_limit(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 50000

    with pytest.raises(OrderError) as refused:
        place(shop.shopper, shop.kauman, (shop.product, 1))

    assert refused.value.code == "cod_limit"
    assert not Order.objects.exists()
    assert stock(shop.product) == Decimal("10")


def test_a_stall_closed_today_takes_no_orders(shop):
    fill(shop.shopper, (shop.product, 1))
    services.stall_close_today(stall=shop.trader_stall, user=shop.trader)

    with pytest.raises(OrderError) as closed:
        fill(shop.shopper, (shop.product, 1))
    with pytest.raises(OrderError) as cart_refused:
        place(shop.shopper, shop.kauman, (shop.beras, 1))

    assert closed.value.code == "stall_closed"
    assert cart_refused.value.code == "cart_changed"
    services.stall_reopen(stall=shop.trader_stall, user=shop.trader)
    assert place(shop.shopper, shop.kauman, (shop.beras, 1)).status == OrderStatus.PLACED


def test_a_suspended_stall_loses_its_open_parts_and_the_order_goes_on(shop):
    from market.services import application_suspend

    order = place(shop.shopper, shop.kauman, (shop.product, 1), (shop.beras, 1))

    application_suspend(
        application_id=shop.trader_stall.application_id, actor=shop.staff, reason="Izin dicabut"
    )

    assert parts(order)[shop.trader_stall.pk].status == TraderOrderStatus.CANCELLED
    assert parts(order)[shop.other_stall.pk].status == TraderOrderStatus.PENDING
    assert stock(shop.product) == Decimal("10")
    assert Order.objects.get(pk=order.pk).items_total == 12500
