"""Opening state of a market: `{% load opening %}{% opening_state market %}`."""

from datetime import datetime, time, timedelta

from django import template
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from market.selectors import OpeningState, market_opening_state

register = template.Library()


@register.inclusion_tag("market/partials/opening_state.html")
def opening_state(market, at=None):
    """ "Open now · closes 13.00 WIB" or "Closed · opens tomorrow 04.30 WIB"; nothing without hours."""
    state = market_opening_state(market, at)
    return {"state": state, "text": opening_text(state)}


def opening_text(state: OpeningState) -> str:
    if not state.known:
        return ""
    if state.is_open:
        return _("Open now · closes %(when)s") % {"when": _when(state.closes_at, state)}
    if state.opens_at is None:
        return _("Closed")
    return _("Closed · opens %(when)s") % {"when": _when(state.opens_at, state)}


def opening_text_until(state: OpeningState) -> datetime | None:
    """When opening_text(state) next reads otherwise: the next opening or closing, or the region's
    midnight, when "tomorrow" becomes today; None for a market without hours (no text)."""
    if not state.known:
        return None
    midnight = datetime.combine(state.at.date() + timedelta(days=1), time.min, tzinfo=state.at.tzinfo)
    change = state.closes_at if state.is_open else state.opens_at
    return midnight if change is None else min(change, midnight)


def _when(moment: datetime, state: OpeningState) -> str:
    """The time, with the day when it is not today: "13.00 WIB", "tomorrow 04.30 WIB", "Monday …"."""
    clock = f"{moment:%H:%M}" if (get_language() or "id").startswith("en") else f"{moment:%H.%M}"
    clock = f"{clock} {state.timezone_label}"
    days = (moment.date() - state.at.date()).days
    if days == 0:
        return clock
    if days == 1:
        return _("tomorrow %(time)s") % {"time": clock}
    if days < 7:
        return f"{WEEKDAYS[moment.weekday()]} {clock}"
    return f"{date_format(moment.date(), 'j F')} {clock}"


@register.simple_tag
def opening_week(market) -> list[tuple[str, object]]:
    """Monday to Sunday as (day name, its MarketHours row or None for a closed day)."""
    hours = {row.weekday: row for row in market.hours.all()}
    return [(WEEKDAYS[day], hours.get(day)) for day in range(7)]
