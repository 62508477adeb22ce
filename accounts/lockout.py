"""django-axes hooks: failed logins are counted per account (normalised phone or email) and IP.

Counting per IP alone would let one attacker lock out a whole town behind a carrier's shared address.
"""

import math

from allauth.account.adapter import get_adapter
from axes.helpers import get_cool_off
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext

from accounts.phone import normalize_phone

API_PATH_PREFIXES = ("/_allauth/", "/api/")


def login_identifier(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account a login attempt was for.

    allauth calls authenticate(phone=…) or authenticate(email=…); Django's admin and axes' own
    bookkeeping after a successful login pass username=<email>.
    """
    credentials = credentials or {}
    phone = credentials.get("phone")
    if phone:
        try:
            return normalize_phone(phone)
        except ValidationError:
            return str(phone).strip()
    login = credentials.get("email") or credentials.get("username")
    return str(login).strip().lower() if login else None


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same client address allauth's rate limits use (proxy-aware).

    None for a request with no address, such as the one Django's test client builds for force_login().
    """
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with the wait, as JSON for API clients and a page for browsers."""
    cool_off = get_cool_off(request)
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else None
    if minutes:
        message = gettext(
            "Too many failed login attempts for this account. Try again in %(minutes)d minutes."
        ) % {"minutes": minutes}
    else:
        message = gettext("Too many failed login attempts for this account.")
    headers = {"Retry-After": str(int(cool_off.total_seconds()))} if cool_off else {}
    if _wants_json(request):
        # "detail"/"code" as our API answers errors, "errors" as allauth's headless API does.
        body = {
            "status": 429,
            "detail": message,
            "code": "locked_out",
            "errors": [{"message": message, "code": "locked_out"}],
        }
        return JsonResponse(body, status=429, headers=headers)
    response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    for name, value in headers.items():
        response[name] = value
    return response


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIXES) or "application/json" in request.headers.get(
        "Accept", ""
    )
