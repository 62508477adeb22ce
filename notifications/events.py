"""The event registry: what each notification event says, and which WhatsApp template carries it.

Texts are lazy translations with named parameters ("%(name)s"); they are rendered when a message is sent, in
the recipient's language. Each event also names its pre-approved WhatsApp template and the order of that
template's parameters. Each app declares its own events in `<app>/events.py` and registers them from its
`AppConfig.ready()`, so the registry is complete once Django has started; callers import the constants
from the owning app. In orders/events.py::

    ORDER_ACCEPTED = Event(
        name="order.accepted",
        title=_("Order %(order)s accepted"),
        body=_("%(trader)s accepted your order %(order)s."),
        whatsapp_template="pasar_order_accepted",
        whatsapp_params=("order", "trader"),
    )
    EVENTS = (ORDER_ACCEPTED, ...)

and in OrdersConfig.ready(): ``for event in events.EVENTS: register(event)``. This module declares only
notifications' own events (the login code, the platform admins' alert), registered the same way.
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
    """Add `event` to the registry (from its app's AppConfig.ready()); registering it again is harmless,
    another event under a taken name is a ValueError."""
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


# The login code: accounts.adapter sends it straight through the WhatsApp transport, never the outbox.
ACCOUNT_CODE = Event(
    name="account.code",
    title=_("Your Pasar Daring code"),
    body=_("%(code)s is your Pasar Daring code. Do not share it with anyone."),
    whatsapp_template="verification_code",
    whatsapp_params=("code",),
    whatsapp_category=AUTHENTICATION,
    secret=True,
)
# To the platform admins (in the app and by email), once, when WhatsApp refuses our access token.
WHATSAPP_TOKEN_EXPIRED = Event(
    name="platform.whatsapp_token_expired",
    title=_("WhatsApp messages are not being sent"),
    body=_(
        "The WhatsApp Business API refused the access token (error 190): no WhatsApp message goes out "
        "until WHATSAPP_ACCESS_TOKEN is renewed. Failed notifications can then be sent again from the "
        "admin."
    ),
)

EVENTS = (ACCOUNT_CODE, WHATSAPP_TOKEN_EXPIRED)
