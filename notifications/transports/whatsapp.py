"""WhatsApp transport: "console" (development) or "cloud" (WhatsApp Business Cloud API).

Outside the 24-hour customer service window WhatsApp only delivers pre-approved templates, so callers pass a
template name and its ordered parameters, never free text.
"""

import json
import logging
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

from notifications import events
from notifications.transports import TransportError

logger = logging.getLogger(__name__)

RETRY, FINAL = "retry", "final"
# What Meta's `error.code` says about trying again: it decides, whatever the HTTP status (a throughput
# limit comes as HTTP 400). A code not listed here follows the HTTP status: 5xx and 429 retry, 4xx fails.
ERROR_CODES = {
    4: RETRY,  # the app's request limit
    80007: RETRY,  # the business account's rate limit
    130429: RETRY,  # throughput (messages per second) reached
    131000: RETRY,  # something went wrong at WhatsApp
    131016: RETRY,  # service unavailable
    131056: RETRY,  # too many messages to this one user
    100: FINAL,  # invalid parameter
    190: FINAL,  # access token expired or invalid: nothing sends until an operator renews it
    131026: FINAL,  # undeliverable, e.g. the number has no WhatsApp
    131047: FINAL,  # outside the 24-hour window (free text only; templates are not affected)
    132000: FINAL,  # wrong number of template parameters
    132001: FINAL,  # template missing in this language
}
TOKEN_EXPIRED = 190
TEMPLATE_MISSING = 132001
# Every template is registered in Indonesian first: a template missing in English is sent in Indonesian.
FALLBACK_LANGUAGE = "id"

# Sent (with `error`, the TransportError) when the Cloud API refuses the access token.
token_expired = Signal()


def send_template(*, to: str, template: str, language: str, params: list[str]) -> str:
    """Send template `template` in `language` to the E.164 number `to`; return WhatsApp's message id.

    Raises TransportError when the message could not be handed over (`final` when retrying cannot help).
    """
    transport = settings.WHATSAPP_TRANSPORT
    if transport == "console":
        return _send_console(to=to, template=template, language=language, params=params)
    if transport == "cloud":
        return _send_cloud(to=to, template=template, language=language, params=params)
    raise ImproperlyConfigured(f'WHATSAPP_TRANSPORT must be "console" or "cloud", not {transport!r}')


def _send_console(*, to: str, template: str, language: str, params: list[str]) -> str:
    message_id = f"console-{uuid.uuid4().hex}"
    text = events.whatsapp_text(template=template, language=language, params=params)
    message = f"WhatsApp to {to} [{template}/{language}] {params}: {text}"
    # Printed, so a developer sees login codes in the runserver console whatever the log level; logged
    # for other handlers ("printed" keeps the console handler from showing it twice, see settings.LOGGING).
    logger.info(message, extra={"printed": True})
    print(message, flush=True)
    return message_id


def _send_cloud(*, to: str, template: str, language: str, params: list[str]) -> str:
    if not (settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_ACCESS_TOKEN):
        raise ImproperlyConfigured(
            "WHATSAPP_TRANSPORT=cloud needs WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN"
        )
    try:
        return _post_template(to=to, template=template, language=language, params=params)
    except TransportError as exc:
        if exc.code != TEMPLATE_MISSING or language == FALLBACK_LANGUAGE:
            raise
    logger.warning("WhatsApp template %s is missing in %r: sent in %r", template, language, FALLBACK_LANGUAGE)
    return _post_template(to=to, template=template, language=FALLBACK_LANGUAGE, params=params)


def _post_template(*, to: str, template: str, language: str, params: list[str]) -> str:
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to.removeprefix("+"),
        "type": "template",
        "template": {
            "name": template,
            "language": {"code": language},
            "components": _components(template, params),
        },
    }
    request = urllib.request.Request(
        f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages",
        data=json.dumps(payload).encode(),
        headers={
            "Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}",
            "Content-Type": "application/json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WHATSAPP_TIMEOUT_SECONDS) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        raise _api_error(exc.code, exc.read(4000)) from exc
    except urllib.error.URLError as exc:
        # Raised before the request was out (refused, no route, connect timeout): nothing was sent.
        raise TransportError(f"WhatsApp API unreachable: {exc.reason}") from exc
    except (OSError, ValueError) as exc:
        # The request went out and the answer timed out or came back unreadable: it may have been sent.
        raise TransportError(f"WhatsApp API answer lost: {exc!r}", answer_lost=True) from exc
    try:
        return answer["messages"][0]["id"]
    except (KeyError, IndexError, TypeError) as exc:
        raise TransportError(f"WhatsApp API answer has no message id: {answer!r}", answer_lost=True) from exc


def _components(template: str, params: list[str]) -> list[dict]:
    body = [{"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in params]}]
    event = events.event_for_template(template)
    if event is not None and event.whatsapp_category == events.AUTHENTICATION:
        # Authentication templates carry the code a second time, for their "copy code" button.
        body.append({"type": "button", "sub_type": "url", "index": "0", "parameters": body[0]["parameters"]})
    return body


def _api_error(status: int, raw: bytes) -> TransportError:
    """The TransportError for an HTTP error answer, classified by Meta's error code (ERROR_CODES)."""
    try:
        error = json.loads(raw)["error"]
        code, message = int(error["code"]), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError):
        code, message = None, raw.decode(errors="replace")
    outcome = ERROR_CODES.get(code) or (RETRY if status >= 500 or status == 429 else FINAL)
    label = f"error {code}" if code is not None else "no error code"
    exc = TransportError(
        f"WhatsApp API answered HTTP {status}, {label}: {message}"[:2000], final=outcome == FINAL, code=code
    )
    if code == TOKEN_EXPIRED:
        for receiver, failure in token_expired.send_robust(sender=__name__, error=exc):
            if isinstance(failure, Exception):
                logger.error("token_expired receiver %r failed: %r", receiver, failure)
    return exc
