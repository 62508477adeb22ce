"""Requests refused before any view or parser sees them: bodies over the size limit, JSON nested too
deeply for Python's parser, and NUL characters that PostgreSQL cannot store or compare.

Each answers JSON under /api/ and /_allauth/ (in the error shape of each) and a short page elsewhere;
core.views answers Django's own errors (a URL no pattern matches, a bug) the same way.
"""

import operator
import re
from itertools import accumulate, repeat

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.settings import api_settings

API_PREFIX = "/api/"
ALLAUTH_PREFIX = "/_allauth/"
FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

TOO_LARGE = _("This upload is too large: at most %(megabytes)d MB in all, and a photo at most 5 MB.")
TOO_DEEP = _("This JSON is nested too deeply (at most %(levels)d levels).")
NUL_IN_QUERY = _("The address contains a character that is not allowed.")
NOT_A_JSON_OBJECT = _("The body must be a JSON object.")

# JSON strings (with their escapes) are dropped before counting brackets, so "[[[" inside text is not depth.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
# An opening bracket as 2, a closing one as 0: the running sum of (value - 1) is the nesting depth.
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def json_nesting_depth(body: bytes) -> int:
    """How deep the arrays and objects of a JSON document nest, counted in C-speed passes (a 6 MB body of
    brackets takes a few tenths of a second) and without building anything."""
    steps = _JSON_STRING.sub(b"", body).translate(None, _NOT_A_BRACKET).translate(_BRACKET_STEPS)
    return max(accumulate(map(operator.sub, steps, repeat(1))), default=0)


def is_api_request(request: HttpRequest) -> bool:
    """A client of our API or of allauth's headless API: it reads JSON, not pages."""
    accepts_json = "application/json" in request.headers.get("Accept", "")
    return request.path.startswith((API_PREFIX, ALLAUTH_PREFIX)) or accepts_json


def json_error(request: HttpRequest, *, status: int, message, code: str) -> JsonResponse:
    """`message` in the error shape of each API: allauth's headless errors under /_allauth/; ours
    elsewhere (core.api), where a 400 is a validation error of the request as a whole."""
    message = str(message)
    if request.path.startswith(ALLAUTH_PREFIX):
        return JsonResponse({"status": status, "errors": [{"message": message, "code": code}]}, status=status)
    if status == 400:
        return JsonResponse({api_settings.NON_FIELD_ERRORS_KEY: [message]}, status=status)
    return JsonResponse({"detail": message, "code": code}, status=status)


def error_response(request: HttpRequest, *, status: int, message, code: str, title) -> HttpResponse:
    """JSON to API clients (json_error), else a page with `title`, `message` and a way back."""
    if is_api_request(request):
        return json_error(request, status=status, message=message, code=code)
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    context = {"title": title, "message": str(message), "back_url": back}
    return render(request, "refused.html", context, status=status)


def _too_large(request: HttpRequest) -> HttpResponse:
    megabytes = settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)
    return error_response(
        request,
        status=413,
        message=TOO_LARGE % {"megabytes": megabytes},
        code="too_large",
        title=_("Upload too large"),
    )


class RequestBodyLimitMiddleware:
    """Refuses a body declared larger than REQUEST_BODY_MAX_BYTES before a byte of it is read, and turns
    BodyLimitUploadHandler's stop into the same answer.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out, and FILE_UPLOAD_MAX_MEMORY_SIZE only
    decides when an upload spills to disk: without this a client could stream any size to a worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.REQUEST_BODY_MAX_BYTES:
            return _too_large(request)
        response = self.get_response(request)
        if getattr(request, "upload_too_large", False):
            return _too_large(request)
        return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: no body


class UploadTooLarge(RequestDataTooBig):
    """The multipart body ran past REQUEST_BODY_MAX_BYTES while it was being read."""


class BodyLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts the bytes of every file part and stops the upload once they
    pass REQUEST_BODY_MAX_BYTES, whatever Content-Length said (a chunked or mis-declared body)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REQUEST_BODY_MAX_BYTES:
            if self.request is not None:
                self.request.upload_too_large = True
            raise UploadTooLarge("upload over REQUEST_BODY_MAX_BYTES")
        return raw_data

    def file_complete(self, file_size):
        return None


class JsonDepthMiddleware:
    """Answers 400 to a JSON body nested deeper than JSON_MAX_DEPTH, before DRF's or allauth's parser
    recurses into it (100,000 levels of "[" end in a RecursionError, a 500).

    allauth's headless views answer a body that is not a JSON object with an empty HTML 400: that one
    is given allauth's error shape too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _may_carry_json(request) and json_nesting_depth(request.body) > settings.JSON_MAX_DEPTH:
            return error_response(
                request,
                status=400,
                message=TOO_DEEP % {"levels": settings.JSON_MAX_DEPTH},
                code="too_deep",
                title=_("Request refused"),
            )
        response = self.get_response(request)
        if _bare_allauth_refusal(request, response):
            return json_error(request, status=400, message=NOT_A_JSON_OBJECT, code="invalid")
        return response


def _bare_allauth_refusal(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.path.startswith(ALLAUTH_PREFIX)
        and response.status_code == 400
        and not response.get("Content-Type", "").startswith("application/json")
    )


def _may_carry_json(request: HttpRequest) -> bool:
    """Any body but a form's: allauth's headless views parse JSON whatever the Content-Type says."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not _declared_length(request):
        return False
    return not request.content_type.startswith(FORM_CONTENT_TYPES)


class NulCharacterMiddleware:
    """A NUL in the path answers 404 and one in the query string 400: PostgreSQL refuses NUL in text, so
    a lookup such as /api/v1/markets/%00/ would otherwise end in a DataError (a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return error_response(
                request,
                status=404,
                message=NotFound.default_detail,
                code="not_found",
                title=_("Page not found"),
            )
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            return error_response(
                request, status=400, message=NUL_IN_QUERY, code="invalid", title=_("Request refused")
            )
        return self.get_response(request)
