"""Reads of the market app, scoped to the caller's role."""

from django.db.models import Count, Q, QuerySet

from market.models import Application, ApplicationStatus, Market, Region


def staff_regions(user) -> QuerySet[Region]:
    """The regions whose trade office the user works for (empty for everyone else)."""
    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(staff__user=user).distinct()


def application_list_for_staff(*, user, status=None, kind=None) -> QuerySet[Application]:
    """Applications of the staff member's regions only; another region's simply do not exist here."""
    applications = Application.objects.filter(region__in=staff_regions(user)).select_related(
        "region", "applicant", "submitted_by"
    )
    if status:
        applications = applications.filter(status=status)
    if kind:
        applications = applications.filter(kind=kind)
    return applications


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
