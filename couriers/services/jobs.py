"""The job board's changes: a delivery opens when its order is ready, one courier takes it, gives it back
before pickup, a cancelled order ends it; and who is told (new jobs, jobs nobody takes, suspensions).

Locks follow the project's order (docs/decisions.md): orders' service first (it locks the Order), then
the Delivery, then the Courier. Exactly one courier wins a job: the order's move from ready to assigned
refuses every other courier once the winner committed, and the delivery's own move is a conditional
update on its status, checked by row count.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.formatting import rupiah
from core.locking import atomic_or_busy
from couriers.errors import CourierError
from couriers.events import (
    COURIER_COMING,
    COURIER_SUSPENDED_HOLDING,
    DELIVERY_CANCELLED,
    JOB_NEW,
    JOB_RETURNED,
    JOB_UNASSIGNED,
)
from couriers.models import (
    ACTIVE_DELIVERY_STATUSES,
    Courier,
    Delivery,
    DeliveryEvent,
    DeliveryStatus,
    DeliveryStop,
    ProfileStatus,
)
from couriers.permissions import courier_of
from couriers.selectors import job_to_take_for_courier
from market.selectors import region_staff_list
from notifications.models import Channel
from notifications.services import notify
from orders.errors import OrderError
from orders.models import Order, TraderOrderStatus
from orders.notices import notify_stall
from orders.services.orders import order_delivery_assign, order_delivery_release

# DeliveryEvent kinds written here.
TAKEN, RELEASED, CANCELLED = "taken", "released", "cancelled"

TAKEN_MESSAGE = _("Another courier already took this job.")
CANCELLED_MESSAGE = _("This order was cancelled.")


# --- Opening ------------------------------------------------------------------------------------------


def delivery_open(order: Order) -> Delivery:
    """Open the job of the ready order (locked by the caller, orders' ready move): one stop per ready
    stall, the cash the courier pays them, the fee; online couriers of the region are told. A second
    call for the same order (the order ready again after a release) changes nothing."""
    existing = Delivery.objects.filter(order=order).first()
    if existing is not None:
        return existing
    parts = list(order.trader_orders.filter(status=TraderOrderStatus.READY))
    delivery = Delivery.objects.create(
        order=order,
        region_id=order.market.region_id,
        market=order.market,
        fee=order.delivery_fee,
        cash_to_carry=sum(part.items_total for part in parts),
    )
    DeliveryStop.objects.bulk_create(
        DeliveryStop(delivery=delivery, trader_order=part, cash_due=part.items_total) for part in parts
    )
    job_announce(delivery)
    return delivery


def job_announce(delivery: Delivery, *, besides: Courier | None = None) -> int:
    """Tell the region's online couriers who could take the job (`besides` one who just gave it back)
    on WhatsApp, each at most once per COURIER_JOB_WHATSAPP_EVERY_MINUTES (a conditional update on
    `job_alert_sent_at`, so two jobs opening at once still send one); the others find it on the board.
    How many were told."""
    now = timezone.now()
    recent = now - timedelta(minutes=settings.COURIER_JOB_WHATSAPP_EVERY_MINUTES)
    due = Q(job_alert_sent_at__isnull=True) | Q(job_alert_sent_at__lte=recent)
    couriers = (
        Courier.objects.filter(region_id=delivery.region_id, status=ProfileStatus.ACTIVE, is_online=True)
        .filter(Q(cash_limit__isnull=True) | Q(cash_limit__gte=delivery.cash_to_carry))
        .filter(due)
        .annotate(holding=Count("deliveries", filter=Q(deliveries__status__in=ACTIVE_DELIVERY_STATUSES)))
        .filter(holding__lt=settings.COURIER_MAX_ACTIVE_DELIVERIES, user__phone_verified=True)
        .exclude(pk=besides.pk if besides else None)
        .select_related("user")
        .order_by("pk")  # every announcement updates courier rows in one order: no deadlock between two
    )
    params = {
        "market": delivery.market.name,
        "kelurahan": str(delivery.order.kelurahan),
        "fee": rupiah(delivery.fee),
        "cash": rupiah(delivery.cash_to_carry),
    }
    told = 0
    for courier in couriers:
        # Conditional: a job opening at the same moment may have told this courier already.
        if Courier.objects.filter(due, pk=courier.pk).update(job_alert_sent_at=now):
            notify(
                event=JOB_NEW.name,
                params=params,
                user=courier.user,
                channels=[Channel.IN_APP, Channel.WHATSAPP],
            )
            told += 1
    return told


# --- Taking and giving back -------------------------------------------------------------------------


def job_accept(*, delivery_id: int, user, courier: Courier | None = None) -> Delivery:
    """The courier takes an open job of their board. Exactly one courier wins; everyone else is refused
    and nothing changes for them. The shopper (orders' event) and each stall are told. `courier`: the
    user's courier profile (courier_of's) when the caller has read it, as the pages' and API's guards
    have; it is read again, locked, before anything is written.

    Raises CourierError "not_found" (not on the courier's board: offline, suspended, at their limit,
    another region), "taken" (another courier was first), "invalid_transition" (cancelled meanwhile),
    "over_cash_limit", "at_limit" (a job taken at the same moment filled their limit) or "busy"."""
    if courier is None:
        courier = courier_of(user)
    if courier is None:
        raise CourierError(_("Job not found."), "not_found")
    job = job_to_take_for_courier(courier, delivery_id)
    if job.courier_id == courier.pk:
        return job  # a second tap on "take" by the winner
    _check_cash(courier, job)
    with atomic_or_busy(CourierError):
        try:
            order_delivery_assign(
                order_id=job.order_id,
                courier_user=user,
                name=user.name or str(user),
                plate=courier.plate_number,
                whatsapp=user.verified_phone.as_e164 if user.verified_phone else "",
            )
        except OrderError as error:
            if error.code != "invalid_transition":
                raise
            raise _not_open(job.pk) from error
        delivery = _delivery_locked(job.pk)
        courier = Courier.objects.select_for_update(of=("self",)).select_related("user").get(pk=courier.pk)
        _check_may_take(courier, delivery)
        now = timezone.now()
        if not _claim(delivery.pk, courier, now):
            raise CourierError(TAKEN_MESSAGE, "taken")
        DeliveryEvent.objects.create(delivery=delivery, courier=courier, user=user, kind=TAKEN, at=now)
        _tell_stalls_coming(delivery, courier)
    # What _claim wrote on the row this transaction held locked: no need to read it again.
    delivery.status, delivery.courier, delivery.assigned_at = DeliveryStatus.ASSIGNED, courier, now
    return delivery


def _delivery_locked(delivery_id: int) -> Delivery:
    return Delivery.objects.select_for_update(of=("self",)).select_related("order").get(pk=delivery_id)


def _claim(delivery_id: int, courier: Courier, now) -> bool:
    """Of the couriers who found the job open, only the one whose update changes its status wins."""
    claimed = Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.OPEN).update(
        status=DeliveryStatus.ASSIGNED, courier=courier, assigned_at=now
    )
    return claimed == 1


def _not_open(delivery_id: int) -> CourierError:
    status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
    if status == DeliveryStatus.CANCELLED:
        return CourierError(CANCELLED_MESSAGE, "invalid_transition")
    return CourierError(TAKEN_MESSAGE, "taken")


def _check_cash(courier: Courier, delivery: Delivery) -> None:
    if courier.is_over_cash_limit(delivery.cash_to_carry):
        raise CourierError(
            _("This job needs %(cash)s for the stalls, more than your limit of %(limit)s.")
            % {"cash": rupiah(delivery.cash_to_carry), "limit": rupiah(courier.cash_limit)},
            "over_cash_limit",
        )


def _check_may_take(courier: Courier, delivery: Delivery) -> None:
    """The board's rules again, on the locked rows: anything may have changed since the page showed it."""
    if (
        courier.status != ProfileStatus.ACTIVE
        or not courier.is_online
        or courier.region_id != delivery.region_id
    ):
        raise CourierError(_("Job not found."), "not_found")
    _check_cash(courier, delivery)
    if courier.deliveries.filter(status__in=ACTIVE_DELIVERY_STATUSES).count() >= (
        settings.COURIER_MAX_ACTIVE_DELIVERIES
    ):
        raise CourierError(_("You already hold as many deliveries as allowed. Finish one first."), "at_limit")


def job_release(*, delivery_id: int, user, reason: str) -> Delivery:
    """The courier gives a job back before pickup, saying why: it returns to the board for another
    courier, and the courier's count of jobs given back goes up (staff see it).

    Raises CourierError "not_found" (not the courier's), "reason_required", "invalid_transition"
    (already picked up, or over) or "busy"."""
    reason = (reason or "").strip()
    courier = courier_of(user)
    delivery = Delivery.objects.filter(pk=delivery_id, courier=courier).first() if courier else None
    if delivery is None:
        raise CourierError(_("Job not found."), "not_found")
    if not reason:
        raise CourierError(_("Say why you give the job back."), "reason_required", field="reason")
    with atomic_or_busy(CourierError):
        _return_to_board(delivery, courier, user=user, reason=reason)
    delivery.refresh_from_db()
    return delivery


def _return_to_board(delivery: Delivery, courier: Courier, *, user, reason: str) -> None:
    """Back to the board, in the caller's transaction: the order ready again (orders' service, which
    locks it), the delivery open with no courier, the release counted and recorded. `user` None: the
    system (a suspension)."""
    try:
        order_delivery_release(order_id=delivery.order_id, courier_user=user)
    except OrderError as error:
        if error.code != "invalid_transition":
            raise
        raise CourierError(_("A job can only be given back before pickup."), "invalid_transition") from error
    _delivery_locked(delivery.pk)
    reopened = Delivery.objects.filter(
        pk=delivery.pk, courier=courier, status=DeliveryStatus.ASSIGNED
    ).update(status=DeliveryStatus.OPEN, courier=None, assigned_at=None)
    if not reopened:
        raise CourierError(_("A job can only be given back before pickup."), "invalid_transition")
    Courier.objects.filter(pk=courier.pk).update(release_count=F("release_count") + 1)
    DeliveryEvent.objects.create(delivery=delivery, courier=courier, user=user, kind=RELEASED, reason=reason)
    delivery.refresh_from_db()
    job_announce(delivery, besides=courier)


# --- When orders or the review change things under the courier ------------------------------------------


def delivery_follow_cancellation(order: Order) -> None:
    """The order (locked by the caller) was cancelled: its job, open or taken, ends cancelled, and a
    courier who took it is told not to pick it up."""
    delivery = Delivery.objects.select_for_update(of=("self",)).filter(order=order).first()
    if delivery is None or delivery.status not in (DeliveryStatus.OPEN, DeliveryStatus.ASSIGNED):
        return
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.CANCELLED, finished_at=now)
    DeliveryEvent.objects.create(
        delivery=delivery, courier=delivery.courier, kind=CANCELLED, reason=order.cancel_reason[:300], at=now
    )
    if delivery.courier_id is not None:
        notify(
            event=DELIVERY_CANCELLED.name,
            params={"order": order.number, "reason": order.cancel_reason},
            user=delivery.courier.user,
        )


