"""The order's life as data: one table per status field (Order, TraderOrder), and the one function per
table that moves a row.

Every move, whoever asks: lock the rows in the project's lock order (Order → TraderOrder → Product by
id), check the move against the table and the actor against the move, on the locked rows; write the new
status and its timestamp; write exactly one OrderEvent; give stock back exactly once where the move
says so (vendors.services.stock); notify the parties on commit. A move the table does not allow changes
nothing and raises OrderError "invalid_transition" (409).
"""

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import rupiah
from core.locking import atomic_or_busy
from orders import permissions
from orders.errors import OrderError
from orders.events import (
    COURIER_ASSIGNED,
    DELIVERED,
    DELIVERY_FAILED,
    ORDER_CANCELLED,
    ORDER_READY,
    PICKED_UP,
    STALL_ACCEPTED,
    STALL_REFUSED,
)
from orders.models import Order, OrderEvent, OrderItem, OrderStatus, TraderOrder, TraderOrderStatus
from orders.notices import notify_shopper, notify_stall
from orders.signals import order_cancelled, order_ready_for_pickup
from vendors.services.stock import stock_restore


class Actor(TextChoices):
    SHOPPER = "shopper", _("the shopper")
    STALL = "stall", _("the stall")
    STAFF = "staff", _("the trade office")
    COURIER = "courier", _("the courier")
    SYSTEM = "system", _("the system")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    stamp: str = ""  # the timestamp field the move sets
    reason_required: bool = False
    restores_stock: bool = False  # the row's items go back to stock (TraderOrder moves)


def _move(sources, target, actors, **options) -> Move:
    return Move(frozenset(sources), target, frozenset(actors), **options)


O, T = OrderStatus, TraderOrderStatus  # noqa: E741  (short names keep the tables readable)

# action -> the order statuses it starts from, where it leads, who may take it
ORDER_MOVES: dict[str, Move] = {
    # Follows the stalls: the first one accepts; every one that accepted is ready.
    "accept": _move({O.PLACED}, O.ACCEPTED, {Actor.SYSTEM}, stamp="accepted_at"),
    "ready": _move({O.ACCEPTED}, O.READY, {Actor.SYSTEM}, stamp="ready_at"),
    # Cancelling: the shopper until a stall accepts; staff before pickup, with a reason; the system
    # when no stall accepted in time or every stall refused. The stalls' parts follow (stock back).
    "cancel": _move({O.PLACED}, O.CANCELLED, {Actor.SHOPPER, Actor.SYSTEM}, stamp="cancelled_at"),
    "staff_cancel": _move(
        {O.PLACED, O.ACCEPTED, O.READY, O.ASSIGNED},
        O.CANCELLED,
        {Actor.STAFF},
        stamp="cancelled_at",
        reason_required=True,
    ),
    "all_refused": _move({O.PLACED, O.ACCEPTED}, O.CANCELLED, {Actor.SYSTEM}, stamp="cancelled_at"),
    # The delivery, moved by the couriers app.
    "delivery_assign": _move({O.READY}, O.ASSIGNED, {Actor.COURIER}, stamp="assigned_at"),
    "delivery_release": _move({O.ASSIGNED}, O.READY, {Actor.COURIER, Actor.SYSTEM}),
    "delivery_pickup": _move({O.ASSIGNED}, O.PICKED_UP, {Actor.COURIER}, stamp="picked_up_at"),
    "delivery_complete": _move({O.PICKED_UP}, O.DELIVERED, {Actor.COURIER}, stamp="delivered_at"),
    "delivery_fail": _move(
        {O.ASSIGNED, O.PICKED_UP},
        O.FAILED,
        {Actor.COURIER, Actor.STAFF},
        stamp="failed_at",
        reason_required=True,
    ),
}

TRADER_ORDER_MOVES: dict[str, Move] = {
    "accept": _move({T.PENDING}, T.ACCEPTED, {Actor.STALL}, stamp="accepted_at"),
    "reject": _move(
        {T.PENDING, T.ACCEPTED},
        T.REJECTED,
        {Actor.STALL},
        stamp="closed_at",
        reason_required=True,
        restores_stock=True,
    ),
    "ready": _move({T.ACCEPTED}, T.READY, {Actor.STALL}, stamp="ready_at"),
    # Follows the order's cancellation.
    "cancel": _move(
        {T.PENDING, T.ACCEPTED, T.READY}, T.CANCELLED, {Actor.SYSTEM}, stamp="closed_at", restores_stock=True
    ),
}

# The stalls' parts still in play: neither refused nor cancelled.
OPEN_TRADER_STATUSES = frozenset({T.PENDING, T.ACCEPTED, T.READY})
# An order still to be handed over, for the COD limits and the stall's lists.
OPEN_ORDER_STATUSES = frozenset({O.PLACED, O.ACCEPTED, O.READY, O.ASSIGNED, O.PICKED_UP})


