"""couriers' answers to the apps below: market's review sets a courier's or company's status; orders'
ready order opens its Delivery, and a cancelled one ends it."""

from django.dispatch import receiver

from couriers.models import Courier, CourierCompany
from couriers.services.jobs import (
    delivery_follow_cancellation,
    delivery_open,
    jobs_of_suspended_courier,
    suspended_courier_holding,
)
from market.models import ApplicationKind, ProfileStatus
from market.signals import application_decided
from market.transitions import PROFILE_STATUS
from orders.signals import order_cancelled, order_ready_for_pickup

PROFILE_MODELS = {ApplicationKind.COURIER: Courier, ApplicationKind.COMPANY: CourierCompany}


@receiver(application_decided, dispatch_uid="couriers.profile_follows_decision")
def profile_follows_decision(sender, application, decision, **kwargs):
    """Set the courier's or company's status in the decision's transaction; anyone not active goes
    offline. A courier no longer active gives their jobs not yet picked up back to the board (first,
    since the lock order puts orders and deliveries before the courier), and the region's staff hear of
    every delivery they still hold."""
    model = PROFILE_MODELS.get(application.kind)
    if model is None:
        return
    status = PROFILE_STATUS[decision.action]
    leaving = model is Courier and status != ProfileStatus.ACTIVE
    if leaving:
        jobs_of_suspended_courier(Courier.objects.get(application=application))
    profile = model.objects.select_for_update().get(application=application)
    profile.status = status
    fields = ["status"]
    if leaving:
        profile.is_online = False
        fields.append("is_online")
    profile.save(update_fields=fields)
    if leaving:
        suspended_courier_holding(profile)


@receiver(order_ready_for_pickup, dispatch_uid="couriers.delivery_opens")
def delivery_opens(sender, order, **kwargs):
    delivery_open(order)


@receiver(order_cancelled, dispatch_uid="couriers.delivery_follows_cancellation")
def delivery_follows_cancellation(sender, order, **kwargs):
    delivery_follow_cancellation(order)
