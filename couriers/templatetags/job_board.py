"""The job board's cards, written in Python: `{% load job_board %}`.

The board is what couriers load most (the list polls every 15 s). Through the template engine each of a
page's 20 cards cost about 0.4 ms: lookups, filters, a reverse() and a csrf token read each. Here the
labels are translated, the take link reversed and the token read once a page; the markup is the card
the template wrote, every value escaped."""

import zoneinfo

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.formatting import quantity, rupiah
from core.form_renderer import escaped
from core.links import ROW_KEY, row_link

register = template.Library()


@register.simple_tag(takes_context=True)
def job_cards(context, jobs, courier) -> SafeString:
    """Each job of the page (couriers.selectors.job_cards_for_courier's rows) as a card: market to
    kelurahan, fee, cash (marked over the courier's limit), its stalls, the drop-off's distance, the
    courier's to the market when they shared a location, since when it waits (in the region's time),
    and the take button or why there is none."""
    labels = {
        "fee": escaped(_("Fee")),
        "cash": escaped(_("Cash for the stalls")),
        "stalls": escaped(_("Pick up at")),
        "drop_off": escaped(_("Market to drop-off")),
        "to_market": escaped(_("You to the market")),
        "since": escaped(_("Waiting since")),
        "over": escaped(_("over your limit")),
        "flat": escaped(_("flat fee, no distance")),
        "cannot": escaped(_("You cannot take this job: it needs more cash than your limit.")),
        "take": escaped(_("Take this job")),  # not in an f-string: makemessages would miss it
    }
    take = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(context.get("csrf_token", ""))}">'
        f'<button type="submit">{labels["take"]}</button>'
    )
    accept = row_link("couriers:accept", ROW_KEY)
    zone = zoneinfo.ZoneInfo(courier.region.timezone)
    return mark_safe("".join(_card(job, labels, take, accept, zone) for job in jobs))  # noqa: S308


def _card(job: dict, labels: dict, take: str, accept, zone) -> str:
    pk = job["id"]
    stalls = ", ".join(
        f"{escaped(stall['stall_name'])} ({escaped(stall['stall_number'])})" for stall in job["stalls"]
    )
    distance = job["distance_km"]
    drop_off = f"{quantity(distance)} km" if distance is not None else labels["flat"]
    to_market = ""
    if job["distance_to_market"] is not None:
        to_market = f"<dt>{labels['to_market']}</dt><dd>{floatformat(job['distance_to_market'], 1)} km</dd>\n"
    over = f" <mark data-over-limit>{labels['over']}</mark>" if job["over_cash_limit"] else ""
    if job["over_cash_limit"]:
        action = f"<p><small>{labels['cannot']}</small></p>"
    else:
        action = f'<form method="post" action="{accept(pk)}">{take}</form>'
    return (
        f'<article class="card job" aria-labelledby="job-{pk}" data-job="{pk}">\n'
        f'<h3 id="job-{pk}">{escaped(job["market_name"])} → {escaped(job["kelurahan"])}</h3>\n'
        '<dl class="facts">\n'
        f"<dt>{labels['fee']}</dt><dd><strong>{rupiah(job['fee'])}</strong></dd>\n"
        f"<dt>{labels['cash']}</dt><dd>{rupiah(job['cash_to_carry'])}{over}</dd>\n"
        f"<dt>{labels['stalls']}</dt><dd>{stalls}</dd>\n"
        f"<dt>{labels['drop_off']}</dt><dd>{drop_off}</dd>\n"
        f"{to_market}"
        f"<dt>{labels['since']}</dt><dd>{job['opened_at'].astimezone(zone):%H.%M}</dd>\n"
        "</dl>\n"
        f"{action}\n"
        "</article>\n"
    )
