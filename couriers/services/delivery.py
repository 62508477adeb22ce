"""A taken job, from the market to the door: the courier picks up at each stall and says what they paid,
the stall confirms the cash it received, the courier hands over with the shopper's code (locked after
COURIER_CODE_TRIES wrong codes until staff unlock it) or reports the shopper unreachable; staff of the
region then send the courier once more or the goods back to the stalls.

Every change follows the project's lock order: orders' service (or `order_locked`) first, which locks the
Order (and its stalls' parts and products where the move needs them), then the Delivery, re-read and
re-checked under its lock, then its stops. Each step writes a DeliveryEvent and notifies the parties in
its transaction.
"""

import re

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import rupiah
from core.locking import atomic_or_busy
from couriers.errors import CourierError
from couriers.events import (
    CASH_MISMATCH,
    DELIVERY_FAILED,
    DELIVERY_RETRY,
    DELIVERY_RETURN,
    GOODS_RETURNED,
    HANDOVER_LOCKED,
    HANDOVER_UNLOCKED,
    STALL_ORDER_COMPLETED,
    STOP_PICKED_UP,
)
from couriers.models import Courier, Delivery, DeliveryEvent, DeliveryStatus, DeliveryStop
from market.selectors import region_staff_list, staff_regions
from notifications.services import notify
from orders.errors import OrderError
from orders.permissions import may_act_for_stall
from orders.services.orders import (
    order_delivery_complete,
    order_delivery_fail,
    order_delivery_note,
    order_delivery_pickup,
    order_delivery_retry,
    order_delivery_return,
)
from orders.transitions import order_locked
from vendors.selectors import stall_recipient

D = DeliveryStatus
CODE = re.compile(r"\d{4}")
# What a page or client may send as an amount of cash, whatever the stall is owed: far above any order,
# far below the database's integer.
MAX_CASH = 100_000_000


class Kind:
    """DeliveryEvent kinds written here."""

    PICKED_UP = "picked_up"
    CASH_CONFIRMED = "cash_confirmed"
    CASH_MISMATCH = "cash_mismatch"
    WRONG_CODE = "wrong_code"
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    DELIVERED = "delivered"
    FAILED = "failed"
    RETRY = "retry"
    RETURNED = "returned"


# --- Finding and checking -----------------------------------------------------------------------------


def _not_found() -> CourierError:
    return CourierError(_("Delivery not found."), "not_found")


def _of_courier(courier: Courier, delivery_id) -> Delivery:
    delivery = Delivery.objects.filter(pk=delivery_id, courier=courier).first()
    if delivery is None:
        raise _not_found()
    return delivery


def _of_staff(staff, delivery_id) -> Delivery:
    delivery = Delivery.objects.filter(pk=delivery_id, region__in=staff_regions(staff)).first()
    if delivery is None:
        raise _not_found()
    return delivery


def _locked(delivery: Delivery, *statuses: str) -> Delivery:
    """The delivery re-read under its lock, still in one of `statuses` and with the same courier."""
    locked = (
        Delivery.objects.select_for_update(of=("self",)).select_related("courier__user").get(pk=delivery.pk)
    )
    if locked.courier_id != delivery.courier_id:
        raise _not_found()
    _require(locked, *statuses)
    return locked


def _require(delivery: Delivery, *statuses: str) -> None:
    if delivery.status not in statuses:
        raise CourierError(
            _("This cannot be done to a delivery that is “%(status)s”.")
            % {"status": delivery.get_status_display()},
            "invalid_transition",
        )


def _require_unlocked(delivery: Delivery) -> None:
    if delivery.locked_at is not None:
        raise CourierError(
            _("Locked after %(tries)s wrong codes: the trade office must unlock it first.")
            % {"tries": settings.COURIER_CODE_TRIES},
            "locked",
            field="code",
        )


def _event(delivery: Delivery, kind: str, *, courier=None, user=None, reason: str = "") -> None:
    DeliveryEvent.objects.create(
        delivery=delivery, courier=courier, user=user, kind=kind, reason=str(reason)[:300]
    )


def _tell_staff(delivery: Delivery, event, params: dict) -> None:
    for assignment in region_staff_list(delivery.region_id):
        notify(event=event.name, params=params, user=assignment.user)


def _courier_name(delivery: Delivery) -> str:
    return delivery.courier.user.name or str(delivery.courier.user)


