"""Every domain error code of every app answers with its documented status, on pages and in the API.

The codes are read from the source with `ast`: each `XError(message, "code", field=...)` of a
core.errors.DomainError subclass (a code named by a constant is looked up in its module; no code is the
class's default), and each `atomic_or_busy(XError)` ("busy"). The status is what the app's errors.py
declares: a "not found" code 404, a conflict 409 ("busy" for every app, with Retry-After), and every other
code deliberately 400 -- a new code is a refusal until its app declares otherwise. A refusal naming a
field answers that field's validation error in the API.
"""

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404
from django.test import RequestFactory
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

import config.urls
from core.errors import BUSY, DomainError
from core.pages import form_error, message_error
from tests.core.test_dependencies import CHAIN, ROOT

APPS = [*CHAIN, "notifications"]
MESSAGE = "Refused for the test."


# --- Reading the codes from the source --------------------------------------------------------------


def _error_classes() -> dict[str, type[DomainError]]:
    for app in APPS:
        if (ROOT / app / "errors.py").exists():
            importlib.import_module(f"{app}.errors")
    found, unvisited = {}, [DomainError]
    while unvisited:
        for subclass in unvisited.pop().__subclasses__():
            assert subclass.__name__ not in found, f"two domain errors called {subclass.__name__}"
            found[subclass.__name__] = subclass
            unvisited.append(subclass)
    return found


ERRORS = _error_classes()


def _module_name(source: Path) -> str:
    return ".".join(source.relative_to(ROOT).with_suffix("").parts)


def _name(node: ast.expr) -> str | None:
    """`ReviewError` for `ReviewError` and for `errors.ReviewError`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _code_of(call: ast.Call, error_class, source: Path) -> str | None:
    """The call's code; None when it passes another error's code on (`error.code`), which is collected
    where that error is raised."""
    node = next((keyword.value for keyword in call.keywords if keyword.arg == "code"), None)
    if node is None and len(call.args) > 1:
        node = call.args[1]
    if node is None:
        return inspect.signature(error_class.__init__).parameters["code"].default
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return getattr(importlib.import_module(_module_name(source)), node.id)
    return None


def _field_of(call: ast.Call) -> str | None:
    node = next((keyword.value for keyword in call.keywords if keyword.arg == "field"), None)
    return node.value if isinstance(node, ast.Constant) else None


def _raised_in(source: Path) -> set[tuple[str, str, str | None]]:
    raised = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "atomic_or_busy" and node.args and _name(node.args[0]) in ERRORS:
            raised.add((_name(node.args[0]), BUSY, None))
        elif name in ERRORS:
            code = _code_of(node, ERRORS[name], source)
            if code is not None:
                raised.add((name, code, _field_of(node)))
    return raised


def _raised_codes() -> list[tuple[str, str, str | None]]:
    raised = set()
    for app in APPS:
        for source in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in source.parts:
                raised |= _raised_in(source)
    return sorted(raised, key=lambda row: (row[0], row[1], row[2] or ""))


RAISED = _raised_codes()


def documented_status(error_class: type[DomainError], code: str) -> int:
    """The status errors.py declares for `code`; anything undeclared is a refusal, 400 on purpose."""
    if code in error_class.not_found_codes:
        return 404
    if code == BUSY or code in error_class.conflict_codes:
        return 409
    return 400


def _id(row) -> str:
    name, code, field = row
    return f"{name}.{code}" + (f"@{field}" if field else "")


# --- Where the errors are raised: a page and an API view, both unhandled -----------------------------


def _error(request) -> DomainError:
    query = request.GET
    return ERRORS[query["error"]](MESSAGE, query["code"], field=query.get("field") or None)


def raising_page(request):
    raise _error(request)


class RaisingApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise _error(request)


# The site's own URLs too: its layout links them.
urlpatterns = [
    path("raising/page/", raising_page),
    path("api/v1/raising/", RaisingApi.as_view()),
    *config.urls.urlpatterns,
]


def _query(name, code, field) -> dict:
    return {"error": name, "code": code, **({"field": field} if field else {})}


# --- The table ---------------------------------------------------------------------------------------


def test_the_scan_finds_the_codes_of_every_app():
    """Guards the scanner itself: a few codes known to be raised, each way they are written."""
    assert {
        ("ReviewError", "reason_required", "reason"),  # a literal code and field
        ("ReviewError", BUSY, None),  # atomic_or_busy(ReviewError)
        ("VendorError", "price_confirm", None),  # a code named by a constant
        ("VendorError", "invalid", None),  # no code: the class's default
        ("VendorError", "stall_taken", "stall_number"),
        ("AccountError", "phone_taken", None),
        ("NotificationError", "unknown_event", None),
    } <= set(RAISED)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_every_declared_code_is_raised_somewhere(name):
    """errors.py declares only what its app raises: a stale declaration hides a code's real status."""
    error_class = ERRORS[name]
    raised = {code for raised_name, code, _ in RAISED if raised_name == name}
    assert (error_class.not_found_codes | error_class.conflict_codes) - raised == set()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("name", "code", "field"), RAISED, ids=map(_id, RAISED))
def test_the_api_answers_the_documented_status(client, name, code, field):
    status = documented_status(ERRORS[name], code)

    response = client.get("/api/v1/raising/", _query(name, code, field))

    assert response.status_code == status
    if status == 400 and field:
        assert response.json() == {field: [MESSAGE]}
    else:
        assert response.json() == {"detail": MESSAGE, "code": code}
    assert ("Retry-After" in response.headers) == (code == BUSY)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("name", "code", "field"), RAISED, ids=map(_id, RAISED))
def test_a_page_answers_the_documented_status(client, name, code, field):
    """A refusal no view handled: the 404 page, or a page with the message and a way back."""
    status = documented_status(ERRORS[name], code)

    response = client.get("/raising/page/", _query(name, code, field))

    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert (MESSAGE in response.text) == (status != 404)


@pytest.mark.parametrize(("name", "code", "field"), RAISED, ids=map(_id, RAISED))
def test_a_page_that_shows_the_refusal_itself_gets_a_404_only_for_not_found(name, code, field):
    """core.pages' helpers: out of scope is the 404 page; any other refusal lands on the form (on the
    field it names) or in the messages."""
    error = ERRORS[name](MESSAGE, code, field=field)
    form = type("Form", (forms.Form,), {field or "name": forms.CharField(required=False)})(data={})
    request = RequestFactory().get("/")
    request._messages = CookieStorage(request)

    if documented_status(ERRORS[name], code) == 404:
        with pytest.raises(Http404):
            form_error(form, error)
        with pytest.raises(Http404):
            message_error(request, error)
        return
    form_error(form, error)
    message_error(request, error)

    assert form.errors == {field or "__all__": [MESSAGE]}
    assert [str(message) for message in get_messages(request)] == [MESSAGE]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", sorted(ERRORS))
def test_a_code_nobody_declared_is_a_400(client, name):
    query = _query(name, "a_code_nobody_declared", None)

    assert client.get("/api/v1/raising/", query).status_code == 400
    assert client.get("/raising/page/", query).status_code == 400
