from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "market"
    verbose_name = _("Markets")

    def ready(self):
        from market import events, storefront, summaries  # noqa: F401  (storefront: its receivers)
        from notifications.events import register
        from notifications.jobs import register_job

        for event in events.EVENTS:
            register(event)
        # Scanned often so the first application after a quiet spell is told soon; each staff member
        # still hears at most once an hour (market.summaries).
        register_job(
            "market.review_summary", every=timedelta(minutes=10), func=summaries.review_summaries_send_due
        )
