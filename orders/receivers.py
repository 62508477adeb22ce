"""orders' answers to other apps: a login merges the visitor's carts; a suspended stall's open orders
are cancelled for that stall."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from market.models import ApplicationKind, DecisionAction
from market.signals import application_decided
from orders.services.cart import cart_merge_on_login
from orders.services.orders import stall_orders_cancel


@receiver(user_logged_in, dispatch_uid="orders.merge_carts_on_login")
def merge_carts_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        cart_merge_on_login(user=user, session=request.session)


@receiver(application_decided, dispatch_uid="orders.suspended_stall_orders")
def suspended_stall_orders(sender, application, decision, **kwargs):
    """In the suspension's transaction (after vendors set the stall's status): the stall's parts not yet
    picked up are cancelled with their stock back and the shoppers told; the other stalls of each order
    go on."""
    if application.kind != ApplicationKind.TRADER or decision.action != DecisionAction.SUSPEND:
        return
    stall_orders_cancel(application_id=application.pk, reason=_("The trade office suspended the stall."))
