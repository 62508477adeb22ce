"""The courier's page for a delivery they took: where to go (address, landmark, the pin as a geo: link),
whom to call (the shopper and each stall on WhatsApp), what to pay each stall and what to collect.
Only the courier holding it may open it (404 for anyone else). The actions on a delivery are forms of
their own, shown in the page's actions section."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pages import form_error
from couriers.errors import CourierError
from couriers.forms.jobs import ReleaseForm
from couriers.models import DeliveryStatus
from couriers.permissions import couriers_only
from couriers.selectors import delivery_for_courier
from couriers.services.jobs import job_release


def _page(request, delivery, *, release_form=None, status: int = 200):
    context = {
        "delivery": delivery,
        "order": delivery.order,
        "stops": delivery.stops.all(),
        "release_form": release_form or ReleaseForm(),
        "may_release": delivery.status == DeliveryStatus.ASSIGNED,
    }
    return render(request, "couriers/delivery.html", context, status=status)


@require_GET
@couriers_only
def delivery(request, pk):
    return _page(request, delivery_for_courier(request.user, pk))


@require_POST
@couriers_only
def release(request, pk):
    """Give the job back before pickup, with a reason: it returns to the board."""
    held = delivery_for_courier(request.user, pk)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            job_release(delivery_id=held.pk, user=request.user, reason=form.cleaned_data["reason"])
        except CourierError as error:
            form_error(form, error)
        else:
            messages.success(request, _("You gave the job back; it is on the board again."))
            return redirect("couriers:board")
    return _page(request, held, release_form=form, status=400)
