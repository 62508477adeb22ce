"""App configs that put Django's admin and third-party apps in our words.

INSTALLED_APPS lists these in place of the apps' own configs; the app labels stay the same.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class AdminConfig(DjangoAdminConfig):
    default_site = "config.admin.PasarAdminSite"

    def ready(self):
        # Django 6.1's "- Select an option -" has no Indonesian: a select without an empty label of its
        # own (the admin's, a model field's blank choice) shows ours. Set here because the admin is the
        # first app and its autodiscovery imports forms, whose fields read the label when defined.
        fields.BLANK_CHOICE_LABEL = _("- Choose one -")
        super().ready()


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts")
