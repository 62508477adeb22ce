"""Applying to sell: a signed-in user asks the market's trade office for a stall."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import F, Value
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from market.models import ApplicationKind, Market
from market.services import application_submit
from vendors.errors import VendorError
from vendors.models import (
    GROUP_OF_ANOTHER_MARKET,
    Trader,
    TraderGroup,
    TraderStatus,
    stall_number_key,
    validate_group_in_market,
)
from vendors.selectors import user_has_open_stall
from vendors.services.photos import process_photo

ALREADY_APPLIED = _("You already have a stall or an open application in this market.")
STALL_NUMBER_TAKEN = _(
    "This stall number is already taken in this market, by a stall or an application waiting for review. "
    "Check the number painted on the stall."
)


def stall_number_reserve(*, market: Market, stall_number: str) -> None:
    """In the caller's transaction, lock the market's new stalls and refuse a number already held there.

    A number is held by an active stall or a pending one (an application or registration waiting for
    review), compared with letter case and spaces ignored. The lock (the market row, FOR NO KEY UPDATE,
    which rows pointing at the market do not wait for) makes two new stalls of one market check one
    after the other, so the same number cannot slip in twice. Call it first in the transaction.

    Raises VendorError "stall_taken" on the stall_number field, "busy" past the lock timeout."""
    Market.objects.select_for_update(no_key=True).filter(pk=market.pk).first()
    taken = (
        Trader.objects.filter(market=market, status__in=[TraderStatus.PENDING, TraderStatus.ACTIVE])
        .alias(key=stall_number_key(F("stall_number")))
        .filter(key=stall_number_key(Value(stall_number)))
    )
    if taken.exists():
        raise VendorError(STALL_NUMBER_TAKEN, "stall_taken", field="stall_number")


def group_check_in_market(*, group: TraderGroup | None, market: Market) -> None:
    """Refuse a group of another market (vendors.models.validate_group_in_market): VendorError
    "wrong_group" on the group field."""
    try:
        validate_group_in_market(group, market.pk)
    except ValidationError:
        raise VendorError(GROUP_OF_ANOTHER_MARKET, "wrong_group", field="group") from None


def trader_application_submit(
    *,
    user,
    market: Market,
    stall_number: str,
    stall_name: str,
    whatsapp: str,
    categories,
    group: TraderGroup | None = None,
    description: str = "",
    photo=None,
    whatsapp_public: bool = False,
) -> Trader:
    """Apply for a stall in `market`: a pending Application for the market's region and its pending
    stall, together. `whatsapp` is E.164 (accounts.phone.normalize_phone); `whatsapp_public` is the
    applicant's consent to show it to shoppers. `photo`, optional, is an
    uploaded photo of the stall, checked and resized as product photos are (vendors.images). A rejected
    applicant may apply again; an open application or a stall in the same market blocks a new one.

    Raises VendorError "already_applied" for a second open application in the market, "closed_market"
    for a market not open, "wrong_group" (on the group field) for a group of another market,
    "stall_taken" (on the stall_number field, see stall_number_reserve), "busy", ValidationError (per
    field) for bad values or a photo that is not a sound JPEG, PNG or WebP within the limits. Nothing is
    saved when it raises."""
    if not market.is_active:
        raise VendorError(_("This market does not take applications."), "closed_market")
    group_check_in_market(group=group, market=market)
    # Everything that needs no decoding is checked before the photo is: a refused repeat costs a query.
    if user_has_open_stall(user, market):
        raise VendorError(ALREADY_APPLIED, "already_applied")
    processed = process_photo(photo) if photo else None
    stored = []
    try:
        with atomic_or_busy(VendorError):
            if user_has_open_stall(user, market):
                raise VendorError(ALREADY_APPLIED, "already_applied")
            stall_number_reserve(market=market, stall_number=stall_number)
            application = application_submit(
                kind=ApplicationKind.TRADER, applicant=user, submitted_by=user, region=market.region
            )
            stall = Trader(
                user=user,
                market=market,
                group=group,
                application=application,
                stall_name=stall_name,
                owner_name=user.name or stall_name,
                stall_number=stall_number,
                whatsapp=whatsapp,
                whatsapp_public=whatsapp_public,
                description=description,
            )
            # The one-open-application rule is checked above and by the database's constraint, so
            # two requests at once cannot both pass.
            stall.full_clean(validate_constraints=False)
            if processed:
                stored = processed.attach_to(stall)
            stall.save()
            stall.categories.set(categories)
    except Exception as error:
        # The rows were rolled back: take the files stored for them away too.
        for storage, name in stored:
            storage.delete(name)
        if isinstance(error, IntegrityError) and user_has_open_stall(user, market):
            raise VendorError(ALREADY_APPLIED, "already_applied") from error
        raise
    return stall
