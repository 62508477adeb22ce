"""The notification events of the couriers app, registered from CouriersConfig.ready(). The shopper
hears of their courier through orders' own events (orders.events.COURIER_ASSIGNED)."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Event, register

# To online couriers of the region when a job opens (WhatsApp throttled per courier).
JOB_NEW = Event(
    name="delivery.job_new",
    title=_("New delivery job at %(market)s"),
    body=_(
        "New job at %(market)s to %(kelurahan)s: fee %(fee)s, cash for the stalls %(cash)s. "
        "Take it on the job board."
    ),
    whatsapp_template="pasar_delivery_job_new",
    whatsapp_params=("market", "kelurahan", "fee", "cash"),
)
# To each stall of the order when a courier takes it.
COURIER_COMING = Event(
    name="delivery.courier_coming",
    title=_("A courier is coming for order %(order)s"),
    body=_(
        "%(courier)s (%(plate)s) is coming to %(stall)s for order %(order)s and will pay you %(cash)s. "
        "Have it ready."
    ),
    whatsapp_template="pasar_delivery_courier_coming",
    whatsapp_params=("order", "courier", "plate", "stall", "cash"),
)
# To the region's staff and the stalls' coordinators, once, when nobody takes a job in time.
JOB_UNASSIGNED = Event(
    name="delivery.unassigned",
    title=_("No courier for order %(order)s"),
    body=_("No courier has taken order %(order)s at %(market)s for %(minutes)s minutes."),
    whatsapp_template="pasar_delivery_unassigned",
    whatsapp_params=("order", "market", "minutes"),
)
# To the region's staff when a suspended courier's job went back to the board.
JOB_RETURNED = Event(
    name="delivery.returned_to_board",
    title=_("Order %(order)s is back on the job board"),
    body=_(
        "%(courier)s was suspended before picking up order %(order)s; the job is open for another courier."
    ),
    whatsapp_template="pasar_delivery_returned_to_board",
    whatsapp_params=("order", "courier"),
)
# To the region's staff when a suspended courier still holds an order's goods (or was about to).
COURIER_SUSPENDED_HOLDING = Event(
    name="delivery.suspended_courier_holding",
    title=_("Suspended courier holds order %(order)s"),
    body=_(
        "%(courier)s was suspended while holding order %(order)s (%(status)s). Contact them and settle it."
    ),
    whatsapp_template="pasar_delivery_suspended_courier_holding",
    whatsapp_params=("order", "courier", "status"),
)
# To the courier when the trade office cancels an order they took.
DELIVERY_CANCELLED = Event(
    name="delivery.cancelled",
    title=_("Order %(order)s was cancelled"),
    body=_("Order %(order)s was cancelled. Reason: %(reason)s. Do not pick it up."),
    whatsapp_template="pasar_delivery_cancelled",
    whatsapp_params=("order", "reason"),
)
# To a courier company's admins, in the app, when a courier applies to ride for the company (the
# region's staff hear of it through market's application.submitted).
COMPANY_APPLICATION = Event(
    name="courier.applied_to_company",
    title=_("New courier for %(company)s"),
    body=_("%(courier)s (%(plate)s) applied to ride for %(company)s. Approve or reject it on Our couriers."),
)

# To a stall, when the courier has picked its part up and says what they paid.
STOP_PICKED_UP = Event(
    name="delivery.stop_picked_up",
    title=_("Order %(order)s picked up"),
    body=_(
        "%(courier)s picked up order %(order)s at %(stall)s and says they paid %(cash)s. Confirm the cash "
        "you received on Pasar Daring."
    ),
    whatsapp_template="pasar_delivery_stop_picked_up",
    whatsapp_params=("order", "courier", "stall", "cash"),
)
# To the region's staff: a stall confirmed another amount than the courier said.
CASH_MISMATCH = Event(
    name="delivery.cash_mismatch",
    title=_("Cash differs on order %(order)s"),
    body=_(
        "Order %(order)s: %(stall)s received %(confirmed)s, but courier %(courier)s says they paid %(paid)s."
    ),
    whatsapp_template="pasar_delivery_cash_mismatch",
    whatsapp_params=("order", "stall", "confirmed", "courier", "paid"),
)
# To the region's staff: too many wrong handover codes.
HANDOVER_LOCKED = Event(
    name="delivery.handover_locked",
    title=_("Handover of order %(order)s locked"),
    body=_(
        "Courier %(courier)s entered %(tries)s wrong codes for order %(order)s; the handover is locked "
        "until you unlock it."
    ),
    whatsapp_template="pasar_delivery_handover_locked",
    whatsapp_params=("order", "courier", "tries"),
)
# To the courier, when staff unlock the handover.
HANDOVER_UNLOCKED = Event(
    name="delivery.handover_unlocked",
    title=_("Order %(order)s unlocked"),
    body=_("The trade office unlocked the handover of order %(order)s: enter the shopper's code again."),
    whatsapp_template="pasar_delivery_handover_unlocked",
    whatsapp_params=("order",),
)
# To the region's staff: the courier could not reach the shopper.
DELIVERY_FAILED = Event(
    name="delivery.delivery_failed",
    title=_("Order %(order)s not delivered"),
    body=_(
        "Courier %(courier)s could not deliver order %(order)s. Reason: %(reason)s. Decide: once more, "
        "or back to the stalls."
    ),
    whatsapp_template="pasar_delivery_delivery_failed",
    whatsapp_params=("order", "courier", "reason"),
)
# To the courier, after the staff's decision.
DELIVERY_RETRY = Event(
    name="delivery.delivery_retry",
    title=_("Deliver order %(order)s once more"),
    body=_("The trade office asks you to deliver order %(order)s once more."),
    whatsapp_template="pasar_delivery_delivery_retry",
    whatsapp_params=("order",),
)
DELIVERY_RETURN = Event(
    name="delivery.delivery_return",
    title=_("Take order %(order)s back to the stalls"),
    body=_(
        "Take the goods of order %(order)s back to the stalls. The %(cash)s you paid the stalls is "
        "recorded for settlement."
    ),
    whatsapp_template="pasar_delivery_delivery_return",
    whatsapp_params=("order", "cash"),
)
# To each stall of a returned order.
GOODS_RETURNED = Event(
    name="delivery.goods_returned",
    title=_("Order %(order)s comes back"),
    body=_("Order %(order)s could not be delivered: the courier brings the goods back to %(stall)s."),
    whatsapp_template="pasar_delivery_goods_returned",
    whatsapp_params=("order", "stall"),
)
# To each stall of a delivered order.
STALL_ORDER_COMPLETED = Event(
    name="delivery.stall_order_completed",
    title=_("Order %(order)s delivered"),
    body=_("Order %(order)s from %(stall)s reached the shopper: it is completed."),
)

EVENTS = (
    JOB_NEW,
    COURIER_COMING,
    JOB_UNASSIGNED,
    JOB_RETURNED,
    COURIER_SUSPENDED_HOLDING,
    DELIVERY_CANCELLED,
    STOP_PICKED_UP,
    CASH_MISMATCH,
    HANDOVER_LOCKED,
    HANDOVER_UNLOCKED,
    DELIVERY_FAILED,
    DELIVERY_RETRY,
    DELIVERY_RETURN,
    GOODS_RETURNED,
    STALL_ORDER_COMPLETED,
    COMPANY_APPLICATION,
)


def register_events() -> None:
    for event in EVENTS:
        register(event)
