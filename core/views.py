"""Error pages that need the request, and Django's error handlers answering JSON to API clients.

Django's own CSRF failure view renders without the request, so the site's layout (header, language, the
signed-in user's menu) would be missing. Its 400/403/404/500 handlers answer a page to every path: a
URL the API's patterns do not match (/api/v1/stalls/abc/), a form with too many fields or a bug would
answer HTML to an app expecting JSON.
"""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions

from core.middleware import is_api_request, json_error

UNREADABLE = _("The request could not be read.")
CSRF_FAILED = _("The CSRF token is missing or out of date: reload and send the request again.")


def csrf_failure(request, reason=""):
    """A form sent with a missing or stale CSRF token, usually a page left open too long; to an API
    client (allauth's browser API), the same in JSON."""
    if is_api_request(request):
        return json_error(request, status=403, message=CSRF_FAILED, code="csrf_failed")
    return render(request, "403_csrf.html", status=403)


def bad_request(request, exception):
    if is_api_request(request):
        return json_error(request, status=400, message=UNREADABLE, code="invalid")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        detail = exceptions.PermissionDenied.default_detail
        return json_error(request, status=403, message=detail, code="permission_denied")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        detail = exceptions.NotFound.default_detail
        return json_error(request, status=404, message=detail, code="not_found")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        detail = exceptions.APIException.default_detail
        return json_error(request, status=500, message=detail, code="error")
    return defaults.server_error(request)
