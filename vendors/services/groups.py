"""Trader groups, run by the trade office: create and rename a market's groups, appoint or clear a group's
coordinator, move stalls between the groups of their market.

Staff act only in the markets of their own regions; anything outside them is "not found". The rows a
change touches are locked, with a bounded wait: a change that cannot get them in time raises
VendorError("busy") and saves nothing (core.locking). A stall
coordinates only the group it belongs to, and only while it is active: when it is suspended or moved out,
the group loses its coordinator in the same transaction and the region's other staff are told.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.locking import atomic_or_busy
from market.models import Market
from market.permissions import is_region_staff
from market.selectors import region_staff_list
from notifications.services import notify
from vendors.errors import VendorError
from vendors.events import GROUP_COORDINATOR_LOST
from vendors.models import Trader, TraderGroup, TraderStatus

GROUP_NOT_FOUND = _("Trader group not found.")
STALL_NOT_FOUND = _("Stall not found.")
MARKET_NOT_FOUND = _("Market not found.")


# --- Changes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A stall moved between groups, and the groups that lost it as their coordinator."""

    trader: Trader
    released: list[TraderGroup] = field(default_factory=list)


def group_create(*, actor, market: Market, name: str) -> TraderGroup:
    """Create a group of `market`, with no members and no coordinator yet.

    Raises VendorError("not_found") for a market outside the actor's regions, ValidationError
    {"name": ...} for a blank or too long name or one the market already has (in any letter case)."""
    if not is_region_staff(actor, market.region_id):
        raise VendorError(MARKET_NOT_FOUND, "not_found")
    group = TraderGroup(market=market, name=_valid_name(name))
    group.full_clean(validate_constraints=False)
    _save_name(group)
    return group


def group_rename(*, actor, group_id: int, name: str) -> TraderGroup:
    """Give a group a new name.

    Raises VendorError("not_found") for a group outside the actor's regions, ValidationError {"name": ...}
    for a blank or too long name or one another group of the market has."""
    with atomic_or_busy(VendorError):
        group = _locked_group(actor, group_id)
        group.name = _valid_name(name)
        _save_name(group, update_fields=["name"])
    return group


def group_set_coordinator(*, actor, group_id: int, trader_id: int | None) -> TraderGroup:
    """Appoint an active member of the group as its coordinator, or clear the coordinator (None).

    Raises VendorError("not_found") for a group outside the actor's regions, ValidationError
    {"coordinator": ...} for a stall that is not a member of this group or not active."""
    with atomic_or_busy(VendorError):
        # The stall first, then the group: the order suspensions and moves lock them in.
        trader = _locked_stall(trader_id) if trader_id is not None else None
        group = _locked_group(actor, group_id)
        if trader_id is not None:
            _check_can_coordinate(trader, group)
        group.coordinator = trader
        group.full_clean(validate_constraints=False)
        group.save(update_fields=["coordinator"])
    return group


def group_update(*, actor, group_id: int, changes: dict) -> TraderGroup:
    """Apply `changes` ("name" and/or "coordinator": a stall id, or None to clear) as one: a refused
    change leaves the other undone. The coordinator goes first, so the stall is locked before the group
    as suspensions and moves lock them. Raises what group_set_coordinator and group_rename raise."""
    with atomic_or_busy(VendorError):
        if "coordinator" in changes:
            group_set_coordinator(actor=actor, group_id=group_id, trader_id=changes["coordinator"])
        if "name" in changes:
            group_rename(actor=actor, group_id=group_id, name=changes["name"])
    return _group_for(actor, group_id)


def trader_move(*, actor, trader_id: int, group_id: int | None) -> Move:
    """Put a stall into a group of its own market, or into none (None). A stall that coordinated its
    former group stops at once: that group has no coordinator and the region's other staff are told.

    Raises VendorError("not_found") for a stall or group outside the actor's regions, "other_market"
    (on the trader field) for a group of another market than the stall's."""
    with atomic_or_busy(VendorError):
        trader = _locked_stall_for(actor, trader_id)
        group = None
        if group_id is not None:
            group = _group_for(actor, group_id)
            if group.market_id != trader.market_id:
                raise VendorError(
                    _("A stall can only join a group of its own market."), "other_market", field="trader"
                )
        return _move(actor, trader, group)


