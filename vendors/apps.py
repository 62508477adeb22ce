from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Traders")

    def ready(self):
        from market.models import ApplicationKind
        from market.registry import register_application_kind
        from notifications.events import register
        from vendors import events, receivers, selectors, storefront  # noqa: F401  (receivers: market's review -> stalls; storefront: the fragment cache's versions)

        connection_created.connect(_typo_threshold, dispatch_uid="vendors.typo_threshold")

        for event in events.EVENTS:
            register(event)

        # The review's queue names the trader and the stall of each application, and finds them.
        register_application_kind(
            ApplicationKind.TRADER,
            summaries=selectors.trader_application_summaries,
            search=selectors.trader_application_search,
            in_market=selectors.trader_application_in_market,
        )


def _typo_threshold(sender, connection, **kwargs):
    """The search's typo tolerance (vendors.selectors.TYPO_SIMILARITY) as pg_trgm's threshold for `<%`."""
    if connection.vendor == "postgresql":
        from vendors.selectors import TYPO_SIMILARITY

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TYPO_SIMILARITY)]
            )
