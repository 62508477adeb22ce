"""Notification use cases: write outbox rows in the caller's transaction, deliver them from a task.

Publishing: the rows a transaction writes go to the broker in one message once it commits, with tight
bounds (settings CELERY_BROKER_TRANSPORT_OPTIONS), so a dead broker costs a request about a second at
most; the rows then simply wait in the outbox for the sweeper. Sending: a run claims a row with a
conditional update (pending -> sending, `claimed_at`), sends it, and records the outcome only while the
claim is still its own. Retries are rows due again at `next_attempt_at`, which the sweeper reads.
"""

import json
import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from notifications import events, tasks
from notifications.errors import NotificationError
from notifications.models import Channel, InboundMessage, Notification, NotificationStatus
from notifications.transports import TransportError, email, whatsapp

logger = logging.getLogger(__name__)

# Tries per row, the first included; transient errors wait RETRY_BASE, doubling up to RETRY_CAP, between.
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(minutes=30)
# A fresh row is due for the sweeper this long after it was written, in case its published task is lost.
PUBLISH_GRACE = timedelta(minutes=1)
# A claim older than this belongs to a run that died: longer than the task's hard time limit, so a live
# run is never robbed of its row.
CLAIM_TIMEOUT = timedelta(minutes=5)
# One task stops taking rows after this (its soft time limit is 90 s); rows per message; rows per sweep.
SEND_BUDGET = timedelta(seconds=60)
BATCH_SIZE = 20
SWEEP_LIMIT = 2000

