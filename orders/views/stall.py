"""The stall's incoming orders, new first, for its trader and their group's coordinator (a pick list per
member stall); accept, refuse with a reason, refuse items or hand over less, ready; closed for today."""

from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.numbers import NumberError, parse_quantity
from core.pages import message_error
from core.pagination import KeysFirstPaginator
from orders.errors import OrderError
from orders.permissions import group_get_for_coordinator, require_some_stall
from orders.selectors import (
    INCOMING_PARTS_AT_MOST,
    groups_for_orders_page,
    incoming_parts_in,
    market_today,
    open_parts_for_stalls,
    pick_rows_for_stalls,
    stall_list_for_orders_page,
    trader_order_list_for_stall,
)
from orders.services import orders as services
from vendors.permissions import stall_get_for_actor
from vendors.selectors import stall_list_for_actor

PER_PAGE = INCOMING_PARTS_AT_MOST
PICK_STALLS_PER_PAGE = 10
MOVES = {
    "accept": (services.trader_order_accept, _("Accepted.")),
    "reject": (services.trader_order_reject, _("Refused; the shopper is told.")),
    "ready": (services.trader_order_ready, _("Marked ready.")),
}


def _stall_of(part) -> int:
    return part.trader_id


@login_required
def stall_orders(request):
    """The open parts of the stalls' orders, newest first, under their stall's name (a heading each
    time the stall changes, as `regroup` did); each part drawn by `{% incoming_part %}`."""
    stalls = stall_list_for_orders_page(request.user)
    if not stalls:
        raise PermissionDenied
    by_id = {stall.pk: stall for stall in stalls}
    paginator = KeysFirstPaginator(open_parts_for_stalls(stalls), PER_PAGE, rows=incoming_parts_in)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "by_stall": [(by_id[stall_id], list(parts)) for stall_id, parts in groupby(page, key=_stall_of)],
        "stalls": stalls,
        "groups": groups_for_orders_page(request.user),
    }
    return render(request, "orders/stall_orders.html", context)


def _own_part(request, pk):
    part = trader_order_list_for_stall(request.user).filter(pk=pk).first()
    if part is None:
        require_some_stall(request.user)
        raise Http404
    return part


@login_required
def pick_list(request, group_id):
    """What each member stall of the coordinator's group picks today for its accepted orders."""
    group = group_get_for_coordinator(request.user, group_id)
    stalls = stall_list_for_actor(request.user).filter(group=group)
    page = Paginator(stalls, PICK_STALLS_PER_PAGE).get_page(request.GET.get("page"))
    picks = pick_rows_for_stalls(list(page), market=group.market)
    context = {
        "group": group,
        "page": page,
        "stalls": [(stall, picks[stall.pk]) for stall in page],
        "today": market_today(group.market),
    }
    return render(request, "orders/pick_list.html", context)


@login_required
@require_POST
def stall_order_move(request, pk, action):
    require_some_stall(request.user)
    if action not in MOVES:
        raise Http404
    part = _own_part(request, pk)
    service, done = MOVES[action]
    extra = {"reason": request.POST.get("reason", "")[:300]} if action == "reject" else {}
    try:
        service(trader_order_id=part.pk, user=request.user, **extra)
    except OrderError as error:
        message_error(request, error)
    else:
        messages.success(request, done)
    return redirect("orders:stall_orders")


@login_required
@require_POST
def stall_order_items(request, pk):
    """Each item's new quantity from `item-<id>` fields; unchanged items may be left as they are."""
    part = _own_part(request, pk)
    quantities: dict[int, Decimal] = {}
    try:
        for item in part.items.all():
            typed = request.POST.get(f"item-{item.pk}", "").strip()
            if typed:
                quantities[item.pk] = parse_quantity(typed)
        services.trader_order_items_change(
            trader_order_id=part.pk,
            user=request.user,
            quantities=quantities,
            reason=request.POST.get("reason", ""),
        )
    except NumberError:
        messages.error(request, _("Enter a number, e.g. 0,25 or 1.000."))
    except OrderError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The order was changed; the shopper is told."))
    return redirect("orders:stall_orders")


@login_required
@require_POST
def stall_closed_today(request, trader_id):
    stall = stall_get_for_actor(request.user, trader_id)
    if request.POST.get("closed") == "1":
        services.stall_close_today(stall=stall, user=request.user)
        messages.success(request, _("%(stall)s takes no orders today.") % {"stall": stall.stall_name})
    else:
        services.stall_reopen(stall=stall, user=request.user)
        messages.success(request, _("%(stall)s takes orders again.") % {"stall": stall.stall_name})
    return redirect("orders:stall_orders")
