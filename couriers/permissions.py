"""The role checks about couriers' data, for pages and API alike: an approved (active) courier, a
courier company's admin. Region staff come from market.permissions, a stall's people from vendors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorSerializer
from couriers.models import Courier, ProfileStatus
from couriers.selectors import companies_administered_by, courier_profile_for_user

NOT_COURIER = OpenApiResponse(ErrorSerializer, description="The caller is no approved courier")
NOT_COMPANY_ADMIN = OpenApiResponse(ErrorSerializer, description="The caller administers no courier company")


def active_courier(user) -> Courier | None:
    """The user's approved courier profile, or None (no profile, pending, suspended)."""
    courier = courier_profile_for_user(user)
    return courier if courier is not None and courier.status == ProfileStatus.ACTIVE else None


def administers_a_company(user) -> bool:
    return companies_administered_by(user).exists()


def courier_required(view):
    """Page guard: sign in first; 403 for anyone who is no approved courier. The view gets `courier`."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        courier = active_courier(request.user)
        if courier is None:
            raise PermissionDenied
        return view(request, *args, courier=courier, **kwargs)

    return wrapped


def company_admin_only(view):
    """Page guard: sign in first; 403 for a user who administers no courier company."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not administers_a_company(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class IsCourier(permissions.BasePermission):
    """API guard: signed in with an approved courier profile."""

    def has_permission(self, request, view):
        return active_courier(request.user) is not None


class IsCompanyAdmin(permissions.BasePermission):
    """API guard: signed in and administering at least one courier company."""

    def has_permission(self, request, view):
        return administers_a_company(request.user)
