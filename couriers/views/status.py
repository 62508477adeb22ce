"""The courier's switches (online, location, cash limit), posted from their home page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import form_error
from couriers.errors import CourierError
from couriers.forms.status import CourierStatusForm
from couriers.permissions import couriers_only
from couriers.services.status import courier_status_update
from couriers.views.jobs import board_page


@require_POST
@couriers_only
def status(request):
    form = CourierStatusForm(request.POST)
    if form.is_valid():
        try:
            courier_status_update(
                user=request.user,
                online=form.cleaned_data["online"],
                location=form.location,
                cash_limit=form.cleaned_data["cash_limit"],
            )
        except CourierError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("couriers:board")
    return board_page(request, form, status=400)
