"""The trade office's trader list: its regions' stalls, found by name, phone or los number, with
suspension and reinstatement through the review. Staff of another region get 404 for a stall; non-staff
get 403."""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.pages import message_error
from core.pagination import KeysFirstPaginator
from market.errors import ReviewError
from market.forms import DecisionForm
from market.models import DecisionAction
from market.permissions import staff_only, staff_scope_for_request
from market.services import application_decide
from vendors.forms.staff import StaffTraderFilterForm
from vendors.selectors import trader_cards_for_staff, trader_keys_for_staff, trader_list_for_staff

TRADERS_PER_PAGE = 25

# The decisions the trader list offers (market.services.application_decide takes them), and what each
# tells staff once taken.
DONE_MESSAGES = {
    DecisionAction.SUSPEND: _("%(stall)s is suspended and out of the catalogue. The trader has been told."),
    DecisionAction.REINSTATE: _("%(stall)s is active again. The trader has been told."),
}


@staff_only
def trader_list(request):
    """The stalls of the staff member's regions, a page at a time, with their products and last update."""
    form = StaffTraderFilterForm(request.GET, markets=staff_scope_for_request(request).markets)
    stalls = trader_keys_for_staff(request.user, **form.filters())
    paginator = KeysFirstPaginator(stalls, TRADERS_PER_PAGE, rows=trader_cards_for_staff)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "vendors/staff/trader_list.html", {"form": form, "page": page})


@require_POST
@staff_only
def trader_decide(request, pk, action):
    """Suspend or reinstate a stall (its application) with the reason the trader reads; back to the list
    as it was, with what happened or why not."""
    if action not in DONE_MESSAGES:
        raise Http404
    stall = get_object_or_404(trader_list_for_staff(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        try:
            application_decide(
                application_id=stall.application_id,
                actor=request.user,
                action=action,
                reason=form.cleaned_data["reason"],
            )
        except ReviewError as error:
            message_error(request, error, about=stall.stall_name)
        else:
            messages.success(request, DONE_MESSAGES[action] % {"stall": stall.stall_name})
    # Re-encoded, so the list's own query string is all that can come back from the form.
    back = QueryDict(request.POST.get("back", "")).urlencode()
    return redirect(f"{reverse('vendors:staff_traders')}?{back}" if back else "vendors:staff_traders")
