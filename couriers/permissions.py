"""The role checks about couriers' data, for services, pages and API alike.

A courier is a user whose courier profile is approved (active) or suspended: a suspended courier keeps
their pages, which say so, but sees and takes no jobs; a pending applicant is no courier yet (403). Which
jobs a courier sees is couriers.selectors.board_closed_reason and job_board_for_courier.

A courier company's admins act for their own company only; anything of another company is not found
(404), and a caller who administers no company is refused the company pages and API altogether (403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorSerializer
from couriers.models import Courier, CourierCompany, ProfileStatus
from couriers.selectors import VISIBLE_COMPANY_STATUSES, courier_profile_for_user

NOT_COURIER = OpenApiResponse(ErrorSerializer, description="The caller is no approved courier")
NOT_COMPANY_ADMIN = OpenApiResponse(ErrorSerializer, description="The caller administers no courier company")

COURIER_STATUSES = frozenset({ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED})


def courier_of(user) -> Courier | None:
    """The user's courier profile if it is approved or suspended; None for anyone else."""
    courier = courier_profile_for_user(user)
    return courier if courier is not None and courier.status in COURIER_STATUSES else None


def courier_required(request) -> Courier:
    """Page helper: the signed-in user's courier profile; 403 for anyone who is no courier."""
    courier = courier_of(request.user)
    if courier is None:
        raise PermissionDenied
    return courier


def couriers_only(view):
    """Page guard: sign in first; the view gets `request.courier` (403 for anyone who is no courier)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        request.courier = courier_required(request)
        return view(request, *args, **kwargs)

    return wrapped


class IsCourier(permissions.BasePermission):
    """API guard: signed in with an approved or suspended courier profile, kept as `request.courier`."""

    def has_permission(self, request, view):
        request.courier = courier_of(request.user)
        return request.courier is not None


# --- Courier companies' admins -------------------------------------------------------------------


def is_company_admin(user) -> bool:
    """Whether `user` administers a courier company that is active or suspended (one query)."""
    if not user.is_authenticated:
        return False
    return CourierCompany.objects.filter(admins=user, status__in=VISIBLE_COMPANY_STATUSES).exists()


def company_admin_decision_scope(user) -> Q:
    """The courier applications `user` may decide as an admin (market.registry's deciders): those of
    couriers who applied to an active company the user administers, except the user's own application,
    which the trade office decides."""
    couriers = Courier.objects.filter(
        company__admins=user, company__status=ProfileStatus.ACTIVE, application__isnull=False
    ).exclude(user=user)
    return Q(pk__in=couriers.values("application_id"))


def company_admin_decides(user, courier: Courier) -> bool:
    """Whether a company admin's pages offer `user` decisions on `courier`, one of their company's
    (company_admin_decision_scope for one courier already loaded with its company: no query)."""
    return (
        courier.application_id is not None
        and courier.company is not None
        and courier.company.status == ProfileStatus.ACTIVE
        and courier.user_id != user.pk
    )


def company_admin_only(view):
    """Page guard: sign in first; 403 for a user who administers no courier company."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_company_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class IsCompanyAdmin(permissions.BasePermission):
    """API guard: signed in and an admin of a courier company (active or suspended)."""

    def has_permission(self, request, view):
        return is_company_admin(request.user)