# WhatsApp's receipt statuses, and how far along each puts a row (receipts only move a row forward).
RECEIPT_SENT, RECEIPT_DELIVERED, RECEIPT_READ, RECEIPT_FAILED = "sent", "delivered", "read", "failed"
RECEIPT_STATUS = {
    RECEIPT_DELIVERED: NotificationStatus.DELIVERED,
    RECEIPT_READ: NotificationStatus.READ,
    RECEIPT_FAILED: NotificationStatus.FAILED,
}
RECEIPT_RANK = {
    NotificationStatus.SENT: 0,
    NotificationStatus.DELIVERED: 1,
    NotificationStatus.READ: 2,
    NotificationStatus.FAILED: 3,
}


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

    Writes one row per channel in the caller's transaction and sends them after the commit, so a
    rolled-back change notifies nobody; in-app rows are delivered as they are written. Default channels:
    in-app for a user; WhatsApp to `phone` or the user's verified phone; email when the user has an email
    but no WhatsApp number. `language` only matters without a user.
    Raises NotificationError for an unknown or secret event, missing parameters or an unreachable channel.
    """
    definition = _event_for_outbox(event, params)
    if user is None and not phone:
        raise NotificationError("a notification needs a user or a phone number", "no_destination")
    whatsapp_to = (phone or (user.verified_phone if user else None)) if definition.whatsapp_template else None
    email_to = user.email if user else None
    if channels is None:
        channels = _default_channels(user=user, whatsapp_to=whatsapp_to, email_to=email_to)
    if not channels:
        raise NotificationError(f"{event!r} has no channel to this recipient", "unreachable")
    reachable = {
        Channel.IN_APP: user is not None,
        Channel.WHATSAPP: bool(whatsapp_to),
        Channel.EMAIL: bool(email_to),
    }
    now = timezone.now()
    notifications = []
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
            created_at=now,
            next_attempt_at=now + PUBLISH_GRACE,
        )
        if channel == Channel.IN_APP:
            # Nothing sends an in-app row: the inbox reads it.
            notification.status = NotificationStatus.DELIVERED
            notification.sent_at = notification.delivered_at = now
        # The fields only: the table's constraints are what `reachable` checked, and the user is a
        # saved row; validating those would cost a query each, and the INSERT checks them again.
        notification.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        notifications.append(notification)
    # One INSERT for every channel: all of them or none.
    Notification.objects.bulk_create(notifications)
    _publish_on_commit([n.pk for n in notifications if n.status == NotificationStatus.PENDING])
    return notifications


class _Publication:
    """The outbox ids written in one transaction, published in one message once it commits."""

    def __init__(self):
        self.ids: list[int] = []
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _publish(self.ids)


def _publish_on_commit(ids: list[int]) -> None:
    if not ids:
        return
    # Join the publication this transaction already has. Django drops the hooks of a rolled-back
    # savepoint from run_on_commit, so one found there is still live; ids of rows a later savepoint
    # rolled back may ride along, and the task finds nothing to do for them.
    hooks = transaction.get_connection().run_on_commit
    publication = next((h for _, h, _ in hooks if isinstance(h, _Publication) and not h.done), None)
    if publication is None:
        publication = _Publication()
        # robust: a hook that fails must not turn the caller's committed request into an error page.
        transaction.on_commit(publication, robust=True)
    publication.ids.extend(ids)


def _publish(ids: list[int]) -> None:
    """One message for `ids`; with no broker (the embedded default) the task runs here and now.

    A broker that cannot take the message leaves the rows pending, due at once for the next sweep."""
    if not ids:
        return
    try:
        tasks.notification_send.apply_async(args=[ids])
    except Exception:
        logger.warning("could not publish notifications %s: they wait for the sweep", ids, exc_info=True)
        Notification.objects.filter(pk__in=ids, status=NotificationStatus.PENDING, attempts=0).update(
            next_attempt_at=timezone.now()
        )


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


def notification_send_batch(*, notification_ids) -> None:
    """Deliver the rows one published message carries, one after the other (the task's body).

    Stops taking rows once SEND_BUDGET has passed, well inside the task's time limit: the rest stay
    pending and the sweeper sends them. A bug on one row fails that row and does not stop the others.
    """
    deadline = time.monotonic() + SEND_BUDGET.total_seconds()
    for notification_id in notification_ids:
        if time.monotonic() > deadline:
            logger.warning("send budget spent: notifications from %s wait for the sweep", notification_id)
            return
        try:
            notification_deliver(notification_id=notification_id)
        except Exception:
            logger.exception("notification %s failed with an unexpected error", notification_id)


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one outbox row through its channel, unless another run has it or it is not due.

    Returns None when there is nothing to do (the row is gone, sent, being sent, or waiting for a retry).
    A transport error leaves the row pending for a later try (`next_attempt_at`, with backoff) or, when it
    is final or the attempts are spent, failed with the error. Delivery is at least once: a send whose
    answer was lost is retried and counted in `lost_answers`.
    """
    notification = _claim(notification_id)
    if notification is None:
        return None
    return _deliver_claimed(notification)


def _claim(notification_id: int) -> Notification | None:
    now = timezone.now()
    # A first attempt may go at once; a retry only once it is due, so a duplicate message cannot hurry it.
    due = Q(attempts=0) | Q(next_attempt_at__lte=now)
    claimed = (
        Notification.objects.filter(due, pk=notification_id, status=NotificationStatus.PENDING)
        .exclude(channel=Channel.IN_APP)
        .update(status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return Notification.objects.select_related("user").get(pk=notification_id)


def _deliver_claimed(notification: Notification) -> Notification | None:
    """Send a row this run claimed. A run that lost its claim (the sweeper gave the row to another run
    after CLAIM_TIMEOUT) sends nothing, and records nothing if its send was already under way."""
    if not _claim_held(notification).exists():
        logger.warning("notification %s: the claim expired before the send, nothing sent", notification.pk)
        return None
    try:
        external_id = _send(notification)
    except TransportError as exc:
        _after_transport_error(notification, exc)
        return notification
    except Exception as exc:
        # A bug, not a delivery problem: record it, never leave the row stuck in "sending".
        _finish(
            notification, status=NotificationStatus.FAILED, failed_at=timezone.now(), last_error=repr(exc)
        )
        raise
    _finish(
        notification,
        status=NotificationStatus.SENT,
        sent_at=timezone.now(),
        external_id=external_id,
        last_error="",
    )
    return notification


def _send(notification: Notification) -> str:
    """Hand the row to its channel's transport; return the channel's message id."""
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
        raise TransportError("the user has no email address any more", final=True)
    title, body = definition.render(params=notification.params, language=language)
    return email.send_email(to=notification.user.email, subject=title, body=body)


def _after_transport_error(notification: Notification, exc: TransportError) -> None:
    now = timezone.now()
    fields = {"last_error": str(exc)}
    if exc.answer_lost:
        fields["lost_answers"] = notification.lost_answers + 1
    if exc.final or notification.attempts >= MAX_ATTEMPTS:
        _finish(notification, status=NotificationStatus.FAILED, failed_at=now, **fields)
        logger.warning("notification %s failed for good: %s", notification.pk, exc)
    else:
        next_attempt_at = now + retry_delay(notification.attempts)
        _finish(notification, status=NotificationStatus.PENDING, next_attempt_at=next_attempt_at, **fields)


def retry_delay(attempts: int) -> timedelta:
    """The wait after `attempts` failed tries: doubling from RETRY_BASE up to RETRY_CAP, with jitter
    (between half and all of it) so rows that failed together do not all come back together."""
    delay = min(RETRY_BASE * 2 ** (attempts - 1), RETRY_CAP)
    return delay / 2 + delay / 2 * random.random()


def _claim_held(notification: Notification):
    return Notification.objects.filter(
        pk=notification.pk, status=NotificationStatus.SENDING, claimed_at=notification.claimed_at
    )


def _finish(notification: Notification, **fields) -> bool:
    """Record the outcome of this run's send, if the row is still this run's claim."""
    fields["last_error"] = fields.get("last_error", "")[:2000]
    if not _claim_held(notification).update(**fields):
        logger.warning(
            "notification %s: a late run's outcome dropped (%s)", notification.pk, fields["status"]
        )
        return False
    for name, value in fields.items():
        setattr(notification, name, value)
    return True


def notification_sweep() -> int:
    """The periodic sweep: give back expired claims, then send every due pending row. Returns how many
    rows it published. Safe to run twice or concurrently: sending goes through the conditional claim."""
    _reclaim_expired()
    due = Notification.objects.filter(
        status=NotificationStatus.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_LIMIT])
    for start in range(0, len(ids), BATCH_SIZE):
        _publish(ids[start : start + BATCH_SIZE])
    return len(ids)


def _reclaim_expired() -> None:
    """Rows a run claimed and never finished (its worker was killed): pending again, due at once, and
    counted as a lost answer, since that run may have sent the message before it died."""
    now = timezone.now()
    expired = Notification.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    )
    error = "the run sending this stopped without recording an answer: the message may have gone out"
    common = {"lost_answers": F("lost_answers") + 1, "last_error": error}
    expired.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=NotificationStatus.PENDING, next_attempt_at=now, **common
    )
    expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, failed_at=now, **common
    )


