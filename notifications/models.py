from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from notifications import events


class Channel(models.TextChoices):
    IN_APP = "inapp", _("In the app")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """An outbox row: one event for one destination on one channel.

    Written in the caller's transaction; a task renders the text in the recipient's language when it sends.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    phone = PhoneNumberField(_("phone number"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="id")
    event = models.CharField(_("event"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    status = models.CharField(
        _("status"), max_length=20, choices=NotificationStatus, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Sends whose answer never came (a timeout, a run that died): the message may have gone out twice.
    lost_answers = models.PositiveSmallIntegerField(_("sends without an answer"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("message id at the channel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # A pending row is due from this time on: the sweeper sends it if no task did (a retry, a lost publish).
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # When a run took the row to send it; the sweeper gives the row back if that run never finished.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Receipts: from WhatsApp's status webhook; an in-app row is delivered when written, read in the inbox.
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(phone=""),
                name="notification_has_destination",
            ),
            models.CheckConstraint(
                condition=~Q(channel="inapp") | Q(user__isnull=False),
                name="notification_inapp_needs_user",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "channel", "read_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_at"]),
            models.Index(
                fields=["external_id"], name="notification_external_id", condition=~Q(external_id="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user or self.phone} ({self.channel})"

    def render(self, language: str | None = None) -> tuple[str, str]:
        """(title, body) in `language` (default: the active one); an unregistered event shows its name."""
        try:
            event = events.get_event(self.event)
        except KeyError:
            return self.event, ""
        return event.render(params=self.params, language=language or translation.get_language())


class InboundMessage(models.Model):
    """A message a customer sent to our WhatsApp number, kept for the reply handling of later issues."""

    external_id = models.CharField(_("message id at WhatsApp"), max_length=200, unique=True)
    sender = models.CharField(_("sender"), max_length=20, help_text=_("E.164 number"))
    sender_name = models.CharField(_("sender name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30)
    text = models.TextField(_("text"), blank=True)
    # The message as WhatsApp sent it (button payloads, media ids).
    payload = models.JSONField(_("payload"), default=dict)
    sent_at = models.DateTimeField(_("sent at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("inbound WhatsApp message")
        verbose_name_plural = _("inbound WhatsApp messages")
        indexes = [models.Index(fields=["sender", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:40]}"


class JobRun(models.Model):
    """When a periodic job (notifications.jobs) last ran: the claim that keeps two runners from both
    running it in one period."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
