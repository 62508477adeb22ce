"""/webhooks/whatsapp/: the WhatsApp Cloud API's calls to us.

GET is Meta's verification handshake when the webhook is registered; POSTs carry delivery receipts and
customers' messages, signed with the app secret (X-Hub-Signature-256: HMAC-SHA256 of the raw body).
Meta repeats a POST until it gets a 200, so every POST is idempotent.
"""

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import services

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"


class Malformed(ValueError):
    """The body is not the shape WhatsApp sends."""


@csrf_exempt  # Meta cannot send a CSRF token; the signature authenticates the POST instead
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":
        return _handshake(request)
    if not _signature_valid(request):
        return HttpResponseForbidden("bad signature")
    try:
        receipts, messages = _parse(request.body)
    except Malformed as exc:
        logger.warning("malformed WhatsApp webhook: %s", exc)
        return HttpResponseBadRequest("malformed")
    for receipt in receipts:
        services.whatsapp_receipt_record(**receipt)
    if messages:
        services.whatsapp_inbound_record(messages=messages)
    return HttpResponse("ok", content_type="text/plain")


def _handshake(request):
    token = settings.WHATSAPP_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    if (
        not token
        or request.GET.get("hub.mode") != "subscribe"
        or not hmac.compare_digest(given.encode(), token.encode())
    ):
        return HttpResponseForbidden("bad verify token")
    return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")


def _signature_valid(request) -> bool:
    secret = settings.WHATSAPP_APP_SECRET
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not given.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(given.removeprefix("sha256=").encode(), expected.encode())


def _parse(body: bytes) -> tuple[list[dict], list[dict]]:
    """(receipts, inbound messages) from a webhook body; raises Malformed."""
    try:
        payload = json.loads(body)
        values = [change["value"] for entry in payload["entry"] for change in entry["changes"]]
        if not all(isinstance(value, dict) for value in values):
            raise Malformed("a change has no value object")
        receipts = [_receipt(status) for value in values for status in _list(value, "statuses")]
        messages = [_message(message, value) for value in values for message in _list(value, "messages")]
    except Malformed:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise Malformed(repr(exc)) from exc
    return receipts, messages


def _list(value: dict, key: str) -> list:
    items = value.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise Malformed(f"{key} is not a list of objects")
    return items


def _receipt(status: dict) -> dict:
    status = _without_nul(status)
    errors = status.get("errors") or []
    error = errors[0] if errors else {}
    detail = (error.get("error_data") or {}).get("details") or error.get("message") or ""
    return {
        "message_id": _id(status["id"]),
        "status": _text(status["status"]),
        "at": _time(status["timestamp"]),
        "error": f"WhatsApp error {error.get('code')}: {error.get('title', '')} {detail}".strip()
        if error
        else "",
    }


def _message(message: dict, value: dict) -> dict:
    message = _without_nul(message)  # PostgreSQL stores no NUL characters
    sender = _text(message["from"])
    if not (sender.isascii() and sender.isdigit() and 6 <= len(sender) <= 15):
        raise Malformed(f"sender {sender!r} is not a phone number")
    names = {
        contact.get("wa_id"): (contact.get("profile") or {}).get("name", "")
        for contact in _list(value, "contacts")
    }
    return {
        "external_id": _id(message["id"]),
        "sender": f"+{sender}",
        "sender_name": _text(names.get(sender) or "")[:200],
        "kind": _id(message["type"])[:30],
        "text": _message_text(message),
        "payload": message,
        "sent_at": _time(message["timestamp"]),
    }


def _message_text(message: dict) -> str:
    """What the customer wrote or tapped; empty for media and the like."""
    kind = message["type"]
    if kind == "text":
        return _text(message["text"]["body"])
    if kind == "button":
        return _text(message["button"]["text"])
    if kind == "interactive":
        reply = message["interactive"].get("button_reply") or message["interactive"].get("list_reply") or {}
        return _text(reply.get("title", ""))
    return ""


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise Malformed(f"{value!r} is not text")
    return value


def _id(value) -> str:
    if not _text(value) or len(value) > 200 or "\x00" in value:
        raise Malformed(f"{value!r} is not a message id")
    return value


def _time(value) -> datetime:
    """WhatsApp's timestamps are Unix seconds, as a string."""
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise Malformed(f"bad timestamp {value!r}") from exc
