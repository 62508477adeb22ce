"""Courier companies' pages. A company's admins: their couriers and the applications waiting for them,
with the review's decisions (market.services.application_decide); another company's courier is 404. The
trade office: its regions' companies, a new one, and one company with its admins; staff of another
region get 404 for a company. Non-admins and non-staff get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.pages import form_error, message_error
from couriers.errors import CourierError
from couriers.forms.companies import CompanyAdminForm, CompanyRegisterForm
from couriers.models import CourierCompany, ProfileStatus
from couriers.permissions import company_admin_decides, company_admin_only
from couriers.selectors import (
    company_detail_list_for_staff,
    company_list_for_staff,
    courier_list_for_company_admin,
)
from couriers.services import companies
from market.errors import ReviewError
from market.forms import DecisionForm
from market.models import DecisionAction
from market.permissions import staff_only
from market.selectors import staff_regions
from market.services import application_decide
from market.transitions import actions_from
from vendors.forms.applications import add_service_errors

COURIERS_PER_PAGE = 25
COMPANIES_PER_PAGE = 25

# What the company admin is told once a decision is taken (the courier is told by the review).
DONE_MESSAGES = {
    DecisionAction.APPROVE: gettext_lazy(
        "%(name)s is approved and may take delivery jobs. They have been told."
    ),
    DecisionAction.REJECT: gettext_lazy("%(name)s's application is rejected. They have been told."),
    DecisionAction.SUSPEND: gettext_lazy("%(name)s is suspended. They have been told."),
    DecisionAction.REINSTATE: gettext_lazy("%(name)s is active again. They have been told."),
}


# --- A company's admins ---------------------------------------------------------------------------


@company_admin_only
def company_couriers(request):
    """The couriers of the admin's companies, applications waiting for a decision first, a page at a
    time; ?status= keeps one status."""
    status = request.GET.get("status")
    status = status if status in ProfileStatus.values else None
    couriers = courier_list_for_company_admin(request.user, status=status)
    page = Paginator(couriers, COURIERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (
            courier,
            actions_from(courier.application.status) if company_admin_decides(request.user, courier) else [],
        )
        for courier in page.object_list
    ]
    context = {"page": page, "rows": rows, "status": status, "statuses": ProfileStatus.choices}
    return render(request, "couriers/company_couriers.html", context)


@require_POST
@company_admin_only
def company_courier_decide(request, pk, action):
    """Approve, reject, suspend or reinstate one of the company's couriers with the reason they read;
    back to the list as it was, with what happened or why not."""
    if action not in DONE_MESSAGES:
        raise Http404
    courier = get_object_or_404(courier_list_for_company_admin(request.user), pk=pk)
    name = courier.user.name or str(courier.user)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        try:
            application_decide(
                application_id=courier.application_id,
                actor=request.user,
                action=action,
                reason=form.cleaned_data["reason"],
            )
        except ReviewError as error:
            message_error(request, error, about=name)
        else:
            messages.success(request, DONE_MESSAGES[action] % {"name": name})
    back = QueryDict(request.POST.get("back", "")).urlencode()
    url = reverse("couriers:company_couriers")
    return redirect(f"{url}?{back}" if back else url)


# --- The trade office -----------------------------------------------------------------------------


@staff_only
def staff_company_list(request):
    """The courier companies of the staff member's regions, a page at a time, and a form for a new one."""
    form = CompanyRegisterForm(request.POST or None, regions=staff_regions(request.user).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            company = companies.company_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except CourierError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("%(name)s is registered. Now name its admins.") % {"name": company.name}
            )
            return redirect("couriers:staff_company_detail", pk=company.pk)
    page = Paginator(company_list_for_staff(request.user), COMPANIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "couriers/company_staff_list.html", {"page": page, "form": form})


def _company_for(request, pk) -> CourierCompany:
    return get_object_or_404(company_detail_list_for_staff(request.user), pk=pk)


@staff_only
def staff_company_detail(request, pk):
    """One company: its details, its admins (each may be taken off) and a form to name another."""
    return _company_page(request, _company_for(request, pk), CompanyAdminForm())


def _company_page(request, company: CourierCompany, admin_form: CompanyAdminForm):
    context = {"company": company, "admin_form": admin_form}
    return render(request, "couriers/company_staff_detail.html", context)


@require_POST
@staff_only
def staff_company_admin_add(request, pk):
    company = _company_for(request, pk)
    form = CompanyAdminForm(request.POST)
    if form.is_valid():
        try:
            user = companies.company_admin_add(actor=request.user, company_id=company.pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except CourierError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(user)s is now an admin of %(company)s.") % {"user": user, "company": company.name},
            )
            return redirect("couriers:staff_company_detail", pk=company.pk)
    return _company_page(request, company, form)


@require_POST
@staff_only
def staff_company_admin_remove(request, pk, user_id):
    company = _company_for(request, pk)
    try:
        companies.company_admin_remove(actor=request.user, company_id=company.pk, user_id=user_id)
    except CourierError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The admin is taken off %(company)s.") % {"company": company.name})
    return redirect("couriers:staff_company_detail", pk=company.pk)
