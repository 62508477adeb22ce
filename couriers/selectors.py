"""Reads of the couriers app, scoped to the caller's role."""

from django.db.models import QuerySet

from couriers.models import Courier, CourierCompany, ProfileStatus


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
