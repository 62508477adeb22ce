"""Email transport through Django's mail framework."""

import smtplib
from email.utils import make_msgid

from django.core.mail import EmailMessage

from notifications.transports import TransportError


def send_email(*, to: str, subject: str, body: str) -> str:
    """Send a plain-text email to `to`; return its Message-ID. Raises TransportError on failure."""
    message_id = make_msgid(domain="pasar-daring")
    message = EmailMessage(subject=subject, body=body, to=[to], headers={"Message-ID": message_id})
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        # The server refused the address itself: the same message will be refused again.
        raise TransportError(f"email address refused: {exc}", final=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransportError(f"email not sent: {exc}") from exc
    return message_id
