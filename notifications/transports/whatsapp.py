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

from notifications import events
from notifications.transports import TransportError

logger = logging.getLogger(__name__)


def send_template(*, to: str, template: str, language: str, params: list[str]) -> str:
    """Send template `template` in `language` to the E.164 number `to`; return WhatsApp's message id.

    Raises TransportError when the message could not be handed over.
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
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to.removeprefix("+"),
        "type": "template",
        "template": {
            "name": template,
            "language": {"code": language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in params]}
            ],
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
        detail = exc.read(2000).decode(errors="replace")
        raise TransportError(f"WhatsApp API answered HTTP {exc.code}: {detail}") from exc
    except (OSError, ValueError) as exc:  # URLError and timeouts are OSErrors; ValueError is bad JSON
        raise TransportError(f"WhatsApp API unreachable or unreadable: {exc}") from exc
    try:
        return answer["messages"][0]["id"]
    except (KeyError, IndexError, TypeError) as exc:
        raise TransportError(f"WhatsApp API answer has no message id: {answer!r}") from exc
