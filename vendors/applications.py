"""Applying to sell: a signed-in user asks the market's trade office for a stall."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from market.models import Application, ApplicationKind, Market
from vendors.images import process_photo
from vendors.models import Trader, TraderGroup, TraderStatus
from vendors.services import VendorError

ALREADY_APPLIED = _("You already have a stall or an open application in this market.")


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
) -> Trader:
    """Apply for a stall in `market`: a pending Application for the market's region and its pending
    stall, together. `whatsapp` is E.164 (accounts.phone.normalize_phone). `photo`, optional, is an
    uploaded photo of the stall, checked and resized as product photos are (vendors.images). A rejected
    applicant may apply again; an open application or a stall in the same market blocks a new one.

    Raises VendorError "already_applied" for a second open application in the market, "closed_market"
    for a market not open, ValidationError (per field) for bad values, a group of another market or a
    photo that is not a sound JPEG, PNG or WebP within the limits. Nothing is saved when it raises."""
    if not market.is_active:
        raise VendorError(_("This market does not take applications."), "closed_market")
    if group is not None and group.market_id != market.pk:
        raise VendorError(_("Choose a group of this market."), "wrong_group")
    # Everything that needs no decoding is checked before the photo is: a refused repeat costs a query.
    if _has_stall_in(user, market):
        raise VendorError(ALREADY_APPLIED, "already_applied")
    processed = process_photo(photo) if photo else None
    stored = []
    try:
        with transaction.atomic():
            application = Application.objects.create(
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
                description=description,
            )
            # The one-open-application rule is left to the database's constraint, so two requests at
            # once cannot both pass.
            stall.full_clean(validate_constraints=False)
            if processed:
                stored = processed.attach_to(stall)
            stall.save()
            stall.categories.set(categories)
    except Exception as error:
        # The rows were rolled back: take the files stored for them away too.
        for storage, name in stored:
            storage.delete(name)
        if isinstance(error, IntegrityError) and _has_stall_in(user, market):
            raise VendorError(ALREADY_APPLIED, "already_applied") from error
        raise
    return stall


def _has_stall_in(user, market: Market) -> bool:
    return Trader.objects.filter(user=user, market=market).exclude(status=TraderStatus.REJECTED).exists()


def trader_application_list_for_user(user) -> QuerySet[Trader]:
    """The user's own stall applications, newest first, with their decisions."""
    return (
        Trader.objects.filter(user=user, application__isnull=False)
        .select_related("market__region", "group", "application")
        .prefetch_related("categories", "application__decisions")
        .order_by("-application__created_at", "-pk")
    )
