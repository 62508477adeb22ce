from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouriersConfig(AppConfig):
    name = "couriers"
    verbose_name = _("Couriers")

    def ready(self):
        from couriers import permissions, receivers, selectors  # noqa: F401  (receivers: the review -> profiles)
        from market.models import ApplicationKind
        from market.registry import register_application_deciders, register_application_kind

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
