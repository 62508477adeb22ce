"""Domain errors on pages, mapped the way core.api maps them for clients: a "not found" code is the 404
page; any other refusal the page did not handle itself shows its message (400, or 409 for conflicts)."""

from http import HTTPStatus

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.middleware import error_response


def _raise_if_not_found(error: DomainError) -> None:
    if error.status == HTTPStatus.NOT_FOUND:
        raise Http404(error.message) from error


def form_error(form, error: DomainError, field: str | None = None) -> None:
    """Show a service's refusal on `form` (on `field`, or the whole form); out of scope is a 404."""
    _raise_if_not_found(error)
    form.add_error(field, error.message)


def message_error(request, error: DomainError) -> None:
    """Show a service's refusal as a message on the next page; out of scope is a 404."""
    _raise_if_not_found(error)
    messages.error(request, error.message)


class DomainErrorMiddleware:
    """Answers a domain error that no view caught with the page for its status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        _raise_if_not_found(exception)
        return error_response(
            request,
            status=exception.status,
            message=exception.message,
            code=exception.code,
            title=_("Not done"),
        )
