from django.apps import AppConfig


class CouriersConfig(AppConfig):
    name = "couriers"

    def ready(self):
        from couriers import receivers  # noqa: F401  (connects market's review to courier profiles)
