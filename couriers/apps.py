from django.apps import AppConfig


class CouriersConfig(AppConfig):
    name = "couriers"