def cash_amount(value, *, due: int, field: str, most: int = MAX_CASH) -> int:
    """The cash a courier paid or a stall received, in whole rupiah: `due` when not given (None).
    Raises CourierError "invalid" (on `field`) for anything but a whole amount from 0 to `most`."""
    if value is None:
        return due
    if isinstance(value, bool) or not isinstance(value, int):
        raise CourierError(_("Enter the amount in whole rupiah, e.g. 25000."), "invalid", field=field)
    if value < 0:
        raise CourierError(_("The amount cannot be negative."), "invalid", field=field)
    if value > most:
        raise CourierError(_("At most %(most)s.") % {"most": rupiah(most)}, "invalid", field=field)
    return value


# --- The courier at the stalls --------------------------------------------------------------------------


def delivery_stop_pickup(*, courier: Courier, delivery_id: int, stop_id: int, cash_paid=None) -> DeliveryStop:
    """The courier collected a stall's part and paid it `cash_paid` (the cash due when empty); the stall is
    asked to confirm. With the last stop the order is on its way ("Diambil kurir") and the delivery
    picked up.

    Raises CourierError "not_found" (not the courier's delivery, or no such stop of it), "invalid" (field
    "cash_paid"), "invalid_transition", "already_picked_up" or "busy"."""
    with atomic_or_busy(CourierError):
        delivery = _of_courier(courier, delivery_id)
        order_locked(delivery.order_id)
        delivery = _locked(delivery, D.ASSIGNED)
        stop = (
            delivery.stops.select_for_update(of=("self",))
            .select_related("trader_order__trader__group__coordinator")
            .filter(pk=stop_id)
            .first()
        )
        if stop is None:
            raise CourierError(_("This stall is not one of the delivery's stops."), "not_found")
        if stop.picked_up_at is not None:
            raise CourierError(_("Already picked up at this stall."), "already_picked_up")
        # The courier pays what the stall is owed; more is a slip of the thumb.
        stop.cash_paid = cash_amount(cash_paid, due=stop.cash_due, most=stop.cash_due, field="cash_paid")
        stop.picked_up_at = timezone.now()
        stop.save(update_fields=["cash_paid", "picked_up_at"])
        stall = stop.trader_order.trader
        _event(delivery, Kind.PICKED_UP, courier=courier, user=courier.user, reason=stall.stall_name)
        params = {
            "order": delivery.order.number,
            "courier": _courier_name(delivery),
            "stall": stall.stall_name,
            "cash": rupiah(stop.cash_paid),
        }
        notify(event=STOP_PICKED_UP.name, params=params, **stall_recipient(stall))
        if not delivery.stops.filter(picked_up_at__isnull=True).exists():
            order_delivery_pickup(order_id=delivery.order_id, courier_user=courier.user)
            delivery.status = D.PICKED_UP
            delivery.picked_up_at = stop.picked_up_at
            delivery.save(update_fields=["status", "picked_up_at"])
    return stop


def delivery_stop_cash_confirm(*, user, stop_id: int, cash_received=None) -> DeliveryStop:
    """The stall (its trader or its group's coordinator) confirms the cash the courier paid it (what the
    courier said when empty), once. An amount other than the courier's is written into the order's
    history and told to the region's staff.

    Raises CourierError "not_found" (no such stop, or not the user's stall), "invalid" (the amount),
    "invalid_transition" (not picked up yet), "already_confirmed" or "busy"."""
    with atomic_or_busy(CourierError):
        order_id = (
            DeliveryStop.objects.filter(pk=stop_id).values_list("delivery__order_id", flat=True).first()
        )
        if order_id is None:
            raise _not_found()
        order_locked(order_id)
        stop = (
            DeliveryStop.objects.select_for_update(of=("self",))
            .select_related("delivery__order", "delivery__courier__user", "trader_order__trader")
            .get(pk=stop_id)
        )
        stall = stop.trader_order.trader
        if not may_act_for_stall(user, stall):
            raise _not_found()
        if stop.picked_up_at is None:
            raise CourierError(_("The courier has not picked this order up yet."), "invalid_transition")
        if stop.cash_confirmed is not None:
            raise CourierError(_("The cash was confirmed already."), "already_confirmed")
        stop.cash_confirmed = cash_amount(cash_received, due=stop.cash_paid, field="cash_received")
        stop.confirmed_at = timezone.now()
        stop.save(update_fields=["cash_confirmed", "confirmed_at"])
        delivery = stop.delivery
        if stop.cash_mismatch:
            _cash_mismatch(delivery, stop, user)
        else:
            _event(delivery, Kind.CASH_CONFIRMED, user=user, reason=stall.stall_name)
    return stop


