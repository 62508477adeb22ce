"""The role checks about couriers' data, for services, pages and API alike.

A courier is a user whose courier profile is approved (active) or suspended: a suspended courier keeps
their pages, which say so, but sees and takes no jobs; a pending applicant is no courier yet (403). Which
jobs a courier sees is couriers.selectors.board_closed_reason and job_list_for_courier."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorSerializer
from couriers.models import Courier, ProfileStatus
from couriers.selectors import companies_administered_by, courier_profile_for_user

NOT_COURIER = OpenApiResponse(ErrorSerializer, description="The caller is no approved courier")

COURIER_STATUSES = frozenset({ProfileStatus.ACTIVE, ProfileStatus.SUSPENDED})


def courier_of(user) -> Courier | None:
    """The user's courier profile if it is approved or suspended; None for anyone else."""
    courier = courier_profile_for_user(user)
    return courier if courier is not None and courier.status in COURIER_STATUSES else None


def is_courier(user) -> bool:
    return courier_of(user) is not None


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
    """API guard: signed in with an approved or suspended courier profile."""

    def has_permission(self, request, view):
        return is_courier(request.user)


# --- Courier companies' admins ----------------------------------------------------------------------

NOT_COMPANY_ADMIN = OpenApiResponse(ErrorSerializer, description="The caller administers no courier company")


def administers_a_company(user) -> bool:
    return companies_administered_by(user).exists()


def company_admins_only(view):
    """Page guard: sign in first; 403 for a user who administers no courier company."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not administers_a_company(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class IsCompanyAdmin(permissions.BasePermission):
    """API guard: signed in and administering at least one courier company."""

    def has_permission(self, request, view):
        return administers_a_company(request.user)
