"""Whom the orders app tells: the shopper (their account, or the recipient's WhatsApp for an order
placed for someone with no account) and a stall (vendors.selectors.stall_recipient)."""

from notifications.events import Event
from notifications.services import notify
from orders.models import Order
from vendors.models import Trader
from vendors.selectors import stall_recipient


def notify_shopper(order: Order, event: Event, params: dict) -> None:
    if order.shopper_id is not None:
        notify(event=event.name, params=params, user=order.shopper)
    else:
        notify(event=event.name, params=params, phone=str(order.recipient_whatsapp))


def notify_stall(stall: Trader, event: Event, params: dict) -> None:
    notify(event=event.name, params=params, **stall_recipient(stall))
