"""Reads of the couriers app, scoped to the caller's role."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.phone import phone_search_fragment
from couriers.models import Courier, CourierCompany, ProfileStatus
from market.registry import ApplicationSummary, Fact


def courier_profile_for_user(user) -> Courier | None:
    """The user's courier profile (the open or approved one), if any."""
    if not user.is_authenticated:
        return None
    return (
        Courier.objects.filter(user=user)
        .exclude(status=ProfileStatus.REJECTED)
        .select_related("region", "company")
        .first()
    )


def companies_administered_by(user) -> QuerySet[CourierCompany]:
    if not user.is_authenticated:
        return CourierCompany.objects.none()
    return CourierCompany.objects.filter(admins=user).select_related("region")


def courier_list_for_company(company: CourierCompany) -> QuerySet[Courier]:
    return company.couriers.select_related("user").order_by("user__name")


# --- What the review's queue shows and finds of courier and company applications (see apps.py) -------


def courier_application_summaries(applications) -> dict[int, ApplicationSummary]:
    """The courier of each courier application: who, their vehicle and plate, their company if any."""
    couriers = Courier.objects.filter(
        application__in=[application.pk for application in applications]
    ).select_related("user", "company")
    return {courier.application_id: _courier_summary(courier) for courier in couriers}


def _courier_summary(courier: Courier) -> ApplicationSummary:
    facts = [Fact("vehicle", _("Vehicle"), courier.get_vehicle_display())]
    if courier.plate_number:
        facts.append(Fact("plate_number", _("Plate number"), courier.plate_number))
    if courier.company is not None:
        facts.append(Fact("company", _("Courier company"), courier.company.name))
    return ApplicationSummary(name=courier.user.name or str(courier.user), facts=tuple(facts))


def courier_application_search(term: str) -> Q:
    """Courier applications whose courier's name, phone number (any format) or plate matches `term`."""
    query = Q(user__name__icontains=term) | Q(plate_number__icontains=term)
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(user__phone__contains=phone)
    couriers = Courier.objects.filter(query, application__isnull=False)
    return Q(pk__in=couriers.values("application_id"))


def company_application_summaries(applications) -> dict[int, ApplicationSummary]:
    """The company of each courier-company application: its name, phone number and address."""
    companies = CourierCompany.objects.filter(
        application__in=[application.pk for application in applications]
    )
    return {company.application_id: _company_summary(company) for company in companies}


def _company_summary(company: CourierCompany) -> ApplicationSummary:
    facts = [Fact("phone", _("Phone number"), company.phone.as_national if company.phone else "")]
    if company.address:
        facts.append(Fact("address", _("Address"), company.address))
    return ApplicationSummary(name=company.name, facts=tuple(facts))


def company_application_search(term: str) -> Q:
    """Company applications whose company's name or phone number (any format) matches `term`."""
    query = Q(name__icontains=term)
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(phone__contains=phone)
    companies = CourierCompany.objects.filter(query, application__isnull=False)
    return Q(pk__in=companies.values("application_id"))
