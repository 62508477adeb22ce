"""The event registry: what each notification event says, and which WhatsApp template carries it.

Texts are lazy translations with named parameters ("%(name)s"); they are rendered when a message is sent, in
the recipient's language. Each event also names its pre-approved WhatsApp template and the order of that
template's parameters. Apps register their events here, e.g.::

    register(Event(
        name="order.accepted",
        title=_("Order %(order)s accepted"),
        body=_("%(trader)s accepted your order %(order)s."),
        whatsapp_template="pasar_order_accepted",
        whatsapp_params=("order", "trader"),
    ))
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UTILITY, AUTHENTICATION = "UTILITY", "AUTHENTICATION"  # Meta's template categories


@dataclass(frozen=True)
class Event:
    name: str
    title: Promise
    body: Promise
    # Empty for events that never go out over WhatsApp.
    whatsapp_template: str = ""
    whatsapp_params: tuple[str, ...] = ()
    # AUTHENTICATION templates carry one-time codes (Meta fixes their text and adds a copy-code button).
    whatsapp_category: str = UTILITY
    # Secret events (one-time codes) go straight to a transport and are never written to the outbox.
    secret: bool = False

    def render(self, *, params: dict, language: str) -> tuple[str, str]:
        """Return (title, body) in `language`."""
        with translation.override(language):
            return _fill(str(self.title), params), _fill(str(self.body), params)

    def whatsapp_parameters(self, params: dict) -> list[str]:
        """The template's parameters, in the template's order."""
        return [str(params[key]) for key in self.whatsapp_params]


_SENTENCE_ENDS = (".", "!", "?", "…")


def _fill(text: str, params: dict) -> str:
    """`text % params`, where a parameter that already ends a sentence ("Reason: %(reason)s." with a
    reason typed as "Foto KTP buram.") keeps its own stop instead of getting a second one."""
    for key, value in params.items():
        if str(value).rstrip().endswith(_SENTENCE_ENDS):
            text = text.replace(f"%({key})s.", f"%({key})s")
    return text % params


_EVENTS: dict[str, Event] = {}


def register(event: Event) -> Event:
    existing = _EVENTS.get(event.name)
    if existing is not None and existing != event:
        raise ValueError(f"notification event {event.name!r} is already registered")
    _EVENTS[event.name] = event
    return event


def get_event(name: str) -> Event:
    """The registered event called `name`; KeyError if there is none."""
    return _EVENTS[name]


def registered_events() -> list[Event]:
    """Every registered event, by name."""
    return sorted(_EVENTS.values(), key=lambda event: event.name)


def event_for_template(template: str) -> Event | None:
    """The event carried by WhatsApp template `template`, if any."""
    return next(
        (event for event in _EVENTS.values() if template and event.whatsapp_template == template), None
    )


def whatsapp_text(*, template: str, language: str, params: list[str]) -> str:
    """The body of the event carried by WhatsApp `template`, for logs and the console transport."""
    event = event_for_template(template)
    if event is None:
        return ""
    named = dict(zip(event.whatsapp_params, params, strict=True))
    return event.render(params=named, language=language)[1]


ACCOUNT_CODE = register(
    Event(
        name="account.code",
        title=_("Your Pasar Daring code"),
        body=_("%(code)s is your Pasar Daring code. Do not share it with anyone."),
        whatsapp_template="verification_code",
        whatsapp_params=("code",),
        whatsapp_category=AUTHENTICATION,
        secret=True,
    )
)
# A new application or a coordinator's registration waits for the review (market.services), to each of
# the region's staff; in-app only.
APPLICATION_SUBMITTED = register(
    Event(
        name="application.submitted",
        title=_("New application no. %(number)s"),
        body=_("Application no. %(number)s waits for review by the %(region)s trade office."),
        whatsapp_template="pasar_application_submitted",
        whatsapp_params=("region", "number"),
    )
)
# To the platform admins (in the app and by email), once, when WhatsApp refuses our access token.
WHATSAPP_TOKEN_EXPIRED = register(
    Event(
        name="platform.whatsapp_token_expired",
        title=_("WhatsApp messages are not being sent"),
        body=_(
            "The WhatsApp Business API refused the access token (error 190): no WhatsApp message goes out "
            "until WHATSAPP_ACCESS_TOKEN is renewed. Failed notifications can then be sent again from the "
            "admin."
        ),
    )
)
# The trade office's review decisions (market.services), to the applicant or whoever registered them.
APPLICATION_APPROVED = register(
    Event(
        name="application.approved",
        title=_("Application approved"),
        body=_("The %(region)s trade office approved your application no. %(number)s."),
        whatsapp_template="pasar_application_approved",
        whatsapp_params=("region", "number"),
    )
)
APPLICATION_REJECTED = register(
    Event(
        name="application.rejected",
        title=_("Application rejected"),
        body=_(
            "The %(region)s trade office rejected your application no. %(number)s. Reason: %(reason)s. "
            "You may apply again."
        ),
        whatsapp_template="pasar_application_rejected",
        whatsapp_params=("region", "number", "reason"),
    )
)
APPLICATION_SUSPENDED = register(
    Event(
        name="application.suspended",
        title=_("Suspended by the trade office"),
        body=_(
            "The %(region)s trade office suspended your approval (application no. %(number)s). "
            "Reason: %(reason)s."
        ),
        whatsapp_template="pasar_application_suspended",
        whatsapp_params=("region", "number", "reason"),
    )
)
APPLICATION_REINSTATED = register(
    Event(
        name="application.reinstated",
        title=_("Suspension lifted"),
        body=_(
            "The %(region)s trade office lifted the suspension of your application no. %(number)s. "
            "Note: %(reason)s."
        ),
        whatsapp_template="pasar_application_reinstated",
        whatsapp_params=("region", "number", "reason"),
    )
)
# Assisted registration (vendors.registration): a stall registered under a number that has an account.
STALL_LINK_CODE = register(
    Event(
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
)
STALL_LINKED = register(
    Event(
        name="stall.linked",
        title=_("Stall added to your account"),
        body=_("The stall %(stall)s at %(market)s is now in your account."),
        whatsapp_template="pasar_stall_linked",
        whatsapp_params=("stall", "market"),
    )
)
STALL_LINK_OFFERED = register(
    Event(
        name="stall.link_offered",
        title=_("A stall is waiting for you"),
        body=_(
            "The stall %(stall)s at %(market)s was registered for your number. Sign in to Pasar Daring "
            "and confirm it is yours; then you run it."
        ),
        whatsapp_template="pasar_stall_link_offered",
        whatsapp_params=("stall", "market"),
    )
)
# Trader groups (vendors.groups): a coordinator suspended or moved out leaves the group without one.
GROUP_COORDINATOR_LOST = register(
    Event(
        name="group.coordinator_lost",
        title=_("%(group)s has no coordinator"),
        body=_(
            "%(coordinator)s no longer coordinates %(group)s at %(market)s: the stall was suspended or "
            "moved out of the group. Appoint a new coordinator from its active members."
        ),
        whatsapp_template="pasar_group_coordinator_lost",
        whatsapp_params=("group", "market", "coordinator"),
    )
)
