"""The trade office's orders: find any order of its regions by number, phone or stall; see its events;
cancel it before pickup with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import message_error
from market.selectors import staff_regions
from orders.errors import OrderError
from orders.forms.stall import ReasonForm, StaffOrderSearchForm
from orders.selectors import order_get_for_staff, order_list_for_staff
from orders.services.orders import order_cancel_by_staff
from orders.transitions import Actor, order_actions

PER_PAGE = 25


def _require_staff(user) -> None:
    if not staff_regions(user).exists():
        raise PermissionDenied


@login_required
def staff_orders(request):
    _require_staff(request.user)
    form = StaffOrderSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(order_list_for_staff(request.user, search=search), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "orders/staff_orders.html", {"form": form, "page": page})


def _staff_order(request, pk):
    _require_staff(request.user)
    order = order_get_for_staff(request.user, pk)
    if order is None:
        raise Http404
    return order


@login_required
def staff_order_detail(request, pk):
    order = _staff_order(request, pk)
    context = {
        "order": order,
        "can_cancel": "staff_cancel" in order_actions(order.status, Actor.STAFF),
        "form": ReasonForm(),
    }
    return render(request, "orders/staff_order_detail.html", context)


@login_required
@require_POST
def staff_order_cancel(request, pk):
    order = _staff_order(request, pk)
    try:
        order_cancel_by_staff(
            order_id=order.pk, staff=request.user, reason=request.POST.get("reason", "")[:300]
        )
    except OrderError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The order was cancelled; the shopper and the stalls are told."))
    return redirect("orders:staff_order_detail", pk=order.pk)