def _cash_mismatch(delivery: Delivery, stop: DeliveryStop, user) -> None:
    params = {
        "order": delivery.order.number,
        "stall": stop.trader_order.trader.stall_name,
        "confirmed": rupiah(stop.cash_confirmed),
        "courier": _courier_name(delivery),
        "paid": rupiah(stop.cash_paid),
    }
    note = str(CASH_MISMATCH.body % params)
    _event(delivery, Kind.CASH_MISMATCH, user=user, reason=note)
    order_delivery_note(order_id=delivery.order_id, trader_order_id=stop.trader_order_id, note=note)
    _tell_staff(delivery, CASH_MISMATCH, params)


# --- At the door ------------------------------------------------------------------------------------------


def delivery_handover(*, courier: Courier, delivery_id: int, code) -> Delivery:
    """The courier enters the shopper's 4-digit code. The right one completes the delivery, the order and
    every stall's part; a wrong one is refused and counted in a transaction of its own (so the count stays
    though the request fails), and the COURIER_CODE_TRIES-th locks the delivery and tells the region's
    staff.

    Raises CourierError "not_found", "invalid" (not four digits: not counted), "wrong_code" (field
    "code"), "locked", "invalid_transition" or "busy"."""
    code = str(code or "").strip()
    if not CODE.fullmatch(code):
        raise CourierError(_("Enter the shopper's 4-digit code."), "invalid", field="code")
    delivery = _of_courier(courier, delivery_id)
    _require(delivery, D.PICKED_UP)
    _require_unlocked(delivery)
    try:
        with atomic_or_busy(CourierError):
            order = order_delivery_complete(order_id=delivery.order_id, courier_user=courier.user, code=code)
            delivery = _locked(delivery, D.PICKED_UP)
            _require_unlocked(delivery)
            delivery.status = D.DELIVERED
            delivery.finished_at = order.delivered_at
            delivery.save(update_fields=["status", "finished_at"])
            _event(delivery, Kind.DELIVERED, courier=courier, user=courier.user)
            for stop in delivery.stops.select_related("trader_order__trader__group__coordinator"):
                stall = stop.trader_order.trader
                params = {"order": order.number, "stall": stall.stall_name}
                notify(event=STALL_ORDER_COMPLETED.name, params=params, **stall_recipient(stall))
    except OrderError as error:
        if error.code != "wrong_code":
            raise
        _wrong_code(delivery, courier)
    return delivery


def _wrong_code(delivery: Delivery, courier: Courier) -> None:
    """Count a wrong code (a conditional update: two at once count twice, none after the lock) and lock
    the delivery at the last try; commits, then refuses."""
    tries = settings.COURIER_CODE_TRIES
    with atomic_or_busy(CourierError):
        counted = Delivery.objects.filter(pk=delivery.pk, status=D.PICKED_UP, locked_at__isnull=True).update(
            wrong_codes=F("wrong_codes") + 1
        )
        if not counted:  # locked or handed over meanwhile
            current = Delivery.objects.get(pk=delivery.pk)
            _require_unlocked(current)
            _require(current, D.PICKED_UP)
            raise _not_found()
        wrong = Delivery.objects.values_list("wrong_codes", flat=True).get(pk=delivery.pk)
        _event(delivery, Kind.WRONG_CODE, courier=courier, user=courier.user)
        if wrong >= tries:
            Delivery.objects.filter(pk=delivery.pk, locked_at__isnull=True).update(locked_at=timezone.now())
            _event(delivery, Kind.LOCKED, courier=courier)
            params = {"order": delivery.order.number, "courier": _courier_name(delivery), "tries": tries}
            _tell_staff(delivery, HANDOVER_LOCKED, params)
    if wrong >= tries:
        message = _("Wrong code. The handover is locked now; the trade office is told.")
    else:
        message = _("Wrong code. %(left)s tries left.") % {"left": tries - wrong}
    raise CourierError(message, "wrong_code", field="code")


