"""API conventions shared by every app's endpoints: the error shapes and how domain errors map to them.

- Validation (400): a message list per field, `{"name": ["..."], "non_field_errors": ["..."]}`.
- Everything else: `{"detail": "...", "code": "..."}` -- 401 without credentials, 403 wrong role,
  404 outside the caller's scope, 405 method not offered, 409 conflict.
- A service's domain error (`AppError(message, code)`) answers 400, or 409 for the codes its app
  declares as conflicts, once the app's API module registered it with `register_domain_error`; one
  that names a `field` answers 400 as that field's validation error.
  Code "busy" (config.locking: a row stayed locked past the lock timeout) is a 409 for every app,
  with `Retry-After`: the same request may simply be sent again a moment later.
"""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, filters, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from config.locking import BUSY


class DomainConflict(exceptions.APIException):
    """A lost race or a state that changed under the caller (job taken, stock changed)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this first. Reload and try again.")
    default_code = "conflict"


class DomainBusy(DomainConflict):
    """Another request held the rows past the lock timeout; nothing changed. DRF's handler turns
    `wait` into the Retry-After header."""

    default_code = BUSY

    @property
    def wait(self) -> int:
        return math.ceil(settings.LOCK_TIMEOUT)


class DomainRefusal(exceptions.APIException):
    """A request the domain refuses as it stands (a rule, not a race): the service's message and code."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("This request cannot be carried out.")
    default_code = "refused"


class ErrorSerializer(serializers.Serializer):
    """The body of every error but validation, for the schema."""

    detail = serializers.CharField()
    code = serializers.CharField()


# The error answers, for extend_schema(responses=...).
VALIDATION_FAILED = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A list of messages per field (non_field_errors for the request as a whole)",
)
NOT_SIGNED_IN = OpenApiResponse(ErrorSerializer, description="No session and no valid X-Session-Token")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Unknown, or outside what the caller may see")


class StableOrderingFilter(filters.OrderingFilter):
    """`?ordering=` with the primary key as the last tie-break, so no row repeats or hides across pages."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        return [*ordering, "pk"] if ordering else ordering


# Domain error class -> codes that mean a conflict (409) rather than a refused request (400).
_domain_errors: dict[type[Exception], frozenset[str]] = {}


def register_domain_error(error_class: type[Exception], *, conflict_codes=()) -> None:
    """Let the API answer `error_class` (with `.message` and `.code`, raised by a service) as 400/409;
    its code "busy" is always a 409 with Retry-After."""
    _domain_errors[error_class] = frozenset(conflict_codes)


def _as_api_exception(exc):
    for error_class, conflict_codes in _domain_errors.items():
        if isinstance(exc, error_class):
            if exc.code == BUSY:
                return DomainBusy(detail=str(exc.message))
            if getattr(exc, "field", None):  # a refusal about one input reads as that field's error
                return exceptions.ValidationError({exc.field: [str(exc.message)]}, code=exc.code)
            api_exception = DomainConflict if exc.code in conflict_codes else DomainRefusal
            return api_exception(detail=str(exc.message), code=exc.code)
    if isinstance(exc, DjangoValidationError):  # model.full_clean() in a service
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    # DRF would copy Http404's message ("No Market matches the given query."): keep the generic one.
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc, context):
    """Errors as JSON: a message list per field for validation, {"detail", "code"} for everything else."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API error: a bug, left to Django's 500 handling and logging
        return None
    if isinstance(exc, exceptions.ValidationError):
        if not isinstance(response.data, dict):  # raise ValidationError("...") names no field
            response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
        return response
    codes = exc.get_codes()
    response.data = {"detail": exc.detail, "code": codes if isinstance(codes, str) else "error"}
    return response
