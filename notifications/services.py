"""Notification use cases: write outbox rows in the caller's transaction, deliver them from a task."""

import json
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications import events, tasks
from notifications.errors import NotificationError
from notifications.models import Channel, Notification, NotificationStatus
from notifications.transports import TransportError, email, whatsapp

logger = logging.getLogger(__name__)

# Attempts per row, the first send included; transport errors are retried with backoff until then.
MAX_ATTEMPTS = 4
# A row still pending this long after it was written lost its task (e.g. the broker was down): send it again.
STALE_AFTER = timedelta(minutes=15)


def notify(
    *,
    event: str,
    params: dict,
    user=None,
    phone: str | None = None,
    channels=None,
    language: str | None = None,
) -> list[Notification]:
    """Queue `event` for a user and/or an E.164 phone number (someone with no account).

    Writes one row per channel in the caller's transaction and sends each after the commit, so a rolled-back
    change notifies nobody. Default channels: in-app for a user; WhatsApp to `phone` or the user's verified
    phone; email when the user has an email but no WhatsApp number. `language` only matters without a user.
    Raises NotificationError for an unknown or secret event, missing parameters or an unreachable channel.
    """
    definition = _event_for_outbox(event, params)
    whatsapp_to = phone or (user.verified_phone if user else None)
    email_to = user.email if user else None
    if user is None and not phone:
        raise NotificationError("a notification needs a user or a phone number", "no_destination")
    if channels is None:
        channels = _default_channels(user=user, whatsapp_to=whatsapp_to, email_to=email_to)
    reachable = {
        Channel.IN_APP: user is not None,
        Channel.WHATSAPP: bool(whatsapp_to),
        Channel.EMAIL: bool(email_to),
    }
    notifications = []
    with transaction.atomic():
        for channel in channels:
            if not reachable.get(channel):
                raise NotificationError(f"the recipient cannot be reached by {channel!r}", "unreachable")
            notification = Notification(
                user=user,
                phone=whatsapp_to if channel == Channel.WHATSAPP else "",
                language=user.language if user else (language or settings.LANGUAGE_CODE),
                event=definition.name,
                params=params,
                channel=channel,
            )
            notification.full_clean()
            notification.save()
            _enqueue_on_commit(notification.pk)
            notifications.append(notification)
    return notifications


def _enqueue_on_commit(notification_id: int) -> None:
    # delay_on_commit(), but robust: a broker that is down after the commit must not turn the
    # caller's committed request into an error page. The row is safe in the outbox; the periodic sweep
    # (notification_requeue_stale) sends it once the broker is back.
    transaction.on_commit(partial(tasks.notification_send.delay, notification_id), robust=True)


def _event_for_outbox(name: str, params: dict) -> events.Event:
    try:
        definition = events.get_event(name)
    except KeyError:
        raise NotificationError(f"unknown notification event {name!r}", "unknown_event") from None
    if definition.secret:
        raise NotificationError(f"{name!r} is secret: send it through its transport", "secret_event")
    try:
        json.dumps(params)
        definition.render(params=params, language=settings.LANGUAGE_CODE)
        definition.whatsapp_parameters(params)
    except (TypeError, ValueError, KeyError) as exc:
        raise NotificationError(f"bad parameters for {name!r}: {exc!r}", "bad_params") from exc
    return definition


def _default_channels(*, user, whatsapp_to, email_to) -> list[str]:
    channels = []
    if user is not None:
        channels.append(Channel.IN_APP)
    if whatsapp_to:
        channels.append(Channel.WHATSAPP)
    elif email_to:
        channels.append(Channel.EMAIL)
    return channels


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one outbox row through its channel, at most once.

    Returns None when there is nothing to do (the row is gone, sent, or being sent by another run).
    Raises TransportError when the row went back to pending for another try; on the last attempt the row
    is marked failed instead.
    """
    claimed = Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        external_id = _send(notification)
    except TransportError as exc:
        if notification.attempts < MAX_ATTEMPTS:
            _finish(notification, NotificationStatus.PENDING, error=str(exc))
            raise
        _finish(notification, NotificationStatus.FAILED, error=str(exc))
        logger.warning("notification %s failed for good: %s", notification.pk, exc)
        return notification
    except Exception as exc:
        # A bug, not a delivery problem: record it, never leave the row stuck in "sending".
        _finish(notification, NotificationStatus.FAILED, error=repr(exc))
        raise
    _finish(notification, NotificationStatus.SENT, external_id=external_id)
    return notification


def _send(notification: Notification) -> str:
    """Hand the row to its channel's transport; return the channel's message id."""
    if notification.channel == Channel.IN_APP:
        return ""  # the inbox reads the row itself
    definition = events.get_event(notification.event)
    language = notification.user.language if notification.user else notification.language
    if notification.channel == Channel.WHATSAPP:
        return whatsapp.send_template(
            to=str(notification.phone),
            template=definition.whatsapp_template,
            language=language,
            params=definition.whatsapp_parameters(notification.params),
        )
    if not notification.user.email:
        raise TransportError("the user has no email address any more")
    title, body = definition.render(params=notification.params, language=language)
    return email.send_email(to=notification.user.email, subject=title, body=body)


def _finish(notification: Notification, status: str, *, error: str = "", external_id: str = "") -> None:
    fields = {"status": status, "last_error": error[:2000], "external_id": external_id}
    if status == NotificationStatus.SENT:
        fields["sent_at"] = timezone.now()
    Notification.objects.filter(pk=notification.pk, status=NotificationStatus.SENDING).update(**fields)
    for name, value in fields.items():
        setattr(notification, name, value)


def notification_requeue(*, notification_ids) -> int:
    """Send failed or stale pending rows again (admin action, periodic sweep). Returns how many."""
    with transaction.atomic():
        requeued = list(
            Notification.objects.filter(
                pk__in=list(notification_ids),
                status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING],
            ).values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=requeued, status=NotificationStatus.FAILED).update(
            status=NotificationStatus.PENDING, attempts=0
        )
        for pk in requeued:
            _enqueue_on_commit(pk)
    return len(requeued)


def notification_requeue_stale() -> int:
    """Re-enqueue pending rows whose task was lost (a publish that failed after the commit)."""
    stale = Notification.objects.filter(
        status=NotificationStatus.PENDING, created_at__lt=timezone.now() - STALE_AFTER
    ).values_list("pk", flat=True)
    return notification_requeue(notification_ids=stale[:1000])


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's in-app notifications read.

    Raises Notification.DoesNotExist for a row outside the user's inbox.
    """
    notification = Notification.objects.get(pk=notification_id, user=user, channel=Channel.IN_APP)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all the user's in-app notifications read; returns how many changed."""
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).update(
        read_at=timezone.now()
    )
