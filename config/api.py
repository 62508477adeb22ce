"""API conventions shared by every app's endpoints: authentication, errors."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class DomainConflict(exceptions.APIException):
    """A lost race or a state that changed under the caller (job taken, stock changed)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc, context):
    """Errors as JSON: a message per field for validation, {"detail", "code"} for everything else."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return response
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
    return Response(
        {"detail": detail, "code": codes if isinstance(codes, str) else "error"},
        status=response.status_code,
        headers={k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After")},
    )
