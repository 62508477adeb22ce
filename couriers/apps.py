from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouriersConfig(AppConfig):
    name = "couriers"
    verbose_name = _("Couriers")

    def ready(self):
        # receivers: the review -> profiles; a ready order opens its delivery, a cancelled one ends it
        from couriers import permissions, receivers, selectors  # noqa: F401
        from couriers.events import register_events
        from couriers.services.jobs import jobs_alert_unassigned
        from couriers.services.status import courier_locations_expire
        from market.models import ApplicationKind
        from market.registry import register_application_deciders, register_application_kind
        from notifications.jobs import register_job

        register_events()
        register_job("couriers.unassigned_alert", every=timedelta(minutes=1), func=jobs_alert_unassigned)
        register_job("couriers.locations_expire", every=timedelta(minutes=30), func=courier_locations_expire)
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
        # A company's admins decide the applications of couriers who applied to their company.
        register_application_deciders(ApplicationKind.COURIER, scope=permissions.company_admin_decision_scope)
