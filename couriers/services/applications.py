"""Applying as a courier: a signed-in user with a verified WhatsApp number asks the region's trade office
(or the courier company they ride for) to deliver."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from couriers.errors import CourierError
from couriers.events import COMPANY_APPLICATION
from couriers.models import Courier, CourierCompany
from couriers.plates import normalize_plate
from market.models import ApplicationKind, ProfileStatus, Region
from market.services import application_submit
from notifications.models import Channel
from notifications.services import notify

ALREADY_APPLIED = _("You already have a courier profile or an application waiting for review.")
WRONG_COMPANY = _("Choose a courier company of your region, or none.")
PHONE_UNVERIFIED = _(
    "Verify your WhatsApp number first: shoppers, stalls and the trade office reach you there."
)


def _has_open_profile(user) -> bool:
    return Courier.objects.filter(user=user).exclude(status=ProfileStatus.REJECTED).exists()


def courier_application_submit(
    *, user, region: Region, vehicle: str, plate_number: str, company: CourierCompany | None = None
) -> Courier:
    """Apply to deliver in `region`: a pending Application of kind courier for the region's review and
    the pending Courier, together. The plate is normalised ("dk1234ab" → "DK 1234 AB"). With `company`
    (an active company of the region) its admins may decide the application too, and are told in the
    app. A rejected applicant
    may apply again; a courier profile that is pending, active or suspended blocks a new one.

    Raises CourierError "phone_unverified" when the account has no verified WhatsApp number,
    "wrong_company" (on the company field) for a company of another region or one not active,
    "already_applied", "busy", or ValidationError (per field) for a bad plate or vehicle. Nothing is
    saved when it raises."""
    if user.verified_phone is None:
        raise CourierError(PHONE_UNVERIFIED, "phone_unverified")
    if company is not None and (company.region_id != region.pk or company.status != ProfileStatus.ACTIVE):
        raise CourierError(WRONG_COMPANY, "wrong_company", field="company")
    if _has_open_profile(user):
        raise CourierError(ALREADY_APPLIED, "already_applied")
    try:
        plate_number = normalize_plate(plate_number)
    except ValidationError as error:
        raise ValidationError({"plate_number": error.error_list}) from None
    courier = Courier(user=user, region=region, company=company, vehicle=vehicle, plate_number=plate_number)
    # The one-open-profile rule is checked above and by the database's constraint, so two requests at
    # once cannot both pass.
    courier.full_clean(exclude=["application"], validate_constraints=False)
    try:
        with atomic_or_busy(CourierError):
            courier.application = application_submit(
                kind=ApplicationKind.COURIER, applicant=user, submitted_by=user, region=region
            )
            courier.save()
            if company is not None:
                _tell_company_admins(courier)
    except IntegrityError as error:
        if _has_open_profile(user):
            raise CourierError(ALREADY_APPLIED, "already_applied") from error
        raise
    return courier


def _tell_company_admins(courier: Courier) -> None:
    params = {
        "company": courier.company.name,
        "courier": courier.user.name or str(courier.user),
        "plate": courier.plate_number,
    }
    for admin in courier.company.admins.exclude(pk=courier.user_id):
        notify(event=COMPANY_APPLICATION.name, params=params, user=admin, channels=[Channel.IN_APP])
