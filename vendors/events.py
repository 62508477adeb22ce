"""The notification events of stalls and trader groups, registered from VendorsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from notifications.events import Event

# Assisted registration (vendors.services.registration): a stall registered under a number that has an
# account.
STALL_LINK_CODE = Event(
    name="stall.link_code",
    title=_("Your Pasar Daring code"),
    body=_(
        "%(code)s is the code to add the stall %(stall)s at %(market)s to your Pasar Daring account. "
        "Give it only to the trade office or the coordinator registering your stall."
    ),
    whatsapp_template="pasar_stall_link_code",
    whatsapp_params=("code", "stall", "market"),
    secret=True,
)
STALL_LINKED = Event(
    name="stall.linked",
    title=_("Stall added to your account"),
    body=_("The stall %(stall)s at %(market)s is now in your account."),
    whatsapp_template="pasar_stall_linked",
    whatsapp_params=("stall", "market"),
)
STALL_LINK_OFFERED = Event(
    name="stall.link_offered",
    title=_("A stall is waiting for you"),
    body=_(
        "The stall %(stall)s at %(market)s was registered for your number. Sign in to Pasar Daring "
        "and confirm it is yours; then you run it."
    ),
    whatsapp_template="pasar_stall_link_offered",
    whatsapp_params=("stall", "market"),
)
# Trader groups (vendors.services.groups): a coordinator suspended or moved out leaves the group without one.
GROUP_COORDINATOR_LOST = Event(
    name="group.coordinator_lost",
    title=_("%(group)s has no coordinator"),
    body=_(
        "%(coordinator)s no longer coordinates %(group)s at %(market)s: the stall was suspended or "
        "moved out of the group. Appoint a new coordinator from its active members."
    ),
    whatsapp_template="pasar_group_coordinator_lost",
    whatsapp_params=("group", "market", "coordinator"),
)

EVENTS = (STALL_LINK_CODE, STALL_LINKED, STALL_LINK_OFFERED, GROUP_COORDINATOR_LOST)
