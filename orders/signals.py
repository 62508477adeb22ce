"""Signals the orders app sends; higher apps (couriers) receive them."""

from django.dispatch import Signal

# Sent inside the transaction that made the order ready (every stall that accepted is ready), with
# `order`: the couriers app opens its Delivery in the same transaction.
order_ready_for_pickup = Signal()

# Sent inside the transaction that cancelled the order (the Order still locked), with `order`: the
# couriers app ends the order's Delivery, if it has one, in the same transaction.
order_cancelled = Signal()
