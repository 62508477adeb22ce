"""Who works for the trade office: the role checks about market's data, for services, pages and API.

One question per function, one page guard and one DRF permission built on them. A staff member acts only
in their own regions; pages and services treat anything of another region as not found (404), and a
caller who is staff nowhere is refused the staff pages and API altogether (403)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorSerializer
from market.models import Application, RegionStaff
from market.registry import application_decider_scope
from market.selectors import StaffScope, staff_scope

NOT_STAFF = OpenApiResponse(ErrorSerializer, description="The caller is not trade-office staff")


def is_region_staff(user, region_id: int) -> bool:
    """Whether `user` works for the trade office of region `region_id` (one query)."""
    if not user.is_authenticated:
        return False
    return RegionStaff.objects.filter(user=user, region_id=region_id).exists()


def is_staff_anywhere(user) -> bool:
    """Whether `user` works for the trade office of at least one region (one query)."""
    if not user.is_authenticated:
        return False
    return RegionStaff.objects.filter(user=user).exists()


def staff_scope_for_request(request) -> StaffScope:
    """The signed-in user's staff regions and markets (market.selectors.staff_scope), read once per
    request: the page guard asks it, and the staff lists' filters offer its regions and markets."""
    if not hasattr(request, "_market_staff_scope"):
        request._market_staff_scope = staff_scope(request.user)
    return request._market_staff_scope


def may_decide_application(user, application: Application) -> bool:
    """Whether `user` may approve, reject, suspend or reinstate `application`: the staff of its region,
    or whoever its kind's app lets decide it (market.registry.register_application_deciders)."""
    if not user.is_authenticated:
        return False
    if is_region_staff(user, application.region_id):
        return True
    return Application.objects.filter(application_decider_scope(user), pk=application.pk).exists()


def staff_only(view):
    """Page guard: sign in first; 403 for a user who is staff of no region (asked with the regions and
    markets the page may offer, staff_scope_for_request)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not staff_scope_for_request(request).regions:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class IsRegionStaff(permissions.BasePermission):
    """API guard: signed in and working for the trade office of at least one region."""

    def has_permission(self, request, view):
        return is_staff_anywhere(request.user)
