"""Reads of the market app, scoped to the caller's role."""

from django.db.models import Count, Q, QuerySet

from accounts.phone import phone_search_fragment
from market.models import Application, ApplicationStatus, Market, Region, RegionStaff
from market.registry import application_in_market, application_search


def staff_regions(user) -> QuerySet[Region]:
    """The regions whose trade office the user works for (empty for everyone else)."""
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(staff__user=user).distinct()


def region_staff_list(region_id: int) -> QuerySet[RegionStaff]:
    """The staff of a region's trade office, with their accounts, in the order they were assigned."""
    return RegionStaff.objects.filter(region_id=region_id).select_related("user").order_by("pk")


def staff_markets(user) -> QuerySet[Market]:
    """The markets of the staff member's regions."""
    return Market.objects.filter(region__in=staff_regions(user)).select_related("region")


def application_list_for_staff(
    *, user, status=None, kind=None, region=None, market=None, search=None
) -> QuerySet[Application]:
    """Applications of the staff member's regions only; another region's simply do not exist here.

    `market` keeps the applications that belong to that market (a stall's; couriers belong to none);
    `search` finds an application by its number, its applicant's name or phone, or whatever its kind's
    app finds (market.registry): the trader's or stall's name, a los number, a phone in any format."""
    applications = Application.objects.filter(region__in=staff_regions(user)).select_related(
        "region", "applicant", "submitted_by"
    )
    if status:
        applications = applications.filter(status=status)
    if kind:
        applications = applications.filter(kind=kind)
    if region is not None:
        applications = applications.filter(region=region)
    if market is not None:
        applications = applications.filter(application_in_market(market))
    if search and search.strip():
        applications = applications.filter(_application_matching(search.strip()))
    return applications


def application_history_list_for_staff(*, user, **filters) -> QuerySet[Application]:
    """application_list_for_staff's applications, oldest first, each with its decisions and their actors
    (what an application's page and the API show)."""
    return (
        application_list_for_staff(user=user, **filters)
        .prefetch_related("decisions__actor")
        .order_by("created_at", "pk")
    )


def application_counts_by_status(applications: QuerySet[Application]) -> dict[str, int]:
    """How many of `applications` are in each status, e.g. {"pending": 3, "approved": 12}."""
    return dict(applications.order_by().values_list("status").annotate(count=Count("pk")))


def _application_matching(term: str) -> Q:
    query = Q(applicant__name__icontains=term) | application_search(term)
    number = term.removeprefix("#").strip()
    if number.isdigit() and len(number) <= 9:  # an application number, never out of the column's range
        query |= Q(pk=int(number))
    phone = phone_search_fragment(term)
    if phone:
        query |= Q(applicant__phone__contains=phone)
    return query


def pending_application_counts_for_staff(*, user) -> dict[str, int]:
    """Pending applications per kind in the staff member's regions, e.g. {"trader": 3, "courier": 1}."""
    rows = (
        application_list_for_staff(user=user, status=ApplicationStatus.PENDING)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
    )
    return {row["kind"]: row["count"] for row in rows}


def market_list_public() -> QuerySet[Market]:
    """Markets open for orders, with their region, and the number of active stalls."""
    return (
        Market.objects.filter(is_active=True)
        .select_related("region")
        .annotate(active_stall_count=Count("traders", filter=Q(traders__status="active")))
        .order_by("region__name", "name")
    )
