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
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


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
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("message id at the channel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

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
            models.Index(fields=["status", "created_at"]),
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
