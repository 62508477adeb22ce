"""The admin site under Pasar Daring's name (Django's says "Django administration")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PasarAdminSite(admin.AdminSite):
    site_header = _("Pasar Daring – Administration")
    site_title = _("Pasar Daring – Administration")
    index_title = _("Administration")
