"""Figures as pages: the courier's deliveries and fees per day or week; a courier company's totals per
courier and its deliveries, for its admins. (The trade office's activity per courier is its couriers
page, couriers.views.staff.)"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from couriers import selectors
from couriers.permissions import company_admin_only, couriers_only

PER_PAGE = 20


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


@require_GET
@couriers_only
def earnings(request):
    period = request.GET.get("period", "day")
    if period not in selectors.PERIODS:
        period = "day"
    rows = selectors.courier_earnings(request.courier, period=period)
    context = {"page": _page(request, rows), "period": period, "courier": request.courier}
    return render(request, "couriers/earnings.html", context)


@require_GET
@company_admin_only
def company_totals(request):
    return render(
        request,
        "couriers/company_totals.html",
        {"page": _page(request, selectors.company_courier_totals(request.user))},
    )


@require_GET
@company_admin_only
def company_deliveries(request):
    deliveries = selectors.company_delivery_list(request.user)
    courier = None
    if "courier" in request.GET:
        courier = (
            selectors.company_courier_totals(request.user).filter(pk=_as_id(request.GET["courier"])).first()
        )
        if courier is None:
            raise Http404
        deliveries = deliveries.filter(courier=courier)
    context = {"page": _page(request, deliveries), "courier": courier}
    return render(request, "couriers/company_deliveries.html", context)


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None
