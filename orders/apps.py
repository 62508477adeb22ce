from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from notifications.jobs import register_job
        from orders import receivers  # noqa: F401  (login merges carts; a suspended stall's orders)
        from orders.events import register_events
        from orders.services.orders import order_auto_cancel_due
        from vendors.registry import register_product_action

        register_events()
        register_product_action("orders/partials/add_to_cart.html")
        register_job("orders.auto_cancel", every=timedelta(minutes=1), func=order_auto_cancel_due)
