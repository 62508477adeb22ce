from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications import events, jobs, services
        from notifications.transports import whatsapp

        for event in events.EVENTS:
            events.register(event)
        jobs.register_job("notifications.sweep", every=timedelta(minutes=1), func=services.notification_sweep)
        whatsapp.token_expired.connect(_alert_admins, dispatch_uid="notifications.token_expired")


def _alert_admins(sender, error, **kwargs):
    from notifications import services

    services.whatsapp_token_expired_alert()
