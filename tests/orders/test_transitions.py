"""Every from/to pair of both status tables: an allowed move succeeds with exactly one event row; any
other refuses and changes nothing (status, events, stock)."""

from decimal import Decimal

import pytest

from orders.errors import OrderError
from orders.models import Order, OrderEvent, OrderStatus, TraderOrder, TraderOrderStatus
from orders.transitions import ORDER_MOVES, TRADER_ORDER_MOVES, Actor, order_move, trader_order_move
from tests.orders.conftest import place
from vendors.models import Product

pytestmark = pytest.mark.django_db


def _user(shop, actor):
    return {
        Actor.SHOPPER: shop.shopper,
        Actor.STAFF: shop.staff,
        Actor.COURIER: shop.courier,
        Actor.STALL: shop.trader,
        Actor.SYSTEM: None,
    }[actor]


def _snapshot(order):
    return (
        list(Order.objects.filter(pk=order.pk).values_list("status", flat=True)),
        sorted(TraderOrder.objects.filter(order=order).values_list("status", flat=True)),
        OrderEvent.objects.filter(order=order).count(),
        list(Product.objects.order_by("pk").values_list("stock", flat=True)),
    )


ORDER_PAIRS = [(status, action) for status in OrderStatus.values for action in ORDER_MOVES]


@pytest.mark.parametrize(("status", "action"), ORDER_PAIRS)
def test_every_order_move_from_every_status(shop, status, action):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    Order.objects.filter(pk=order.pk).update(status=status)
    move = ORDER_MOVES[action]
    actor = sorted(move.actors)[0]
    before = _snapshot(order)

    call = lambda: order_move(  # noqa: E731
        order_id=order.pk, action=action, actor=actor, user=_user(shop, actor), reason="Alamat tidak jelas"
    )
    if status in move.sources:
        call()
        assert Order.objects.get(pk=order.pk).status == move.target
        own = OrderEvent.objects.filter(order=order, trader_order=None, from_status=status)
        assert own.count() == 1
        assert own.get().to_status == move.target
    else:
        with pytest.raises(OrderError) as refused:
            call()
        assert refused.value.code == "invalid_transition"
        assert _snapshot(order) == before


TRADER_PAIRS = [(status, action) for status in TraderOrderStatus.values for action in TRADER_ORDER_MOVES]


@pytest.mark.parametrize(("status", "action"), TRADER_PAIRS)
def test_every_stall_move_from_every_status(shop, status, action):
    order = place(shop.shopper, shop.kauman, (shop.product, 1), (shop.beras, 1))
    part = order.trader_orders.get(trader=shop.trader_stall)
    TraderOrder.objects.filter(pk=part.pk).update(status=status)
    move = TRADER_ORDER_MOVES[action]
    actor = Actor.STALL if Actor.STALL in move.actors else Actor.SYSTEM
    before = _snapshot(order)

    call = lambda: trader_order_move(  # noqa: E731
        trader_order_id=part.pk, action=action, user=_user(shop, actor), reason="Habis", actor=actor
    )
    if status in move.sources:
        call()
        assert TraderOrder.objects.get(pk=part.pk).status == move.target
        assert OrderEvent.objects.filter(trader_order=part, from_status=status).count() == 1
        restored = Product.objects.get(pk=shop.product.pk).stock == Decimal("10")
        assert restored == move.restores_stock
    else:
        with pytest.raises(OrderError) as refused:
            call()
        assert refused.value.code == "invalid_transition"
        assert _snapshot(order) == before


def test_a_move_by_the_wrong_actor_or_person_changes_nothing(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    before = _snapshot(order)

    with pytest.raises(OrderError) as not_allowed:
        order_move(order_id=order.pk, action="accept", actor=Actor.SHOPPER, user=shop.shopper)
    with pytest.raises(OrderError) as someone_else:
        order_move(order_id=order.pk, action="cancel", actor=Actor.SHOPPER, user=shop.other_trader)
    with pytest.raises(OrderError) as other_region:
        order_move(
            order_id=order.pk,
            action="staff_cancel",
            actor=Actor.STAFF,
            user=shop.karangasem_staff,
            reason="x",
        )
    with pytest.raises(OrderError) as other_stall:
        trader_order_move(trader_order_id=part.pk, action="accept", user=shop.other_trader)

    assert not_allowed.value.code == "not_allowed"
    assert {someone_else.value.code, other_region.value.code, other_stall.value.code} == {"not_found"}
    assert _snapshot(order) == before


def test_staff_cancel_needs_a_reason(shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))

    with pytest.raises(OrderError) as refused:
        order_move(order_id=order.pk, action="staff_cancel", actor=Actor.STAFF, user=shop.staff, reason=" ")

    assert refused.value.code == "reason_required"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PLACED
