"""Courier companies, kept by the trade office: staff register a company of their region and name its
admins, who then decide the applications of the couriers who apply to it (market's review, see
couriers.permissions.company_admin_decision_scope)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalize_phone
from accounts.selectors import user_get_by_verified_phone
from core.locking import atomic_or_busy
from couriers.errors import CourierError
from couriers.models import CourierCompany
from market.models import ApplicationKind, Region
from market.permissions import is_region_staff
from market.services import application_approve, application_submit

NOT_FOUND = _("Courier company not found.")
NAME_TAKEN = _("A courier company of this name is already registered in this region.")


def company_register(*, actor, region: Region, name: str, phone: str, address: str = "") -> CourierCompany:
    """Register a courier company of `region` as its staff member `actor`. Like a trader registered by
    staff it goes through the review: an Application of kind company that the actor's own approval (a
    Decision, "Registered by the trade office.") opens at once, so the company is active and staff may
    later suspend or reinstate it in the review. `phone` is E.164 (accounts.phone.normalize_phone).

    Raises CourierError "not_found" for a region the actor is not staff of, ValidationError (per field)
    for a name already registered in the region (any letter case) or bad values, "busy". Nothing is
    saved when it raises."""
    if not is_region_staff(actor, region.pk):
        raise CourierError(_("Region not found."), "not_found")
    name = " ".join(name.split())
    company = CourierCompany(region=region, name=name, phone=phone, address=address.strip())
    company.full_clean(exclude=["application"], validate_constraints=False)
    if CourierCompany.objects.filter(region=region, name__iexact=name).exists():
        raise ValidationError({"name": NAME_TAKEN})
    try:
        with atomic_or_busy(CourierError):
            company.application = application_submit(
                kind=ApplicationKind.COMPANY, applicant=None, submitted_by=actor, region=region
            )
            company.save()
            application_approve(
                application_id=company.application_id,
                actor=actor,
                reason=str(_("Registered by the trade office.")),
            )
    except IntegrityError as error:  # the same name registered at the same instant
        raise ValidationError({"name": NAME_TAKEN}) from error
    company.refresh_from_db()
    return company


def _staff_company(*, company_id: int, actor) -> CourierCompany:
    company = CourierCompany.objects.filter(pk=company_id).first()
    if company is None or not is_region_staff(actor, company.region_id):
        raise CourierError(NOT_FOUND, "not_found")
    return company


def company_admin_add(*, actor, company_id: int, phone: str):
    """Name the account that verified WhatsApp number `phone` (as typed: 0812…, 62812…, +62812…) an admin
    of the company, as staff of its region. Returns the user.

    Raises CourierError "not_found" for a company outside the actor's regions; on the phone field
    "no_such_user" when no account has verified the number, "already_admin"; ValidationError (phone) for
    a number that is not an Indonesian mobile number."""
    company = _staff_company(company_id=company_id, actor=actor)
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.error_list}) from None
    user = user_get_by_verified_phone(phone=phone)
    if user is None:
        raise CourierError(
            _("No account has verified this WhatsApp number. Ask the admin to sign up with it first."),
            "no_such_user",
            field="phone",
        )
    if company.admins.filter(pk=user.pk).exists():
        raise CourierError(
            _("This person is already an admin of the company."), "already_admin", field="phone"
        )
    company.admins.add(user)
    return user


def company_admin_remove(*, actor, company_id: int, user_id: int) -> None:
    """Take an admin off the company, as staff of its region. Raises CourierError "not_found" for a
    company outside the actor's regions or a user who is not its admin."""
    company = _staff_company(company_id=company_id, actor=actor)
    if not company.admins.filter(pk=user_id).exists():
        raise CourierError(_("This person is not an admin of the company."), "not_found")
    company.admins.remove(user_id)
