"""Apply as a courier: a signed-in user with a verified WhatsApp number asks to deliver, and follows
their applications here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.pages import form_error
from couriers.errors import CourierError
from couriers.forms.applications import CourierApplicationForm
from couriers.selectors import courier_application_list_for_user, courier_profile_for_user
from couriers.services.applications import courier_application_submit
from vendors.forms.applications import add_service_errors


@login_required
def apply(request):
    form = CourierApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            courier_application_submit(user=request.user, **form.cleaned_data)
        except CourierError as error:
            form_error(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Application sent. It will be reviewed; we will tell you on WhatsApp.")
            )
            return redirect("couriers:apply")
    context = {
        "form": form,
        "applications": courier_application_list_for_user(request.user),
        "open_profile": courier_profile_for_user(request.user),
    }
    return render(request, "couriers/apply.html", context)
