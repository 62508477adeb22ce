"""Who may act for which stall: the stall's own user, or the coordinator of its group while the
coordinator's own stall is active. Pages, API and services all ask here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vendors.models import Trader
from vendors.selectors import stall_list_for_actor


def can_act_for(user, trader: Trader) -> bool:
    return stall_list_for_actor(user).filter(pk=trader.pk).exists()


def stall_get_for_actor(user, pk) -> Trader:
    """A stall the user may act for; 404 when it is outside their scope, 403 when they have no stall."""
    stalls = stall_list_for_actor(user)
    try:
        return stalls.get(pk=pk)
    except (Trader.DoesNotExist, ValueError, TypeError):
        if not stalls.exists():
            raise PermissionDenied from None
        raise Http404 from None


def require_some_stall(user) -> None:
    """403 for a user who may act for no stall (a shopper, a suspended trader)."""
    if not stall_list_for_actor(user).exists():
        raise PermissionDenied
