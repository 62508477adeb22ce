"""Signals the market app sends; higher apps (vendors, couriers) receive them."""

from django.dispatch import Signal

# Sent inside the decision's transaction with `application` and `decision` (market.models.Decision):
# the app owning the application's kind updates its profile (a stall, a courier) in the same transaction.
# A receiver may raise market.services.ReviewError to refuse the decision; nothing is then saved.
application_decided = Signal()
