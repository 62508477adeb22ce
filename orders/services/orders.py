"""The order's life after checkout, for the shopper, the stall, the trade office, the couriers app and
the periodic job. Every status change goes through orders.transitions."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import quantity as quantity_text
from accounts.formatting import rupiah
from core.locking import atomic_or_busy
from orders import permissions
from orders.errors import OrderError
from orders.events import ITEMS_CHANGED
from orders.models import Order, OrderEvent, OrderStatus, StallClosure, TraderOrder, TraderOrderStatus
from orders.notices import notify_shopper
from orders.selectors import line_total, market_today
from orders.services.cart import quantity_check
from orders.transitions import (
    OPEN_TRADER_STATUSES,
    Actor,
    order_locked,
    order_move,
    order_return,
    order_totals_recompute,
    trader_order_locked,
    trader_order_move,
)
from vendors.models import Trader
from vendors.services.stock import stock_restore

# --- The shopper and the trade office ------------------------------------------------------------


def order_cancel(*, order_id: int, shopper, reason: str = "") -> Order:
    """The shopper cancels their order while no stall has accepted it; stock goes back."""
    return order_move(order_id=order_id, action="cancel", actor=Actor.SHOPPER, user=shopper, reason=reason)


def order_cancel_by_staff(*, order_id: int, staff, reason: str) -> Order:
    """Staff of the order's region cancel it before pickup, with a reason the shopper reads."""
    return order_move(order_id=order_id, action="staff_cancel", actor=Actor.STAFF, user=staff, reason=reason)


def order_auto_cancel_due() -> int:
    """The periodic job: cancel orders no stall accepted within ORDERS_ACCEPT_WITHIN_MINUTES of the market
    being open for them. Safe to run twice: an order already moved is skipped. How many it cancelled."""
    deadline = timezone.now() - timedelta(minutes=settings.ORDERS_ACCEPT_WITHIN_MINUTES)
    due = Order.objects.filter(status=OrderStatus.PLACED, acceptable_at__lte=deadline).values_list(
        "pk", flat=True
    )
    reason = str(_("No stall accepted the order in time."))
    cancelled = 0
    for order_id in list(due[:500]):
        try:
            order_move(order_id=order_id, action="cancel", actor=Actor.SYSTEM, reason=reason)
        except OrderError:  # a stall accepted it, or the shopper cancelled, meanwhile
            continue
        cancelled += 1
    return cancelled


# --- The stall ---------------------------------------------------------------------------------------


def trader_order_accept(*, trader_order_id: int, user):
    return trader_order_move(trader_order_id=trader_order_id, action="accept", user=user)


def trader_order_reject(*, trader_order_id: int, user, reason: str):
    """The stall refuses its part, with a reason; its stock goes back and the shopper is told."""
    return trader_order_move(trader_order_id=trader_order_id, action="reject", user=user, reason=reason)


def trader_order_ready(*, trader_order_id: int, user):
    return trader_order_move(trader_order_id=trader_order_id, action="ready", user=user)


BEFORE_PICKUP = frozenset({OrderStatus.PLACED, OrderStatus.ACCEPTED, OrderStatus.READY, OrderStatus.ASSIGNED})
CHANGEABLE = frozenset({TraderOrderStatus.PENDING, TraderOrderStatus.ACCEPTED})


def trader_order_items_change(*, trader_order_id: int, user, quantities: dict[int, object], reason: str = ""):
    """The stall hands over less: each item id to its new quantity (0 refuses the item; a weighed one
    may be reduced in its step, never raised). The difference goes back to stock, the totals are
    recomputed and the shopper told; refusing every item refuses the stall's part.

    Raises OrderError "not_found", "invalid_transition" (not pending or accepted), "invalid_quantity"
    (field "quantity") or "busy"."""
    if not quantities:
        raise OrderError(_("Choose the items to change."), "invalid", field="items")
    with atomic_or_busy(OrderError):
        order_id = TraderOrder.objects.filter(pk=trader_order_id).values_list("order_id", flat=True).first()
        if order_id is None:
            raise OrderError(_("Order not found."), "not_found")
        order = order_locked(order_id)
        part = trader_order_locked(trader_order_id)
        if not permissions.may_act_for_stall(user, part.trader):
            raise OrderError(_("Order not found."), "not_found")
        if part.status not in CHANGEABLE:
            raise OrderError(
                _("This cannot be done to an order that is “%(status)s”.")
                % {"status": part.get_status_display()},
                "invalid_transition",
            )
        changes, restored = _reduce_items(part, quantities)
        if restored:
            stock_restore(quantities=restored, reference=f"order:{order.pk}", actor=user)
        part.items_total = sum(item.line_total for item in part.items.all())
        part.save(update_fields=["items_total"])
        if part.items_total == 0 and not part.items.filter(quantity__gt=0).exists():
            trader_order_move(
                trader_order_id=part.pk,
                action="reject",
                user=user,
                reason=reason or str(_("The stall has none of the items.")),
            )
            return part
        order_totals_recompute(order)
        OrderEvent.objects.create(
            order=order,
            trader_order=part,
            from_status=part.status,
            to_status=part.status,
            actor=user,
            reason="; ".join(changes),
        )
        notify_shopper(
            order,
            ITEMS_CHANGED,
            {
                "order": order.number,
                "stall": part.trader.stall_name,
                "changes": "; ".join(changes),
                "total": rupiah(order.total),
            },
        )
    return part


