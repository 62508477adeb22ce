"""The notification events of the orders app, registered from OrdersConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Event, register

# To each stall of a new order (its trader, or its coordinator for a trader with no account).
ORDER_NEW = Event(
    name="order.new",
    title=_("New order %(order)s"),
    body=_("New order %(order)s for %(stall)s: %(items)s. Accept or refuse it on Pasar Daring."),
    whatsapp_template="pasar_order_new",
    whatsapp_params=("order", "stall", "items"),
)
# To the shopper, as each stall answers and as the order moves.
STALL_ACCEPTED = Event(
    name="order.stall_accepted",
    title=_("%(stall)s accepted order %(order)s"),
    body=_("%(stall)s accepted your order %(order)s and is preparing it."),
    whatsapp_template="pasar_order_stall_accepted",
    whatsapp_params=("order", "stall"),
)
STALL_REFUSED = Event(
    name="order.stall_refused",
    title=_("%(stall)s refused order %(order)s"),
    body=_(
        "%(stall)s cannot serve your order %(order)s. Reason: %(reason)s. Its items were taken off; "
        "you now pay %(total)s."
    ),
    whatsapp_template="pasar_order_stall_refused",
    whatsapp_params=("order", "stall", "reason", "total"),
)
ITEMS_CHANGED = Event(
    name="order.items_changed",
    title=_("Order %(order)s changed"),
    body=_("%(stall)s changed your order %(order)s: %(changes)s. You now pay %(total)s."),
    whatsapp_template="pasar_order_items_changed",
    whatsapp_params=("order", "stall", "changes", "total"),
)
ORDER_READY = Event(
    name="order.ready",
    title=_("Order %(order)s is ready"),
    body=_("Every stall has your order %(order)s ready. A courier will pick it up."),
    whatsapp_template="pasar_order_ready",
    whatsapp_params=("order",),
)
ORDER_CANCELLED = Event(
    name="order.cancelled",
    title=_("Order %(order)s cancelled"),
    body=_("Order %(order)s was cancelled. Reason: %(reason)s."),
    whatsapp_template="pasar_order_cancelled",
    whatsapp_params=("order", "reason"),
)
COURIER_ASSIGNED = Event(
    name="order.courier_assigned",
    title=_("A courier takes order %(order)s"),
    body=_("%(courier)s (%(plate)s) will pick up your order %(order)s at the market."),
    whatsapp_template="pasar_order_courier_assigned",
    whatsapp_params=("order", "courier", "plate"),
)
PICKED_UP = Event(
    name="order.picked_up",
    title=_("Order %(order)s is on its way"),
    body=_(
        "%(courier)s is bringing your order %(order)s. Have %(total)s in cash ready and give the "
        "courier your code."
    ),
    whatsapp_template="pasar_order_picked_up",
    whatsapp_params=("order", "courier", "total"),
)
DELIVERED = Event(
    name="order.delivered",
    title=_("Order %(order)s delivered"),
    body=_("Your order %(order)s was delivered. Thank you for shopping at the market."),
    whatsapp_template="pasar_order_delivered",
    whatsapp_params=("order",),
)
DELIVERY_FAILED = Event(
    name="order.delivery_failed",
    title=_("Order %(order)s was not delivered"),
    body=_("The delivery of order %(order)s failed. Reason: %(reason)s."),
    whatsapp_template="pasar_order_delivery_failed",
    whatsapp_params=("order", "reason"),
)
DELIVERY_RETRY = Event(
    name="order.delivery_retry",
    title=_("Order %(order)s comes again"),
    body=_("%(courier)s will bring your order %(order)s once more. Have %(total)s in cash ready."),
    whatsapp_template="pasar_order_delivery_retry",
    whatsapp_params=("order", "courier", "total"),
)
ORDER_RETURNED = Event(
    name="order.returned",
    title=_("Order %(order)s returned to the stalls"),
    body=_("Your order %(order)s could not be delivered and went back to the stalls. Reason: %(reason)s."),
    whatsapp_template="pasar_order_returned",
    whatsapp_params=("order", "reason"),
)

EVENTS = [
    ORDER_NEW,
    STALL_ACCEPTED,
    STALL_REFUSED,
    ITEMS_CHANGED,
    ORDER_READY,
    ORDER_CANCELLED,
    COURIER_ASSIGNED,
    PICKED_UP,
    DELIVERED,
    DELIVERY_FAILED,
    DELIVERY_RETRY,
    ORDER_RETURNED,
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
