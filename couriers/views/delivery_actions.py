"""The moves on a taken job, as pages: the courier's pickup per stall, handover with the shopper's code
and failure report (forms on the delivery page); the stall's list of pickups where it confirms the cash;
the trade office's deliveries waiting for it (retry, return, unlock) and what couriers are owed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pages import form_error, message_error
from couriers import selectors
from couriers.errors import CourierError
from couriers.forms.delivery import ConfirmCashForm, FailForm, HandoverForm, PickupForm, ReturnForm
from couriers.permissions import couriers_only
from couriers.services import delivery as services
from couriers.views.delivery import delivery_page
from market.permissions import staff_only
from orders.errors import OrderError
from orders.permissions import require_some_stall

PER_PAGE = 20


# --- The courier ------------------------------------------------------------------------------------------


def _after(request, held, form, field_forms: dict, done: str, call):
    """Run the service `call` for a valid `form`; back to the page with the message, or the page again
    with the refusal on the form (400)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except (CourierError, OrderError) as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect("couriers:delivery", pk=held.pk)
    fresh = selectors.delivery_for_courier(request.user, held.pk)
    return delivery_page(request, fresh, status=400, **field_forms)


@require_POST
@couriers_only
def pickup(request, pk, stop_id):
    held = selectors.delivery_for_courier(request.user, pk)
    form = PickupForm(request.POST, auto_id=f"stop-{stop_id}-%s")
    return _after(
        request,
        held,
        form,
        {"pickup_form": form, "pickup_stop": stop_id},
        _("Picked up. The stall is asked to confirm the cash."),
        lambda data: services.delivery_stop_pickup(
            courier=request.courier, delivery_id=held.pk, stop_id=stop_id, cash_paid=data["cash_paid"]
        ),
    )


@require_POST
@couriers_only
def handover(request, pk):
    held = selectors.delivery_for_courier(request.user, pk)
    form = HandoverForm(request.POST)
    return _after(
        request,
        held,
        form,
        {"handover_form": form},
        _("Delivered. Thank you!"),
        lambda data: services.delivery_handover(
            courier=request.courier, delivery_id=held.pk, code=data["code"]
        ),
    )


@require_POST
@couriers_only
def fail(request, pk):
    held = selectors.delivery_for_courier(request.user, pk)
    form = FailForm(request.POST)
    return _after(
        request,
        held,
        form,
        {"fail_form": form},
        _("Reported. The trade office decides what follows and will tell you."),
        lambda data: services.delivery_fail(
            courier=request.courier, delivery_id=held.pk, reason=data["reason"]
        ),
    )


# --- The stall ----------------------------------------------------------------------------------------------


def _pickups_page(request, *, bound=None, status=200):
    page = Paginator(selectors.stop_list_for_stall(request.user), PER_PAGE).get_page(request.GET.get("page"))
    for stop in page:
        stop.form = (
            bound if bound and bound.stop_id == stop.pk else ConfirmCashForm(auto_id=f"cash-{stop.pk}-%s")
        )
    return render(request, "couriers/stall_pickups.html", {"page": page}, status=status)


@require_GET
@login_required
def stall_pickups(request):
    """The couriers' pickups at the user's stalls, newest first, each with its cash to confirm."""
    require_some_stall(request.user)
    return _pickups_page(request)


@require_POST
@login_required
def stall_pickup_confirm(request, pk):
    require_some_stall(request.user)
    stop = selectors.stop_list_for_stall(request.user).filter(pk=pk).first()
    if stop is None:
        raise Http404
    form = ConfirmCashForm(request.POST, auto_id=f"cash-{stop.pk}-%s")
    form.stop_id = stop.pk
    if form.is_valid():
        try:
            confirmed = services.delivery_stop_cash_confirm(
                user=request.user, stop_id=stop.pk, cash_received=form.cleaned_data["cash_received"]
            )
        except CourierError as error:
            form_error(form, error)
        else:
            if confirmed.cash_mismatch:
                messages.warning(
                    request, _("Confirmed. The amount differs from the courier's: the trade office is told.")
                )
            else:
                messages.success(request, _("Confirmed. Thank you."))
            return redirect("couriers:stall_pickups")
    return _pickups_page(request, bound=form, status=400)


# --- The trade office -------------------------------------------------------------------------------------


@require_GET
@staff_only
def staff_deliveries(request):
    """Deliveries of the staff's regions waiting for them: failed, locked, or with a cash mismatch."""
    page = Paginator(selectors.delivery_list_for_staff(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    for delivery in page:
        delivery.return_form = ReturnForm(delivery=delivery)
    return render(request, "couriers/staff_deliveries.html", {"page": page})


DECISIONS = {
    "retry": (services.delivery_retry, _("The courier delivers once more and is told.")),
    "unlock": (services.delivery_unlock, _("Unlocked. The courier may enter the code again.")),
}


@require_POST
@staff_only
def staff_delivery_decide(request, pk, decision):
    if decision not in DECISIONS:
        raise Http404
    delivery = selectors.delivery_get_for_staff(request.user, pk)
    if delivery is None:
        raise Http404
    service, done = DECISIONS[decision]
    try:
        service(staff=request.user, delivery_id=delivery.pk)
    except CourierError as error:
        message_error(request, error)
    else:
        messages.success(request, done)
    return redirect("couriers:staff_deliveries")


@require_POST
@staff_only
def staff_delivery_return(request, pk):
    delivery = selectors.delivery_get_for_staff(request.user, pk)
    if delivery is None:
        raise Http404
    form = ReturnForm(request.POST, delivery=delivery)
    if form.is_valid():
        try:
            services.delivery_return(
                staff=request.user,
                delivery_id=delivery.pk,
                reason=form.cleaned_data["reason"],
                taken_back=form.cleaned_data["taken_back"],
            )
        except (CourierError, OrderError) as error:
            message_error(request, error)
        else:
            messages.success(
                request, _("The goods go back to the stalls; the courier and the stalls are told.")
            )
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect("couriers:staff_deliveries")


@require_GET
@staff_only
def staff_settlement(request):
    """What each courier of the staff's regions paid stalls for deliveries that came back."""
    page = Paginator(selectors.settlement_for_staff(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "couriers/staff_settlement.html", {"page": page})
