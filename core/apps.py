from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import api_schema  # noqa: F401  (registers the X-Session-Token scheme with drf-spectacular)
