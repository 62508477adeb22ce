"""couriers' answers to market's review: a courier's or a company's decision sets its profile's status."""

from django.dispatch import receiver

from couriers.models import Courier, CourierCompany
from market.models import ApplicationKind, ProfileStatus
from market.signals import application_decided
from market.transitions import PROFILE_STATUS

PROFILE_MODELS = {ApplicationKind.COURIER: Courier, ApplicationKind.COMPANY: CourierCompany}


@receiver(application_decided, dispatch_uid="couriers.profile_follows_decision")
def profile_follows_decision(sender, application, decision, **kwargs):
    """Set the courier's or company's status in the decision's transaction; anyone not active goes offline."""
    model = PROFILE_MODELS.get(application.kind)
    if model is None:
        return
    profile = model.objects.select_for_update().get(application=application)
    profile.status = PROFILE_STATUS[decision.action]
    fields = ["status"]
    if model is Courier and profile.status != ProfileStatus.ACTIVE:
        profile.is_online = False
        fields.append("is_online")
    profile.save(update_fields=fields)