def order_actions(status: str, actor: str) -> list[str]:
    """The moves `actor` may take on an order in `status`, in the table's order."""
    return [name for name, move in ORDER_MOVES.items() if status in move.sources and actor in move.actors]


def trader_order_actions(status: str) -> list[str]:
    """The moves a stall may take on its part in `status`."""
    return [
        name
        for name, move in TRADER_ORDER_MOVES.items()
        if status in move.sources and Actor.STALL in move.actors
    ]


def _check(move: Move | None, status: str, label: str, actor: str, reason: str) -> Move:
    if move is None or status not in move.sources:
        raise OrderError(
            _("This cannot be done to an order that is “%(status)s”.") % {"status": label},
            "invalid_transition",
        )
    if actor not in move.actors:
        raise OrderError(_("You may not do this to this order."), "not_allowed")
    if move.reason_required and not reason:
        raise OrderError(_("Give a reason: the shopper will read it."), "reason_required", field="reason")
    return move


def _record(row, move: Move, *, order: Order, trader_order, user, reason: str) -> None:
    now = timezone.now()
    old = row.status
    row.status = move.target
    fields = ["status"]
    if move.stamp:
        setattr(row, move.stamp, now)
        fields.append(move.stamp)
    if reason and hasattr(row, "reason"):
        row.reason = reason
        fields.append("reason")
    row.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order,
        trader_order=trader_order,
        from_status=old,
        to_status=move.target,
        actor=user,
        reason=reason,
        created_at=now,
    )


def order_locked(order_id: int) -> Order:
    """The order, locked until the caller's transaction ends; "not_found" when there is none."""
    order = Order.objects.select_for_update(of=("self",)).select_related("market__region").filter(pk=order_id)
    found = order.first()
    if found is None:
        raise OrderError(_("Order not found."), "not_found")
    return found


def order_move(*, order_id: int, action: str, actor: str, user=None, reason: str = "", **fields) -> Order:
    """Take `action` (a key of ORDER_MOVES) on the order as `actor` (an Actor; `user` the person, None
    for the system). `fields` are written with it (the courier's name for delivery_assign).

    Raises OrderError "not_found" (none, or not the user's to touch), "invalid_transition",
    "not_allowed", "reason_required" or "busy". Nothing changes when it raises."""
    reason = (reason or "").strip()
    with atomic_or_busy(OrderError):
        order = order_locked(order_id)
        if not permissions.may_act_on_order(user, order, actor):
            raise OrderError(_("Order not found."), "not_found")
        _order_step(order, action, actor=actor, user=user, reason=reason, **fields)
    return order


def _order_step(order: Order, action: str, *, actor: str, user, reason: str, **fields) -> None:
    """The move on an order the caller has locked; the stalls' parts follow a cancellation."""
    move = _check(ORDER_MOVES.get(action), order.status, order.get_status_display(), actor, reason)
    for name, value in fields.items():
        setattr(order, name, value)
    if move.target == O.CANCELLED:
        order.cancel_reason = reason or str(_("Cancelled by %(who)s.") % {"who": Actor(actor).label})
        fields = {**fields, "cancel_reason": order.cancel_reason}
    if fields:
        order.save(update_fields=list(fields))
    _record(order, move, order=order, trader_order=None, user=user, reason=reason)
    if move.target == O.CANCELLED:
        for part in order.trader_orders.select_for_update().filter(status__in=OPEN_TRADER_STATUSES):
            _trader_step(order, part, "cancel", actor=Actor.SYSTEM, user=None, reason=order.cancel_reason)
    _notify_order(order, action)
    if move.target == O.READY:
        order_ready_for_pickup.send(sender=Order, order=order)
    elif move.target == O.CANCELLED:
        order_cancelled.send(sender=Order, order=order)


def trader_order_move(
    *, trader_order_id: int, action: str, user, reason: str = "", actor: str = Actor.STALL
) -> TraderOrder:
    """Take `action` (a key of TRADER_ORDER_MOVES) on a stall's part as the stall (`user` its trader or
    coordinator), or as the system (`user` None: a suspended stall's parts). The order follows:
    accepted with its first stall, ready when every stall still in play is ready (then
    `order_ready_for_pickup`), cancelled when every stall refused.

    Raises OrderError "not_found" (none, or not the user's stall), "invalid_transition",
    "reason_required" or "busy". Nothing changes when it raises."""
    reason = (reason or "").strip()
    with atomic_or_busy(OrderError):
        order_id = TraderOrder.objects.filter(pk=trader_order_id).values_list("order_id", flat=True).first()
        if order_id is None:
            raise OrderError(_("Order not found."), "not_found")
        order = order_locked(order_id)
        part = trader_order_locked(trader_order_id)
        allowed = user is None if actor == Actor.SYSTEM else permissions.may_act_for_stall(user, part.trader)
        if not allowed:
            raise OrderError(_("Order not found."), "not_found")
        _trader_step(order, part, action, actor=actor, user=user, reason=reason)
        order_follow_stalls(order, user=user)
        if order.status != O.CANCELLED:
            _notify_stall_answer(order, part, action, reason)
    return part