def group_member_remove(*, actor, group_id: int, trader_id: int) -> Move:
    """Take a member out of the group: the stall then belongs to no group (see trader_move).

    Raises VendorError("not_found") when the group is outside the actor's regions or the stall is not
    (or no longer) its member."""
    with atomic_or_busy(VendorError):
        trader = _locked_stall_for(actor, trader_id)
        if trader.group_id != group_id:
            _group_for(actor, group_id)  # another region's group stays "not found" whatever the stall
            raise VendorError(STALL_NOT_FOUND, "not_found")
        return _move(actor, trader, None)


def coordinator_release(*, stall: Trader, actor) -> list[TraderGroup]:
    """Clear the coordinator of every group `stall` may no longer coordinate (all of them once it is not
    active, any but its own group otherwise) and tell the region's staff, except `actor`, that each group
    has none. Runs in the caller's transaction, after the stall's own change was saved."""
    groups = (
        TraderGroup.objects.select_for_update(of=("self",))
        .select_related("market")
        .filter(coordinator=stall)
        .order_by("pk")
    )
    if stall.is_active:
        groups = groups.exclude(pk=stall.group_id)
    released = list(groups)
    for group in released:
        group.coordinator = None
        group.save(update_fields=["coordinator"])
        _tell_staff(group, former=stall, actor=actor)
    return released


# --- Helpers ----------------------------------------------------------------------------------------


def _group_for(actor, group_id: int) -> TraderGroup:
    group = TraderGroup.objects.select_related("market").filter(pk=group_id).first()
    if group is None or not is_region_staff(actor, group.market.region_id):
        raise VendorError(GROUP_NOT_FOUND, "not_found")
    return group


def _locked_group(actor, group_id: int) -> TraderGroup:
    group = (
        TraderGroup.objects.select_for_update(of=("self",))
        .select_related("market")
        .filter(pk=group_id)
        .first()
    )
    if group is None or not is_region_staff(actor, group.market.region_id):
        raise VendorError(GROUP_NOT_FOUND, "not_found")
    return group


def _locked_stall(trader_id: int) -> Trader | None:
    return (
        Trader.objects.select_for_update(of=("self",)).select_related("market").filter(pk=trader_id).first()
    )


def _locked_stall_for(actor, trader_id: int) -> Trader:
    trader = _locked_stall(trader_id)
    if (
        trader is None
        or trader.status == TraderStatus.REJECTED
        or not is_region_staff(actor, trader.market.region_id)
    ):
        raise VendorError(STALL_NOT_FOUND, "not_found")
    return trader


def _check_can_coordinate(trader: Trader | None, group: TraderGroup) -> None:
    if trader is None or trader.group_id != group.pk:
        raise ValidationError({"coordinator": _("Choose a member of this group.")})
    if not trader.is_active:
        raise ValidationError(
            {
                "coordinator": _("Only an active stall can coordinate; %(stall)s is “%(status)s”.")
                % {"stall": trader.stall_name, "status": trader.get_status_display()}
            }
        )


def _move(actor, trader: Trader, group: TraderGroup | None) -> Move:
    if trader.group_id == (group.pk if group else None):
        return Move(trader)
    trader.group = group
    trader.save(update_fields=["group"])
    return Move(trader, coordinator_release(stall=trader, actor=actor))


def _valid_name(name: str) -> str:
    """The name without surrounding spaces, checked as the model field checks it (ValidationError)."""
    try:
        return TraderGroup._meta.get_field("name").clean((name or "").strip(), None)
    except ValidationError as error:
        raise ValidationError({"name": error.messages}) from None


def _save_name(group: TraderGroup, update_fields=None) -> None:
    """Save a group whose name may clash with another of its market's groups (ValidationError)."""
    _check_name_free(group)
    try:
        with transaction.atomic():
            group.save(update_fields=update_fields)
    except IntegrityError:
        # Another request took the same name between the check and the save.
        _check_name_free(group)
        raise


def _check_name_free(group: TraderGroup) -> None:
    """Names differing only in letter case would look like one group to traders: refuse them too."""
    # A new group's pk is None, which excludes nothing.
    taken = (
        TraderGroup.objects.filter(market_id=group.market_id, name__iexact=group.name)
        .exclude(pk=group.pk)
        .first()
    )
    if taken is not None:
        message = _("%(market)s already has a group called “%(name)s”.") % {
            "market": group.market.name,
            "name": taken.name,
        }
        raise ValidationError({"name": message})


def _tell_staff(group: TraderGroup, *, former: Trader, actor) -> None:
    params = {"group": group.name, "market": group.market.name, "coordinator": former.owner_name}
    for assignment in region_staff_list(group.market.region_id).exclude(user=actor):
        notify(event=GROUP_COORDINATOR_LOST.name, params=params, user=assignment.user)