def notification_requeue(*, notification_ids) -> int:
    """Send failed or pending rows again now (the admin's "send again"). Returns how many.

    A failed row starts over with all its attempts and forgets its old receipts."""
    now = timezone.now()
    with transaction.atomic():
        requeued = list(
            Notification.objects.filter(
                pk__in=list(notification_ids),
                status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING],
            )
            .exclude(channel=Channel.IN_APP)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=requeued, status=NotificationStatus.FAILED).update(
            status=NotificationStatus.PENDING,
            attempts=0,
            claimed_at=None,
            delivered_at=None,
            read_at=None,
            failed_at=None,
        )
        Notification.objects.filter(pk__in=requeued).update(next_attempt_at=now)
        _publish_on_commit(requeued)
    return len(requeued)


def whatsapp_token_expired_alert() -> int:
    """Tell the platform admins (in the app and by email) that WhatsApp refused our access token, once
    per outage: not again until a WhatsApp message has been sent since the last alert. Returns how many
    admins were told."""
    last_sent = Notification.objects.filter(channel=Channel.WHATSAPP).aggregate(at=Max("sent_at"))["at"]
    alerts = Notification.objects.filter(event=events.WHATSAPP_TOKEN_EXPIRED.name)
    if alerts.filter(created_at__gt=last_sent).exists() if last_sent else alerts.exists():
        return 0
    logger.error("WhatsApp refused the access token: no WhatsApp message goes out until it is renewed")
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    for admin in admins:
        channels = [Channel.IN_APP, Channel.EMAIL] if admin.email else [Channel.IN_APP]
        notify(event=events.WHATSAPP_TOKEN_EXPIRED.name, params={}, user=admin, channels=channels)
    return len(admins)


def whatsapp_receipt_record(*, message_id: str, status: str, at, error: str = "") -> bool:
    """Record WhatsApp's status for the message it calls `message_id` ("sent", "delivered", "read" or
    "failed") on its outbox row. Receipts only move a row forward, so a repeated or late one changes
    nothing. Returns whether the row changed (False for a message id that is not ours)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(channel=Channel.WHATSAPP, external_id=message_id)
            .first()
        )
        if notification is None:
            return False
        changed = _apply_receipt(notification, status=status, at=at, error=error)
        if changed:
            notification.save(update_fields=changed)
    return bool(changed)


def _apply_receipt(notification: Notification, *, status: str, at, error: str) -> list[str]:
    if notification.status not in RECEIPT_RANK or notification.status == NotificationStatus.FAILED:
        return []  # not sent (again) yet, or failed: the receipt belongs to an older send
    changed = []
    if status in (RECEIPT_DELIVERED, RECEIPT_READ) and notification.delivered_at is None:
        notification.delivered_at = at
        changed.append("delivered_at")
    if status == RECEIPT_READ and notification.read_at is None:
        notification.read_at = at
        changed.append("read_at")
    new_status = RECEIPT_STATUS.get(status)
    if new_status is not None and RECEIPT_RANK[new_status] > RECEIPT_RANK[notification.status]:
        notification.status = new_status
        changed.append("status")
        if new_status == NotificationStatus.FAILED:
            notification.failed_at = at
            notification.last_error = error[:2000]
            changed += ["failed_at", "last_error"]
    return changed


def whatsapp_inbound_record(*, messages: list[dict]) -> int:
    """Store customers' messages (dicts of InboundMessage fields); one already stored is skipped.
    Returns how many were new."""
    with transaction.atomic():
        known = set(
            InboundMessage.objects.filter(external_id__in=[m["external_id"] for m in messages]).values_list(
                "external_id", flat=True
            )
        )
        new = {m["external_id"]: InboundMessage(**m) for m in messages if m["external_id"] not in known}
        for message in new.values():
            message.full_clean(validate_unique=False)
        InboundMessage.objects.bulk_create(new.values(), ignore_conflicts=True)
    return len(new)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's in-app notifications read.

    Raises Notification.DoesNotExist for a row outside the user's inbox.
    """
    notification = Notification.objects.get(pk=notification_id, user=user, channel=Channel.IN_APP)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.status = NotificationStatus.READ
        notification.save(update_fields=["read_at", "status"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all the user's in-app notifications read; returns how many changed."""
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).update(
        read_at=timezone.now(), status=NotificationStatus.READ
    )
