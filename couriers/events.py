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

EVENTS = (
    JOB_NEW,
    COURIER_COMING,
    JOB_UNASSIGNED,
    JOB_RETURNED,
    COURIER_SUSPENDED_HOLDING,
    DELIVERY_CANCELLED,
    COMPANY_APPLICATION,
)


def register_events() -> None:
    for event in EVENTS:
        register(event)
