"""The trade office's trader group pages: the groups of its markets, a new group, and one group with its
members (appoint or clear the coordinator, rename, move members). Staff of another region get 404 for a
group or stall; non-staff get 403. A refused change shows the page again with the reason; nothing is saved.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import form_error
from market.permissions import staff_only
from vendors.errors import VendorError
from vendors.forms.groups import CoordinatorForm, GroupCreateForm, GroupRenameForm, MoveForm
from vendors.models import TraderGroup
from vendors.selectors import (
    group_detail_list_for_staff,
    group_list_for_staff,
    group_markets_for_staff,
    group_stall_list_for_staff,
)
from vendors.services import groups


@staff_only
def group_list(request):
    """The groups of the staff member's markets (of one with ?market=<slug>), and a form for a new one."""
    markets = group_markets_for_staff(request.user)
    market = markets.filter(slug=request.GET.get("market")).first() if request.GET.get("market") else None
    chosen = market or (markets[0] if len(markets) == 1 else None)
    form = GroupCreateForm(
        request.POST or None, markets=markets, initial={"market": chosen.slug if chosen else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = groups.group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except VendorError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Group %(name)s created. Now add its members.") % {"name": group.name}
            )
            return redirect("vendors:staff_group_detail", pk=group.pk)
    context = {
        "markets": markets,
        "market": market,
        "groups": group_list_for_staff(user=request.user, market=market),
        "form": form,
    }
    return render(request, "vendors/groups/list.html", context)


def _group_for(request, pk) -> TraderGroup:
    return get_object_or_404(group_detail_list_for_staff(user=request.user), pk=pk)


@staff_only
def group_detail(request, pk):
    """One group: its coordinator, its members with a move for each, new members, its name."""
    return _group_page(request, _group_for(request, pk))


def _group_page(request, group: TraderGroup, **forms):
    others = group_list_for_staff(user=request.user, market=group.market).exclude(pk=group.pk)
    outsiders = group_stall_list_for_staff(user=request.user, market=group.market).exclude(group=group)
    context = {
        "group": group,
        "other_groups": others,
        "outsiders": outsiders,
        "coordinator_form": CoordinatorForm(group=group, initial={"coordinator": group.coordinator_id}),
        "rename_form": GroupRenameForm(initial={"name": group.name}),
        "move_form": MoveForm(),
        **forms,
    }
    return render(request, "vendors/groups/detail.html", context)


@require_POST
@staff_only
def group_rename(request, pk):
    group = _group_for(request, pk)
    form = GroupRenameForm(request.POST)
    if form.is_valid():
        try:
            groups.group_rename(actor=request.user, group_id=group.pk, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error(None, error)
        except VendorError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Group renamed."))
            return redirect("vendors:staff_group_detail", pk=group.pk)
    return _group_page(request, group, rename_form=form)


@require_POST
@staff_only
def group_coordinator(request, pk):
    """Appoint an active member as coordinator, or clear the coordinator (an empty choice)."""
    group = _group_for(request, pk)
    form = CoordinatorForm(request.POST, group=group)
    if form.is_valid():
        trader_id = form.cleaned_data["coordinator"]
        try:
            group = groups.group_set_coordinator(actor=request.user, group_id=group.pk, trader_id=trader_id)
        except ValidationError as error:
            form.add_error(None, error)
        except VendorError as error:
            form_error(form, error)
        else:
            if group.coordinator is None:
                messages.success(request, _("%(group)s has no coordinator now.") % {"group": group.name})
            else:
                messages.success(
                    request,
                    _("%(name)s now coordinates %(group)s.")
                    % {"name": group.coordinator.owner_name, "group": group.name},
                )
            return redirect("vendors:staff_group_detail", pk=group.pk)
    return _group_page(request, group, coordinator_form=form)


@require_POST
@staff_only
def group_move(request, pk):
    """Move a stall into another group of the market or into none, from the page of group `pk`."""
    group = _group_for(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            move = groups.trader_move(
                actor=request.user,
                trader_id=form.cleaned_data["trader"],
                group_id=form.cleaned_data["group"],
            )
        except VendorError as error:
            form_error(form, error)
        else:
            _tell_moved(request, move)
            return redirect("vendors:staff_group_detail", pk=group.pk)
    return _group_page(request, group, move_form=form)


def _tell_moved(request, move: groups.Move) -> None:
    stall = move.trader
    if stall.group is None:
        messages.success(request, _("%(stall)s now belongs to no group.") % {"stall": stall.stall_name})
    else:
        messages.success(
            request,
            _("%(stall)s moved to %(group)s.") % {"stall": stall.stall_name, "group": stall.group.name},
        )
    for released in move.released:
        messages.warning(
            request,
            _("%(group)s has no coordinator now: appoint one of its active members.")
            % {"group": released.name},
        )