def delivery_fail(*, courier: Courier, delivery_id: int, reason: str) -> Delivery:
    """The courier could not reach the shopper (after calling), with a reason: the order's delivery
    failed, and the region's staff are asked to decide.

    Raises CourierError "not_found", "reason_required" (field "reason"), "invalid_transition" or "busy"."""
    reason = (reason or "").strip()[:300]
    if not reason:
        raise CourierError(
            _("Say what happened: the shopper and the trade office read it."),
            "reason_required",
            field="reason",
        )
    with atomic_or_busy(CourierError):
        delivery = _of_courier(courier, delivery_id)
        _require(delivery, D.PICKED_UP)
        order_delivery_fail(order_id=delivery.order_id, user=courier.user, reason=reason)
        delivery = _locked(delivery, D.PICKED_UP)
        delivery.status = D.FAILED
        delivery.failed_at = timezone.now()
        delivery.failure_reason = reason
        delivery.save(update_fields=["status", "failed_at", "failure_reason"])
        _event(delivery, Kind.FAILED, courier=courier, user=courier.user, reason=reason)
        params = {"order": delivery.order.number, "courier": _courier_name(delivery), "reason": reason}
        _tell_staff(delivery, DELIVERY_FAILED, params)
    return delivery


# --- The trade office's decisions -------------------------------------------------------------------------


def delivery_retry(*, staff, delivery_id: int) -> Delivery:
    """Staff send the same courier once more after a failed delivery: the order is on its way again.

    Raises CourierError "not_found" (not of the staff's regions), "invalid_transition" or "busy"."""
    with atomic_or_busy(CourierError):
        delivery = _of_staff(staff, delivery_id)
        _require(delivery, D.FAILED)
        order_delivery_retry(order_id=delivery.order_id, staff=staff)
        delivery = _locked(delivery, D.FAILED)
        delivery.status = D.PICKED_UP
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts"])
        _event(delivery, Kind.RETRY, user=staff)
        notify(event=DELIVERY_RETRY.name, params={"order": delivery.order.number}, user=delivery.courier.user)
    return delivery


def delivery_return(*, staff, delivery_id: int, reason: str, taken_back) -> Delivery:
    """Staff send a failed delivery's goods back to the stalls: the stops in `taken_back` (stop ids) are
    taken back by their stall and go back in stock, once; the others' goods do not (spoiled, set aside).
    The cash the courier paid stays recorded on each stop for settlement.

    Raises CourierError "not_found", "invalid" (field "taken_back": not a stop of the delivery),
    "invalid_transition" or "busy"; OrderError "reason_required"."""
    taken_back = set(taken_back)
    with atomic_or_busy(CourierError):
        delivery = _of_staff(staff, delivery_id)
        _require(delivery, D.FAILED)
        stops = list(delivery.stops.select_related("trader_order__trader__group__coordinator"))
        if taken_back - {stop.pk for stop in stops}:
            raise CourierError(_("Choose among the delivery's stalls."), "invalid", field="taken_back")
        order_delivery_return(
            order_id=delivery.order_id,
            staff=staff,
            reason=reason,
            taken_back={stop.trader_order_id for stop in stops if stop.pk in taken_back},
        )
        delivery = _locked(delivery, D.FAILED)
        now = timezone.now()
        delivery.status = D.RETURNED
        delivery.finished_at = now
        delivery.save(update_fields=["status", "finished_at"])
        DeliveryStop.objects.filter(pk__in=taken_back).update(returned_at=now)
        _event(delivery, Kind.RETURNED, user=staff, reason=reason)
        _notify_return(delivery, stops)
    return delivery


def _notify_return(delivery: Delivery, stops: list[DeliveryStop]) -> None:
    order = delivery.order.number
    cash = sum(stop.cash_paid or 0 for stop in stops)
    notify(
        event=DELIVERY_RETURN.name, params={"order": order, "cash": rupiah(cash)}, user=delivery.courier.user
    )
    for stop in stops:
        stall = stop.trader_order.trader
        notify(
            event=GOODS_RETURNED.name,
            params={"order": order, "stall": stall.stall_name},
            **stall_recipient(stall),
        )


def delivery_unlock(*, staff, delivery_id: int) -> Delivery:
    """Staff unlock a handover locked by wrong codes: the count starts again and the courier is told.

    Raises CourierError "not_found", "invalid_transition" (not locked) or "busy"."""
    with atomic_or_busy(CourierError):
        delivery = _of_staff(staff, delivery_id)
        order_locked(delivery.order_id)
        delivery = _locked(delivery, *D.values)
        if delivery.locked_at is None:
            raise CourierError(_("This handover is not locked."), "invalid_transition")
        delivery.locked_at = None
        delivery.wrong_codes = 0
        delivery.save(update_fields=["locked_at", "wrong_codes"])
        _event(delivery, Kind.UNLOCKED, user=staff)
        notify(
            event=HANDOVER_UNLOCKED.name, params={"order": delivery.order.number}, user=delivery.courier.user
        )
    return delivery
