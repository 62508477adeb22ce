from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users")

    def ready(self):
        from accounts import checks, receivers  # noqa: F401
        from accounts.headless import refuse_reset_keys_without_user

        refuse_reset_keys_without_user()