def jobs_of_suspended_courier(courier: Courier) -> None:
    """A courier is being suspended (before their row is locked, keeping the lock order): each job not
    yet picked up goes back to the board, and the region's staff are told."""
    reason = str(_("The courier was suspended."))
    for delivery in Delivery.objects.filter(courier=courier, status=DeliveryStatus.ASSIGNED).select_related(
        "order"
    ):
        _return_to_board(delivery, courier, user=None, reason=reason)
        params = {"order": delivery.order.number, "courier": _courier_name(courier)}
        _tell_staff(delivery.region_id, JOB_RETURNED, params)


def suspended_courier_holding(courier: Courier) -> None:
    """After a courier's suspension: tell the region's staff of every delivery they still hold (picked
    up, failed, or taken at the very moment of the suspension), for them to settle."""
    held = Delivery.objects.filter(courier=courier, status__in=ACTIVE_DELIVERY_STATUSES).select_related(
        "order"
    )
    for delivery in held:
        params = {
            "order": delivery.order.number,
            "courier": _courier_name(courier),
            "status": str(delivery.get_status_display()),
        }
        _tell_staff(delivery.region_id, COURIER_SUSPENDED_HOLDING, params)


# --- Jobs nobody takes (periodic) ------------------------------------------------------------------------


def jobs_alert_unassigned() -> int:
    """The periodic job: each job open longer than COURIER_UNASSIGNED_ALERT_MINUTES alerts the region's
    staff and the stalls' coordinators, once (`alerted_at` set by a conditional update, so two runs at
    once alert once). How many jobs it alerted about."""
    now = timezone.now()
    minutes = settings.COURIER_UNASSIGNED_ALERT_MINUTES
    due = Delivery.objects.filter(
        status=DeliveryStatus.OPEN, alerted_at__isnull=True, opened_at__lte=now - timedelta(minutes=minutes)
    ).values_list("pk", flat=True)
    alerted = 0
    for delivery_id in list(due[:500]):
        with transaction.atomic():
            claimed = Delivery.objects.filter(
                pk=delivery_id, status=DeliveryStatus.OPEN, alerted_at__isnull=True
            ).update(alerted_at=now)
            if claimed:
                _tell_unassigned(
                    Delivery.objects.select_related("order", "market").get(pk=delivery_id), minutes
                )
                alerted += 1
    return alerted


