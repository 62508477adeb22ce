from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouriersConfig(AppConfig):
    name = "couriers"
    verbose_name = _("Couriers")

    def ready(self):
        from couriers import receivers, selectors  # noqa: F401  (receivers: the review -> profiles)
        from couriers.events import register_events
        from market.models import ApplicationKind
        from market.registry import register_application_kind

        register_events()

        # The review's queue names the courier or company of each application, and finds them.
        register_application_kind(
            ApplicationKind.COURIER,
            summaries=selectors.courier_application_summaries,
            search=selectors.courier_application_search,
        )
        register_application_kind(
            ApplicationKind.COMPANY,
            summaries=selectors.company_application_summaries,
            search=selectors.company_application_search,
        )
