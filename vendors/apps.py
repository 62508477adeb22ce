from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    name = "vendors"
    verbose_name = _("Traders")

    def ready(self):
        from vendors import receivers  # noqa: F401  (connects market's review to the stalls)
