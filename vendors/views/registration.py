"""Assisted registration pages: staff or a coordinator registers a trader with no smartphone, and enters
the code when the trader's number already has an account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import form_error, message_error
from vendors.errors import VendorError
from vendors.forms.applications import add_service_errors
from vendors.forms.registration import ClaimCodeForm, OfferConfirmForm, TraderRegistrationForm
from vendors.permissions import registrars_only
from vendors.selectors import stall_claim_list_for_user, stall_claim_offers_for_user
from vendors.services.registration import stall_claim_confirm, stall_claim_resend, trader_register


@registrars_only
def register(request):
    form = TraderRegistrationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            stall = trader_register(actor=request.user, **form.cleaned_data)
        except VendorError as error:
            form_error(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _registered(request, stall, as_staff=form.as_staff)
    return render(request, "vendors/register/form.html", {"form": form})


def _registered(request, stall, *, as_staff: bool):
    if hasattr(stall, "claim"):
        messages.info(
            request,
            _("This number already has an account. Ask the trader for the code sent to their WhatsApp."),
        )
        return redirect("vendors:claim_confirm", pk=stall.claim.pk)
    if as_staff and not stall.has_runner:
        messages.success(
            request,
            _(
                "Trader registered and approved. The stall waits for its trader: it opens to shoppers once "
                "they sign up with this number and confirm it, or once it is in a group with a coordinator."
            ),
        )
        return redirect("portal:staff")
    if as_staff:
        messages.success(request, _("Trader registered and approved. Their stall is open."))
        return redirect("market:review_detail", pk=stall.application_id)
    messages.success(request, _("Trader registered. The trade office will review the stall."))
    return redirect("portal:coordinator")


@login_required
def claim_list(request):
    """The links offered to the user for their own verified number, then the others they may see (codes
    to enter, and offers waiting for another number's owner)."""
    offers = stall_claim_offers_for_user(request.user)
    claims = stall_claim_list_for_user(request.user).exclude(pk__in=offers.values("pk"))
    return render(request, "vendors/register/claims.html", {"offers": offers, "claims": claims})


@login_required
def claim_confirm(request, pk):
    claim = get_object_or_404(stall_claim_list_for_user(request.user), pk=pk)
    # An offered link's form has no field, so its POST is empty: bind it to whatever was posted.
    data = request.POST if request.method == "POST" else None
    form = ClaimCodeForm(data) if claim.needs_code else OfferConfirmForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            stall = stall_claim_confirm(actor=request.user, claim_id=pk, **form.cleaned_data)
        except VendorError as error:
            form_error(form, error, field="code" if claim.needs_code else None)
        else:
            messages.success(
                request,
                _("Confirmed: the stall %(stall)s is now in %(name)s's account.")
                % {"stall": stall.stall_name, "name": claim.user.name or stall.owner_name},
            )
            # The owner goes on to run the stall; whoever entered the code for them, to the other links.
            return redirect("portal:trader" if claim.user_id == request.user.pk else "vendors:claims")
    return render(request, "vendors/register/claim.html", {"claim": claim, "form": form})


@require_POST
@login_required
def claim_resend(request, pk):
    try:
        stall_claim_resend(actor=request.user, claim_id=pk)
    except VendorError as error:
        message_error(request, error)
    else:
        messages.success(request, _("A new code is on its way to the trader's WhatsApp."))
    return redirect("vendors:claim_confirm", pk=pk)
