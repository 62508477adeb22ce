"""State changes of accounts: phone claims and verification, language, password."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.errors import AccountError
from accounts.models import Language, User
from accounts.phone import normalize_phone
from accounts.signals import phone_verified

PHONE_TAKEN_MESSAGE = _("This phone number already belongs to another account.")


def user_set_phone(*, user: User, phone: str) -> User:
    """Record an unverified claim of `phone`: it identifies nobody until `user_verify_phone`.

    Any number of accounts may claim the same number, so a mistyped or stolen number never blocks
    its real owner.
    """
    user.phone = normalize_phone(phone)
    user.phone_verified = False
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save(update_fields=["phone", "phone_verified"])
    return user


def user_verify_phone(*, user: User, phone: str) -> User:
    """Make `phone` the verified number of `user`, who just proved they receive its messages.

    Other accounts' unverified claims of the number are dropped where the account keeps an email to
    sign in with; a phone-only claimant keeps its claim, which can no longer identify it (the
    verified owner wins every lookup). Sends `phone_verified` in the same transaction. Raises
    AccountError if another account verified it first.
    """
    phone = normalize_phone(phone)
    try:
        with transaction.atomic():
            # Lock every account holding the number (and this one) in pk order, so two verifications
            # of the same number run one after the other and the second sees the first's result.
            holders = list(
                User.objects.select_for_update().filter(Q(phone=phone) | Q(pk=user.pk)).order_by("pk")
            )
            if any(holder.pk != user.pk and holder.phone_verified for holder in holders):
                raise AccountError(PHONE_TAKEN_MESSAGE, code="phone_taken")
            others_with_email = [h.pk for h in holders if h.pk != user.pk and h.email]
            User.objects.filter(pk__in=others_with_email).update(phone=None)
            user.phone = phone
            user.phone_verified = True
            user.save(update_fields=["phone", "phone_verified"])
            phone_verified.send(sender=User, user=user, phone=phone)
    except IntegrityError as exc:  # a concurrent verification won on a database without row locks
        raise AccountError(PHONE_TAKEN_MESSAGE, code="phone_taken") from exc
    return user


def phone_owner_lock(*, phone: str) -> User | None:
    """Inside the caller's transaction, lock the accounts that hold `phone` (E.164), verified or not, as
    `user_verify_phone` does, and return its verified owner, if any. A change that depends on who owns
    the number then runs wholly before or wholly after a verification of it by a signed-up claimant."""
    holders = list(User.objects.select_for_update().filter(phone=phone).order_by("pk"))
    return next((holder for holder in holders if holder.phone_verified), None)


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language the user chose; pages and messages to them use it."""
    if language not in Language.values:
        raise AccountError(_("Choose one of the offered languages."), code="invalid_language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_set_password(*, user: User, password: str) -> User:
    """Replace the password (already validated by the caller's form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def user_update_profile(*, user: User, name: str | None = None, language: str | None = None) -> User:
    """Change what the user may edit about themselves: their name and preferred language, both or neither."""
    with transaction.atomic():
        if language is not None:
            user_set_language(user=user, language=language)
        if name is not None and name != user.name:
            user.name = name
            user.full_clean(exclude=["password"], validate_unique=False)
            user.save(update_fields=["name"])
    return user
