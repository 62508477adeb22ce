"""Who may do what to an order: the shopper to their own, the stall (its trader or coordinator) to its
part, the region's staff to any order of their markets. Pages, API and transitions all ask here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from market.models import RegionStaff
from orders.models import Order
from vendors.models import Trader, TraderGroup
from vendors.permissions import can_act_for
from vendors.selectors import groups_coordinated_by, stall_list_for_actor


def is_staff_for(user, order: Order) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and RegionStaff.objects.filter(user=user, region_id=order.market.region_id).exists()
    )


def may_act_on_order(user, order: Order, actor: str) -> bool:
    """Whether `user` may move the order as `actor` (orders.transitions.Actor). The couriers app checks
    its couriers itself before it calls orders' delivery services."""
    if actor == "system":
        return user is None
    if actor == "shopper":
        return user is not None and order.shopper_id == user.pk
    if actor == "staff":
        return is_staff_for(user, order)
    return actor == "courier"


def may_act_for_stall(user, trader: Trader) -> bool:
    return user is not None and user.is_authenticated and can_act_for(user, trader)


def require_some_stall(user) -> None:
    """403 for a user who may act for no stall."""
    if not stall_list_for_actor(user).exists():
        raise PermissionDenied


def group_get_for_coordinator(user, pk) -> TraderGroup:
    """A group the user coordinates; 404 for another group, 403 for a user who coordinates none."""
    groups = groups_coordinated_by(user)
    group = groups.filter(pk=pk).first()
    if group is None:
        raise Http404 if groups.exists() else PermissionDenied
    return group
