"""The role checks about vendors' data, for services, pages and API alike.

Who may act for which stall: the stall's own user, or the coordinator of its group while the
coordinator's own stall is active. Who coordinates a group, and who may register a trader (a group's
coordinator, or the trade office: market.permissions). One function per question, then the page helpers
and DRF permissions built on them."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from core.api import ErrorSerializer
from market.permissions import is_staff_anywhere
from vendors.models import Trader
from vendors.selectors import groups_coordinated_by, stall_list_for_actor

NO_STALL = OpenApiResponse(ErrorSerializer, description="The caller may act for no stall")
NOT_COORDINATOR = OpenApiResponse(ErrorSerializer, description="The caller coordinates no group")


def can_act_for(user, trader: Trader) -> bool:
    return stall_list_for_actor(user).filter(pk=trader.pk).exists()


def acts_for_a_stall(user) -> bool:
    """Whether the user may act for at least one stall (their own, or a member's as coordinator)."""
    return stall_list_for_actor(user).exists()


def coordinates_a_group(user) -> bool:
    """Whether the user coordinates at least one group, from an active stall."""
    return groups_coordinated_by(user).exists()


def coordinates_group(user, group_id: int) -> bool:
    """Whether the user coordinates group `group_id`, from an active stall."""
    return groups_coordinated_by(user).filter(pk=group_id).exists()


def may_register_traders(user) -> bool:
    """Whether the user may register a trader who has no smartphone: staff, or a group's coordinator."""
    return is_staff_anywhere(user) or coordinates_a_group(user)


# --- Pages ------------------------------------------------------------------------------------------


# What the product list and the quick update read of their stall: its heading (_stall_heading.html),
# its keys and status. The market alone is joined, not its region nor the stall's group.
HEADING_FIELDS = ("stall_name", "stall_number", "owner_name", "status", "user_id", "group_id", "market__name")


def stall_get_for_actor(user, pk, *, heading_only: bool = False) -> Trader:
    """A stall the user may act for; 404 when it is outside their scope, 403 when they have no stall.
    With `heading_only`, only its HEADING_FIELDS are read (the rest would cost a query each)."""
    stalls = stall_list_for_actor(user)
    found = (
        stalls.select_related(None).select_related("market").only(*HEADING_FIELDS) if heading_only else stalls
    )
    try:
        return found.get(pk=pk)
    except (Trader.DoesNotExist, ValueError, TypeError):
        if not stalls.exists():
            raise PermissionDenied from None
        raise Http404 from None


def registrars_only(view):
    """Page guard: sign in first; 403 for a user who may not register traders (may_register_traders)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_register_traders(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- API --------------------------------------------------------------------------------------------


class ActsForAStall(permissions.BasePermission):
    """Signed in and allowed to act for at least one stall (their own, or a member's as coordinator)."""

    def has_permission(self, request, view):
        return acts_for_a_stall(request.user)


class CoordinatesAGroup(permissions.BasePermission):
    """Signed in and coordinating at least one group."""

    def has_permission(self, request, view):
        return coordinates_a_group(request.user)
