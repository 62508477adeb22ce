"""Signals accounts sends, for the apps above it to react to (accounts imports none of them)."""

from django.dispatch import Signal

# Sent inside the transaction of accounts.services.user_verify_phone, once `user` verified `phone`
# (E.164): a receiver's rows are committed with the verification, or not at all.
phone_verified = Signal()
