"""The region's staff keep their markets' opening hours, delivery windows, closed days and desk number.
Staff of another region get 404 for a market; non-staff get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.pages import form_error, message_error
from market import services
from market.errors import MarketError
from market.forms import MarketClosureForm, MarketHoursForm
from market.models import MarketClosure
from market.selectors import market_list_with_hours, staff_markets
from market.views.review import staff_only


@staff_only
def market_list(request):
    """The staff member's markets with their opening state now."""
    markets = market_list_with_hours(staff_markets(request.user)).order_by("region__name", "name")
    return render(request, "market/staff/market_list.html", {"markets": markets})


@staff_only
def market_hours(request, slug):
    """One market's week, delivery windows and desk number (POST saves them), and its closed days."""
    market = get_object_or_404(market_list_with_hours(staff_markets(request.user)), slug=slug)
    form = MarketHoursForm(request.POST if request.method == "POST" else None, market=market)
    if request.method == "POST" and form.is_valid():
        try:
            services.market_hours_set(
                market_id=market.pk,
                actor=request.user,
                week=form.week(),
                desk_whatsapp=form.cleaned_data["desk_whatsapp"],
                windows=form.cleaned_data["delivery_windows"],
            )
        except MarketError as error:
            form_error(form, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Opening hours saved."))
            return redirect("market:staff_market_hours", slug=market.slug)
    return _hours_page(request, market, form, MarketClosureForm())


def _hours_page(request, market, form, closure_form):
    context = {"market": market, "form": form, "closure_form": closure_form}
    return render(request, "market/staff/market_hours.html", context)


@staff_only
@require_POST
def closure_add(request, slug):
    market = get_object_or_404(market_list_with_hours(staff_markets(request.user)), slug=slug)
    closure_form = MarketClosureForm(request.POST)
    if closure_form.is_valid():
        try:
            services.market_closure_add(market_id=market.pk, actor=request.user, **closure_form.cleaned_data)
        except MarketError as error:
            form_error(closure_form, error)
        except ValidationError as error:
            closure_form.add_error("date", error.messages)
        else:
            messages.success(request, _("Closed day added."))
            return redirect("market:staff_market_hours", slug=market.slug)
    return _hours_page(request, market, MarketHoursForm(market=market), closure_form)


@staff_only
@require_POST
def closure_remove(request, slug, pk):
    closure = get_object_or_404(
        MarketClosure.objects.filter(market__in=staff_markets(request.user)), pk=pk, market__slug=slug
    )
    try:
        services.market_closure_remove(closure_id=closure.pk, actor=request.user)
    except MarketError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The market trades on that day again."))
    return redirect("market:staff_market_hours", slug=slug)