def _reduce_items(part, quantities: dict[int, object]) -> tuple[list[str], dict[int, Decimal]]:
    items = {item.pk: item for item in part.items.select_for_update(of=("self",)).all()}
    changes, restored = [], {}
    for item_id, value in quantities.items():
        item = items.get(_as_int(item_id))
        if item is None:
            raise OrderError(_("This item is not in this order."), "not_found")
        new = quantity_check(item, value, allow_zero=True)
        if new > item.quantity:
            raise OrderError(
                _("%(name)s: the stall can only hand over less than was ordered.") % {"name": item.name},
                "invalid_quantity",
                field="quantity",
            )
        if new == item.quantity:
            continue
        restored[item.product_id] = restored.get(item.product_id, 0) + (item.quantity - new)
        changes.append(
            str(_("%(name)s refused") % {"name": item.name})
            if new == 0
            else str(
                _("%(name)s %(old)s → %(new)s %(unit)s")
                % {
                    "name": item.name,
                    "old": quantity_text(item.quantity),
                    "new": quantity_text(new),
                    "unit": item.unit,
                }
            )
        )
        item.quantity = new
        item.line_total = line_total(item.price, new)
        item.save(update_fields=["quantity", "line_total"])
    if not changes:
        raise OrderError(_("Nothing was changed."), "invalid", field="items")
    return changes, restored


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def stall_close_today(*, stall: Trader, user) -> StallClosure:
    """ "Tutup hari ini": the stall takes no orders for the rest of its market's day. Orders already
    placed go on."""
    if not permissions.may_act_for_stall(user, stall):
        raise OrderError(_("Stall not found."), "not_found")
    day = market_today(stall.market)
    try:
        with transaction.atomic():
            closure, _created = StallClosure.objects.get_or_create(
                trader=stall, day=day, defaults={"closed_by": user}
            )
    except IntegrityError:
        closure = StallClosure.objects.get(trader=stall, day=day)
    return closure


def stall_reopen(*, stall: Trader, user) -> None:
    if not permissions.may_act_for_stall(user, stall):
        raise OrderError(_("Stall not found."), "not_found")
    StallClosure.objects.filter(trader=stall, day=market_today(stall.market)).delete()


def stall_orders_cancel(*, application_id: int, reason: str) -> int:
    """Cancel the parts of a stall (by its application) not yet picked up, stock back, shoppers told;
    the other stalls of each order go on. How many parts it cancelled."""
    parts = TraderOrder.objects.filter(
        trader__application_id=application_id,
        status__in=OPEN_TRADER_STATUSES,
        order__status__in=BEFORE_PICKUP,
    ).values_list("pk", flat=True)
    ids = list(parts)
    for part_id in ids:
        trader_order_move(
            trader_order_id=part_id, action="cancel", user=None, reason=reason, actor=Actor.SYSTEM
        )
    return len(ids)


# --- The delivery, for the couriers app ----------------------------------------------------------


def order_delivery_assign(*, order_id: int, courier_user, name: str, plate: str, whatsapp: str) -> Order:
    """A courier takes the ready order (the couriers app has checked who may); the shopper is told."""
    return order_move(
        order_id=order_id,
        action="delivery_assign",
        actor=Actor.COURIER,
        user=courier_user,
        courier_name=name,
        courier_plate=plate,
        courier_whatsapp=whatsapp,
    )


def order_delivery_release(*, order_id: int, courier_user=None) -> Order:
    """The courier gives the job back before pickup: the order is ready for another."""
    actor = Actor.COURIER if courier_user is not None else Actor.SYSTEM
    return order_move(
        order_id=order_id,
        action="delivery_release",
        actor=actor,
        user=courier_user,
        courier_name="",
        courier_plate="",
        courier_whatsapp="",
    )


def order_delivery_pickup(*, order_id: int, courier_user) -> Order:
    return order_move(order_id=order_id, action="delivery_pickup", actor=Actor.COURIER, user=courier_user)


def order_delivery_complete(*, order_id: int, courier_user, code: str) -> Order:
    """Delivered: the shopper's 4-digit code completes it. Raises OrderError "wrong_code"."""
    with atomic_or_busy(OrderError):
        order = order_locked(order_id)
        if str(code or "").strip() != order.confirmation_code:
            raise OrderError(_("That is not the shopper's code."), "wrong_code", field="code")
        return order_move(
            order_id=order_id, action="delivery_complete", actor=Actor.COURIER, user=courier_user
        )


def order_delivery_fail(*, order_id: int, user, reason: str, actor: str = Actor.COURIER) -> Order:
    """The delivery failed (nobody home, refused at the door), with a reason. Stock is not given back:
    the goods are with the courier, and the stalls take them back by hand."""
    return order_move(order_id=order_id, action="delivery_fail", actor=actor, user=user, reason=reason)


def order_delivery_retry(*, order_id: int, staff) -> Order:
    """Staff of the region send the courier once more after a failed delivery; the shopper is told."""
    return order_move(order_id=order_id, action="delivery_retry", actor=Actor.STAFF, user=staff)


def order_delivery_return(*, order_id: int, staff, reason: str, taken_back: set[int]) -> Order:
    """Staff of the region send a failed delivery's goods back to the stalls: the stalls' parts whose
    ids are in `taken_back` go back in stock, once. Raises OrderError as order_move does."""
    return order_return(order_id=order_id, user=staff, reason=reason, taken_back=taken_back)


def order_delivery_note(*, order_id: int, trader_order_id: int, note: str) -> OrderEvent:
    """Write what the couriers app found about a stall's part (a cash mismatch) into the order's history,
    where the staff's order page shows it; the status does not move. The caller holds the order."""
    part = TraderOrder.objects.get(pk=trader_order_id, order_id=order_id)
    return OrderEvent.objects.create(
        order_id=order_id,
        trader_order=part,
        from_status=part.status,
        to_status=part.status,
        reason=note[:300],
    )
