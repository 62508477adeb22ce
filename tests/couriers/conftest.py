"""The couriers tests' world: the orders tests' `shop` (tests/orders/conftest.py), and a courier's job
taken: the shopper's order from Slamet's and Rohmat's stalls, both accepted and ready, assigned to the
Batang courier, with its stops."""

from types import SimpleNamespace

import pytest

from couriers.models import Courier, Delivery, DeliveryStatus, DeliveryStop
from orders.services import orders as order_services
from tests.factories import CourierFactory
from tests.orders.conftest import place, shop  # noqa: F401  (the fixture, for this folder too)


def ready_order(shop, *lines):
    """An order of `lines` (default: 2 kg cabai from Slamet, 3 kg beras from Rohmat), every stall ready."""
    order = place(shop.shopper, shop.kauman, *(lines or ((shop.product, 2), (shop.beras, 3))))
    users = {shop.trader_stall.pk: shop.trader, shop.other_stall.pk: shop.other_trader}
    for part in order.trader_orders.all():
        order_services.trader_order_accept(trader_order_id=part.pk, user=users[part.trader_id])
        order_services.trader_order_ready(trader_order_id=part.pk, user=users[part.trader_id])
    order.refresh_from_db()
    return order


def assign(order, courier: Courier) -> Delivery:
    """The order's Delivery (opened here when no receiver opened it) taken by `courier`, through orders."""
    order_services.order_delivery_assign(
        order_id=order.pk,
        courier_user=courier.user,
        name=courier.user.name,
        plate=courier.plate_number,
        whatsapp=str(courier.user.phone),
    )
    parts = list(order.trader_orders.all())
    delivery, _created = Delivery.objects.get_or_create(
        order=order,
        defaults={
            "region": order.market.region,
            "market": order.market,
            "fee": order.delivery_fee,
            "cash_to_carry": sum(part.items_total for part in parts),
        },
    )
    for part in parts:
        DeliveryStop.objects.get_or_create(
            delivery=delivery, trader_order=part, defaults={"cash_due": part.items_total}
        )
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.ASSIGNED, courier=courier)
    delivery.refresh_from_db()
    return delivery


@pytest.fixture
def job(shop):
    """`shop`, with `courier` (the Batang courier's profile) holding `delivery` of `order`; `stops` by
    stall (`slamet`, `rohmat`); `other_courier`, another Batang courier."""
    courier = Courier.objects.get(user=shop.courier)
    order = ready_order(shop)
    delivery = assign(order, courier)
    stops = {stop.trader_order.trader_id: stop for stop in delivery.stops.select_related("trader_order")}
    return SimpleNamespace(
        **vars(shop),
        courier_profile=courier,
        other_courier=CourierFactory(region=shop.batang, plate_number="G 7777 XY"),
        order=order,
        delivery=delivery,
        slamet=stops[shop.trader_stall.pk],
        rohmat=stops[shop.other_stall.pk],
    )
