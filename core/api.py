"""API conventions shared by every app's endpoints: the error shapes and how domain errors map to them.

- Validation (400): a message list per field, `{"name": ["..."], "non_field_errors": ["..."]}`. A body
  that is not JSON, too many form fields and a model's own validation (its constraints in plain words,
  core.constraints) answer in this shape too.
- Everything else: `{"detail": "...", "code": "..."}` -- 401 without credentials, 403 wrong role,
  404 outside the caller's scope, 405 method not offered, 409 conflict.
- A service's domain error (a core.errors.DomainError) answers with the status its app declares for
  its code: 404 for "not found" codes, 409 for conflicts, 400 otherwise. Code "busy" (core.locking: a row
  stayed locked past the lock timeout, or a deadlock) is a 409 for every app, with `Retry-After`: the
  same request may simply be sent again a moment later. A refusal that names a `field` answers 400 as
  that field's validation error.
- A constraint the database itself enforced (an IntegrityError: validation let something through, or
  a race): a broken CHECK is the value's validation error (400), a duplicate or a row removed meanwhile
  a 409 conflict. Either is logged: it means a check is missing before the save.
- A body over the size limit: 413 `{"detail", "code": "too_large"}` (core.middleware); a URL no
  pattern matches, or a bug, answers JSON too (core.views).
"""

import logging
import math

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, filters, serializers, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core import constraints
from core.errors import BUSY, DomainError

logger = logging.getLogger(__name__)

TOO_MANY_FIELDS = _("This form has too many fields.")


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


# A 400 is a list of messages per field, or a domain refusal {"detail", "code"} (see above).
VALIDATION_FAILED_SCHEMA = {
    "anyOf": [
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        {
            "type": "object",
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
            "required": ["detail", "code"],
        },
    ]
}

# The error answers, for extend_schema(responses=...).
VALIDATION_FAILED = OpenApiResponse(
    VALIDATION_FAILED_SCHEMA,
    description="A list of messages per field (non_field_errors for the request as a whole), or a "
    "refusal of the request as it stands: {detail, code}",
)
NOT_SIGNED_IN = OpenApiResponse(ErrorSerializer, description="No session and no valid X-Session-Token")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Unknown, or outside what the caller may see")


class StableOrderingFilter(filters.OrderingFilter):
    """`?ordering=` with the primary key as the last tie-break, so no row repeats or hides across pages."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        return [*ordering, "pk"] if ordering else ordering


class DomainNotFound(exceptions.NotFound):
    """A service found nothing the caller may see (outside their scope): the service's message and code."""


def _domain_exception(error: DomainError) -> exceptions.APIException:
    if error.code == BUSY:
        return DomainBusy(detail=error.message)
    if error.field and error.status == status.HTTP_400_BAD_REQUEST:
        return exceptions.ValidationError({error.field: [error.message]}, code=error.code)
    api_exception = {
        status.HTTP_404_NOT_FOUND: DomainNotFound,
        status.HTTP_409_CONFLICT: DomainConflict,
    }.get(error.status, DomainRefusal)
    return api_exception(detail=error.message, code=error.code)


def _validation_error(errors: dict) -> exceptions.ValidationError:
    """Django's messages per field, its NON_FIELD_ERRORS ("__all__") under DRF's key."""
    key = api_settings.NON_FIELD_ERRORS_KEY
    return exceptions.ValidationError(
        {key if name == NON_FIELD_ERRORS else name: messages for name, messages in errors.items()}
    )


def _integrity_exception(error: IntegrityError) -> exceptions.APIException | None:
    kind, name = constraints.violation(error)
    if kind is None:
        return None  # a NOT NULL or the like: a bug, left to the 500 handling
    logger.warning("IntegrityError answered as a client error (%s, %s): %s", kind, name, error)
    if kind == constraints.CHECK:
        field = constraints.constraint_field(name)
        message = constraints.NOT_ALLOWED if field else constraints.NOT_ALLOWED_TOGETHER
        return _validation_error({field or NON_FIELD_ERRORS: [message]})
    return DomainConflict()


def _as_api_exception(exc):
    if isinstance(exc, DomainError):
        return _domain_exception(exc)
    if isinstance(exc, DjangoValidationError):  # model.full_clean() in a service
        return _validation_error(constraints.readable_errors(exc))
    if isinstance(exc, IntegrityError):
        return _integrity_exception(exc) or exc
    if isinstance(exc, exceptions.ParseError):  # a body that is not JSON (or not a readable form)
        return _validation_error({NON_FIELD_ERRORS: [exc.detail]})
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return _validation_error({NON_FIELD_ERRORS: [TOO_MANY_FIELDS]})
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
