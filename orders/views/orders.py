"""The shopper's orders: history, one order with its stalls, the delivery, the totals and the code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import message_error
from orders.errors import OrderError
from orders.selectors import order_get_for_shopper, order_list_for_shopper
from orders.services.orders import order_cancel
from orders.transitions import Actor, order_actions

PER_PAGE = 20


@login_required
def order_list(request):
    page = Paginator(order_list_for_shopper(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "orders/order_list.html", {"page": page})


@login_required
def order_detail(request, pk):
    order = order_get_for_shopper(request.user, pk)
    if order is None:
        raise Http404
    can_cancel = "cancel" in order_actions(order.status, Actor.SHOPPER)
    return render(request, "orders/order_detail.html", {"order": order, "can_cancel": can_cancel})


@login_required
@require_POST
def order_cancel_view(request, pk):
    if order_get_for_shopper(request.user, pk) is None:
        raise Http404
    try:
        order_cancel(order_id=pk, shopper=request.user)
    except OrderError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The order was cancelled."))
    return redirect("orders:order_detail", pk=pk)
