"""Reads of accounts. A phone number identifies a user only once verified."""

from django.db.models import QuerySet

from accounts.models import User


def user_get_by_verified_phone(*, phone: str) -> User | None:
    """The account that verified `phone` (E.164), if any."""
    return User.objects.filter(phone=phone, phone_verified=True).first()


def user_list_unverified_phone_claims(*, phone: str) -> QuerySet[User]:
    """Accounts that typed `phone` (E.164) but have not verified it, oldest first."""
    return User.objects.filter(phone=phone, phone_verified=False).order_by("pk")
