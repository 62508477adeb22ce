"""The notification events of the couriers app, registered from CouriersConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Event, register

# To a stall, when the courier has picked its part up and says what they paid.
STOP_PICKED_UP = Event(
    name="courier.stop_picked_up",
    title=_("Order %(order)s picked up"),
    body=_(
        "%(courier)s picked up order %(order)s at %(stall)s and says they paid %(cash)s. Confirm the cash "
        "you received on Pasar Daring."
    ),
    whatsapp_template="pasar_courier_stop_picked_up",
    whatsapp_params=("order", "courier", "stall", "cash"),
)
# To the region's staff: a stall confirmed another amount than the courier said.
CASH_MISMATCH = Event(
    name="courier.cash_mismatch",
    title=_("Cash differs on order %(order)s"),
    body=_(
        "Order %(order)s: %(stall)s received %(confirmed)s, but courier %(courier)s says they paid %(paid)s."
    ),
    whatsapp_template="pasar_courier_cash_mismatch",
    whatsapp_params=("order", "stall", "confirmed", "courier", "paid"),
)
# To the region's staff: too many wrong handover codes.
HANDOVER_LOCKED = Event(
    name="courier.handover_locked",
    title=_("Handover of order %(order)s locked"),
    body=_(
        "Courier %(courier)s entered %(tries)s wrong codes for order %(order)s; the handover is locked "
        "until you unlock it."
    ),
    whatsapp_template="pasar_courier_handover_locked",
    whatsapp_params=("order", "courier", "tries"),
)
# To the courier, when staff unlock the handover.
HANDOVER_UNLOCKED = Event(
    name="courier.handover_unlocked",
    title=_("Order %(order)s unlocked"),
    body=_("The trade office unlocked the handover of order %(order)s: enter the shopper's code again."),
    whatsapp_template="pasar_courier_handover_unlocked",
    whatsapp_params=("order",),
)
# To the region's staff: the courier could not reach the shopper.
DELIVERY_FAILED = Event(
    name="courier.delivery_failed",
    title=_("Order %(order)s not delivered"),
    body=_(
        "Courier %(courier)s could not deliver order %(order)s. Reason: %(reason)s. Decide: once more, "
        "or back to the stalls."
    ),
    whatsapp_template="pasar_courier_delivery_failed",
    whatsapp_params=("order", "courier", "reason"),
)
# To the courier, after the staff's decision.
DELIVERY_RETRY = Event(
    name="courier.delivery_retry",
    title=_("Deliver order %(order)s once more"),
    body=_("The trade office asks you to deliver order %(order)s once more."),
    whatsapp_template="pasar_courier_delivery_retry",
    whatsapp_params=("order",),
)
DELIVERY_RETURN = Event(
    name="courier.delivery_return",
    title=_("Take order %(order)s back to the stalls"),
    body=_(
        "Take the goods of order %(order)s back to the stalls. The %(cash)s you paid the stalls is "
        "recorded for settlement."
    ),
    whatsapp_template="pasar_courier_delivery_return",
    whatsapp_params=("order", "cash"),
)
# To each stall of a returned order.
GOODS_RETURNED = Event(
    name="courier.goods_returned",
    title=_("Order %(order)s comes back"),
    body=_("Order %(order)s could not be delivered: the courier brings the goods back to %(stall)s."),
    whatsapp_template="pasar_courier_goods_returned",
    whatsapp_params=("order", "stall"),
)
# To each stall of a delivered order.
STALL_ORDER_COMPLETED = Event(
    name="courier.stall_order_completed",
    title=_("Order %(order)s delivered"),
    body=_("Order %(order)s from %(stall)s reached the shopper: it is completed."),
)

EVENTS = [
    STOP_PICKED_UP,
    CASH_MISMATCH,
    HANDOVER_LOCKED,
    HANDOVER_UNLOCKED,
    DELIVERY_FAILED,
    DELIVERY_RETRY,
    DELIVERY_RETURN,
    GOODS_RETURNED,
    STALL_ORDER_COMPLETED,
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