def _tell_unassigned(delivery: Delivery, minutes: int) -> None:
    params = {"order": delivery.order.number, "market": delivery.market.name, "minutes": minutes}
    told = _tell_staff(delivery.region_id, JOB_UNASSIGNED, params)
    stops = delivery.stops.select_related("trader_order__trader__group__coordinator__user")
    for stop in stops:
        group = stop.trader_order.trader.group
        coordinator = group.coordinator if group is not None else None
        if coordinator is None or not coordinator.is_active or coordinator.user_id in told | {None}:
            continue
        notify(event=JOB_UNASSIGNED.name, params=params, user=coordinator.user)
        told.add(coordinator.user_id)


# --- Telling people ------------------------------------------------------------------------------------


def _tell_staff(region_id: int, event, params: dict) -> set[int]:
    """Every staff member of the region; the ids of the users told."""
    told = set()
    for assignment in region_staff_list(region_id):
        notify(event=event.name, params=params, user=assignment.user)
        told.add(assignment.user_id)
    return told


def _tell_stalls_coming(delivery: Delivery, courier: Courier) -> None:
    stops = delivery.stops.select_related(
        "trader_order__trader__group__coordinator__user", "trader_order__trader__user"
    )
    for stop in stops:
        stall = stop.trader_order.trader
        params = {
            "order": delivery.order.number,
            "courier": _courier_name(courier),
            "plate": courier.plate_number,
            "stall": stall.stall_name,
            "cash": rupiah(stop.cash_due),
        }
        notify_stall(stall, COURIER_COMING, params)


def _courier_name(courier: Courier) -> str:
    return courier.user.name or str(courier.user)
