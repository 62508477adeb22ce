"""Reads of the couriers app, scoped to the caller's role."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from accounts.phone import phone_search_fragment
from couriers.models import Courier, CourierCompany, ProfileStatus
from couriers.permissions import VISIBLE_COMPANY_STATUSES
from market.models import Decision
from market.registry import ApplicationSummary, Fact
from market.selectors import staff_regions


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


def courier_application_list_for_user(user) -> QuerySet[Courier]:
    """The user's own courier applications (every one, rejected too), newest first, each with its
    region, company, application and the decisions taken on it."""
    if not user.is_authenticated:
        return Courier.objects.none()
    return (
        Courier.objects.filter(user=user, application__isnull=False)
        .select_related("region", "company", "application")
        .prefetch_related(
            Prefetch("application__decisions", queryset=Decision.objects.order_by("created_at"))
        )
        .order_by("-application__created_at", "-pk")
    )


def company_list_for_applicants() -> QuerySet[CourierCompany]:
    """The companies a courier may apply to: active ones, by region and name."""
    return (
        CourierCompany.objects.filter(status=ProfileStatus.ACTIVE)
        .select_related("region")
        .order_by("region__name", "name")
    )


# Pending applications first, then active, suspended and rejected couriers.
_STATUS_ORDER = Case(
    *[When(status=status, then=Value(rank)) for rank, status in enumerate(ProfileStatus.values)],
    output_field=IntegerField(),
)


def courier_list_for_company_admin(user, *, status: str | None = None) -> QuerySet[Courier]:
    """The couriers of the companies `user` administers (active or suspended companies), pending
    applications first, then by name; with `status` only those in it. Another company's couriers are
    not here, so looking one up is a 404."""
    if not user.is_authenticated:
        return Courier.objects.none()
    couriers = Courier.objects.filter(
        company__admins=user, company__status__in=VISIBLE_COMPANY_STATUSES
    ).select_related("user", "company", "application")
    if status:
        couriers = couriers.filter(status=status)
    return couriers.order_by(_STATUS_ORDER, "user__name", "pk")


def company_list_for_staff(user) -> QuerySet[CourierCompany]:
    """The courier companies of the staff member's regions, by region and name, with how many admins
    and active couriers each has."""
    return (
        CourierCompany.objects.filter(region__in=staff_regions(user))
        .select_related("region")
        .annotate(
            admin_count=Count("admins", distinct=True),
            courier_count=Count("couriers", filter=Q(couriers__status=ProfileStatus.ACTIVE), distinct=True),
        )
        .order_by("region__name", "name")
    )


def company_detail_list_for_staff(user) -> QuerySet[CourierCompany]:
    """company_list_for_staff's companies with their admins' accounts (one company's page)."""
    return company_list_for_staff(user).prefetch_related("admins")


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
