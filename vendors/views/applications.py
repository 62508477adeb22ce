"""Apply to sell: any signed-in user asks for a stall, and follows their applications here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pages import form_error
from vendors.errors import VendorError
from vendors.forms.applications import TraderApplicationForm, add_service_errors
from vendors.selectors import trader_application_list_for_user
from vendors.services.applications import trader_application_submit


@login_required
def apply(request):
    form = TraderApplicationForm(request.POST or None, request.FILES or None, initial=_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            trader_application_submit(user=request.user, **form.cleaned_data)
        except VendorError as error:
            form_error(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Application sent. The trade office will review it; we will tell you on WhatsApp.")
            )
            return redirect("vendors:apply")
    applications = trader_application_list_for_user(request.user)
    return render(request, "vendors/apply.html", {"form": form, "applications": applications})


def _initial(user) -> dict:
    """The account's own number, written as people type it (0812…)."""
    phone = str(user.phone or "")
    return {"whatsapp": "0" + phone[3:]} if phone.startswith("+62") else {}
