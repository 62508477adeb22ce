"""Domain errors on pages, mapped the way core.api maps them for clients: a "not found" code is the 404
page; any other refusal the page did not handle itself shows its message (400, or 409 for conflicts)."""

from http import HTTPStatus

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.middleware import error_response


def raise_if_not_found(error: DomainError) -> None:
    """The 404 page for a "not found" code (outside the caller's scope); for a page that shows any other
    refusal its own way."""
    if error.status == HTTPStatus.NOT_FOUND:
        raise Http404(error.message) from error


def form_error(form, error: DomainError, field: str | None = None) -> None:
    """Show a service's refusal on `form`: on `field`, else on the field the error names (`error.field`)
    if the form has it, else above the whole form. Out of scope is a 404."""
    raise_if_not_found(error)
    if field is None and error.field in form.fields:
        field = error.field
    form.add_error(field, error.message)


def message_error(request, error: DomainError, *, about: str | None = None) -> None:
    """Show a service's refusal as a message on the next page, after "`about`: " when the page lists
    several things; out of scope is a 404."""
    raise_if_not_found(error)
    messages.error(request, f"{about}: {error.message}" if about else error.message)


class DomainErrorMiddleware:
    """Answers a domain error that no view caught with the page for its status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        raise_if_not_found(exception)
        return error_response(
            request,
            status=exception.status,
            message=exception.message,
            code=exception.code,
            title=_("Not done"),
        )