def trader_order_locked(trader_order_id: int) -> TraderOrder:
    return (
        TraderOrder.objects.select_for_update(of=("self",))
        .select_related("trader__group__coordinator", "trader__market")
        .get(pk=trader_order_id)
    )


def _trader_step(order: Order, part: TraderOrder, action: str, *, actor: str, user, reason: str) -> None:
    move = _check(TRADER_ORDER_MOVES.get(action), part.status, part.get_status_display(), actor, reason)
    _record(part, move, order=order, trader_order=part, user=user, reason=reason)
    if move.restores_stock:
        _restore(order, part, user)


def _restore(order: Order, part: TraderOrder, user) -> None:
    """Give the part's items back to stock, once: the move that calls this leaves the part refused or
    cancelled, from which no move leads back."""
    quantities = {}
    for item in OrderItem.objects.filter(trader_order=part, quantity__gt=0):
        quantities[item.product_id] = quantities.get(item.product_id, 0) + item.quantity
    if quantities:
        stock_restore(quantities=quantities, reference=f"order:{order.pk}", actor=user)


def order_follow_stalls(order: Order, *, user=None) -> None:
    """Move the (locked) order after its stalls moved: accepted with the first stall that accepts,
    ready when none waits any more and every one still in play is ready, cancelled when all refused."""
    order_totals_recompute(order)
    statuses = set(order.trader_orders.values_list("status", flat=True))
    in_play = statuses & OPEN_TRADER_STATUSES
    if not in_play and order.status in ORDER_MOVES["all_refused"].sources:
        reason = str(_("No stall could serve the order."))
        _order_step(order, "all_refused", actor=Actor.SYSTEM, user=None, reason=reason)
        return
    if order.status == O.PLACED and in_play & {T.ACCEPTED, T.READY}:
        _order_step(order, "accept", actor=Actor.SYSTEM, user=None, reason="")
    if order.status == O.ACCEPTED and in_play == {T.READY}:
        _order_step(order, "ready", actor=Actor.SYSTEM, user=None, reason="")


def order_totals_recompute(order: Order) -> None:
    """The order's items total and cash on delivery from its parts still in play."""
    parts = order.trader_orders.filter(status__in=OPEN_TRADER_STATUSES).values_list("items_total", flat=True)
    items_total = sum(parts)
    if items_total != order.items_total:
        order.items_total = items_total
        order.total = items_total + order.delivery_fee
        order.save(update_fields=["items_total", "total"])


# --- Who is told ------------------------------------------------------------------------------------

SHOPPER_EVENTS = {
    "ready": ORDER_READY,
    "delivery_assign": COURIER_ASSIGNED,
    "delivery_pickup": PICKED_UP,
    "delivery_complete": DELIVERED,
    "delivery_fail": DELIVERY_FAILED,
}


def _order_params(order: Order, reason: str = "") -> dict:
    return {
        "order": order.number,
        "reason": reason,
        "total": rupiah(order.total),
        "courier": order.courier_name,
        "plate": order.courier_plate,
    }


def _notify_order(order: Order, action: str) -> None:
    move = ORDER_MOVES[action]
    if move.target == O.CANCELLED:
        params = {"order": order.number, "reason": order.cancel_reason}
        notify_shopper(order, ORDER_CANCELLED, params)
        for part in order.trader_orders.select_related("trader__group__coordinator").filter(
            status=T.CANCELLED
        ):
            notify_stall(part.trader, ORDER_CANCELLED, params)
        return
    event = SHOPPER_EVENTS.get(action)
    if event is not None:
        notify_shopper(order, event, _order_params(order, order.cancel_reason))


def _notify_stall_answer(order: Order, part: TraderOrder, action: str, reason: str) -> None:
    if action == "accept":
        notify_shopper(order, STALL_ACCEPTED, {"order": order.number, "stall": part.trader.stall_name})
    elif action in ("reject", "cancel"):
        params = {
            "order": order.number,
            "stall": part.trader.stall_name,
            "reason": reason,
            "total": rupiah(order.total),
        }
        notify_shopper(order, STALL_REFUSED, params)
