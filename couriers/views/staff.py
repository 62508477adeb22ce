"""The trade office's list of its regions' couriers: who is online, and how many jobs each gave back."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from couriers.selectors import courier_list_for_staff
from market.permissions import staff_only

PER_PAGE = 25


@require_GET
@staff_only
def staff_couriers(request):
    page = Paginator(courier_list_for_staff(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "couriers/staff_couriers.html", {"page": page})
