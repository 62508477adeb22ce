"""The courier's home: their switches, the deliveries in hand, and the job board, which refreshes itself
(a fragment polled by htmx; static/js/courier.js pauses it while the page is hidden). The fragment
answers 286, which stops htmx polling, once the courier is offline or may take no jobs at all."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pages import message_error
from core.pagination import KeysFirstPaginator
from couriers.errors import CourierError
from couriers.forms.status import CourierStatusForm
from couriers.permissions import couriers_only
from couriers.selectors import (
    BoardClosed,
    delivery_list_for_courier,
    job_board_for_courier,
    job_cards_for_courier,
)
from couriers.services.jobs import job_accept

PER_PAGE = 20
# Stop polling: htmx's "stop polling" status.
STOP_POLLING = 286
# The board will not open by itself for these: they must act first (go online, be reinstated).
POLLING_STOPS = {BoardClosed.NOT_APPROVED, BoardClosed.SUSPENDED, BoardClosed.OFFLINE}


def _board(request, *, holding: int | None = None) -> dict:
    courier = request.courier
    closed, jobs = job_board_for_courier(courier, holding=holding)
    paginator = KeysFirstPaginator(jobs, PER_PAGE, rows=job_cards_for_courier(courier))
    page = paginator.get_page(request.GET.get("page"))
    return {
        "courier": courier,
        "closed": BoardClosed(closed) if closed else None,
        "page": page,
    }


@require_GET
@couriers_only
def board(request):
    return board_page(request, CourierStatusForm.for_courier(request.courier))


def board_page(request, status_form, *, status: int = 200):
    """The home page, with the switches' form as given (a refused one shows its errors)."""
    deliveries = list(delivery_list_for_courier(request.courier))  # the board's limit counts them
    context = _board(request, holding=len(deliveries))
    context["deliveries"] = deliveries
    context["status_form"] = status_form
    return render(request, "couriers/board.html", context, status=status)


@require_GET
@couriers_only
def board_list(request):
    """The board's list alone, for the page's polling: what couriers load most. It has no header, so it
    renders without the request's context processors (the header's counts and roles cost queries)."""
    context = _board(request)
    status = STOP_POLLING if context["closed"] in POLLING_STOPS else 200
    context.update(request=request, csrf_token=get_token(request))
    return HttpResponse(render_to_string("couriers/partials/job_list.html", context), status=status)


@require_POST
@couriers_only
def accept(request, pk):
    try:
        delivery = job_accept(delivery_id=pk, user=request.user, courier=request.courier)
    except CourierError as error:
        message_error(request, error)
        return redirect("couriers:board")
    messages.success(request, _("The job is yours. Go to the market."))
    return redirect("couriers:delivery", pk=delivery.pk)
