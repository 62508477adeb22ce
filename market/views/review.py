"""The trade office's review pages: the queue of its regions' applications, one application with its
history, and the decisions. Staff of another region get 404 for an application; non-staff get 403."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.pages import form_error
from core.pagination import KeysFirstPaginator
from market import services
from market.errors import ReviewError
from market.forms import ApplicationFilterForm, DecisionForm
from market.models import Application, ApplicationStatus, DecisionAction
from market.permissions import staff_only, staff_scope_for_request
from market.registry import application_summaries
from market.selectors import (
    application_cards_for_staff,
    application_counts_by_status,
    application_history_list_for_staff,
    application_list_for_staff,
)
from market.transitions import actions_from

QUEUE_PAGE_SIZE = 25

DONE_MESSAGES = {
    DecisionAction.APPROVE: _("Application approved. The applicant has been told."),
    DecisionAction.REJECT: _("Application rejected. The applicant has been told."),
    DecisionAction.SUSPEND: _("Suspended. The applicant has been told."),
    DecisionAction.REINSTATE: _("Suspension lifted. The applicant has been told."),
}


@staff_only
def application_queue(request):
    """Applications of the staff member's regions, pending ones first by default, with counts; each
    names whom it is for and what (market.registry), a page at a time."""
    data = request.GET.copy()
    data.setdefault("status", ApplicationStatus.PENDING)
    scope = staff_scope_for_request(request)
    form = ApplicationFilterForm(data, regions=scope.regions, markets=scope.markets)
    filters = form.filters()
    status = filters.pop("status", None)
    applications = application_list_for_staff(user=request.user, **filters)
    counts = application_counts_by_status(applications)
    if status:
        applications = applications.filter(status=status)
    paginator = KeysFirstPaginator(
        applications.order_by("created_at", "pk"), QUEUE_PAGE_SIZE, rows=application_cards_for_staff
    )
    # The counts by status already say how many there are: no COUNT query of the paginator's own.
    paginator.count = counts.get(status, 0) if status else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    # The page's applications as the kinds' providers read them (their keys and kinds; the applicant
    # is read only for an application no provider summarises).
    listed = [
        Application(pk=row["id"], kind=row["kind"], applicant_id=row["applicant_id"])
        for row in page.object_list
    ]
    summaries = application_summaries(listed)
    context = {
        "form": form,
        "counts": [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices],
        "page": page,
        "applications": listed,
        "rows": [(row, summaries[row["id"]]) for row in page.object_list],
    }
    return render(request, "market/review/queue.html", context)


def _application_for(request, pk) -> Application:
    return get_object_or_404(application_history_list_for_staff(user=request.user), pk=pk)


@staff_only
def application_detail(request, pk):
    """One application: who applied for what, its decision history, and the decisions open to staff."""
    return _detail(request, _application_for(request, pk), DecisionForm())


def _detail(request, application: Application, form: DecisionForm):
    context = {
        "application": application,
        "summary": application_summaries([application])[application.pk],
        "actions": actions_from(application.status),
        "form": form,
    }
    return render(request, "market/review/detail.html", context)


@require_POST
@staff_only
def application_decide(request, pk, action):
    """Approve, reject, suspend or reinstate; a refused decision shows the page again with the reason."""
    if action not in DecisionAction.values:
        raise Http404
    application = _application_for(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(
                application_id=application.pk,
                actor=request.user,
                action=action,
                reason=form.cleaned_data["reason"],
            )
        except ReviewError as error:
            form_error(form, error)
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect("market:review_detail", pk=application.pk)
    return _detail(request, application, form)
