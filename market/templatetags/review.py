"""The review queue's cards and what the kind's app tells about an application (market.registry):
`{% load review %}{% application_cards rows %}`, `{% summary_facts summary %}`. Written in Python:
through the template engine a queue card cost about 0.5 ms (a URL reversal, three blocktranslates
with a date, a loop over about five facts), most of the page."""

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.formatting import day_month_year_time
from core.form_renderer import escaped
from core.links import ROW_KEY, row_link
from market.models import APPLICATION_STATUS_LABELS, KIND_LABELS, TIME_ZONE_LABELS
from market.registry import ApplicationSummary

register = template.Library()


@register.simple_tag
def summary_facts(summary: ApplicationSummary) -> str:
    """<ul class="summary-facts"> with one <li> per fact, "label: value"; nothing without facts."""
    if not summary.facts:
        return ""
    items = "".join(
        f'<li><span class="meta">{escaped(fact.label)}:</span> {escaped(fact.value)}</li>'
        for fact in summary.facts
    )
    return mark_safe(f'<ul class="summary-facts">{items}</ul>')  # noqa: S308 (every value escaped)


@register.simple_tag
def application_cards(rows: list[tuple[dict, ApplicationSummary]]) -> SafeString:
    """<ul class="card-list"> of the (application, summary) rows, each application a dict of
    market.selectors.application_cards_for_staff's: each card links to its application
    and tells its number and name, kind and status (and who registered it for a trader without an
    account), its facts, the applicant's note, its region and when it was submitted there."""
    link = row_link("market:review_detail", ROW_KEY)
    labels = {
        "number": _("No. %(number)s"),
        "registered": _("registered by %(name)s"),
        "submitted": _("submitted %(when)s %(label)s"),
    }
    kinds = {kind: escaped(label) for kind, label in KIND_LABELS.items()}
    statuses = {status: escaped(label) for status, label in APPLICATION_STATUS_LABELS.items()}
    cards = []
    for application, summary in rows:
        title = labels["number"] % {"number": application["id"]}
        if summary.name:
            title += f" · {escaped(summary.name)}"
        kind, status = application["kind"], application["status"]
        line = f"{kinds.get(kind) or escaped(kind)} · {statuses.get(status) or escaped(status)}"
        if not application["applicant_id"]:
            line += " · " + labels["registered"] % {"name": escaped(application["submitter"])}
        note = f"\n  <p>{escaped(application['note'])}</p>" if application["note"] else ""
        zone = application["timezone"]
        when = day_month_year_time(application["created_at"], zone)
        submitted = labels["submitted"] % {
            "when": escaped(when),
            "label": escaped(TIME_ZONE_LABELS.get(zone, zone)),
        }
        cards.append(
            '\n<li class="card">'
            f'\n  <a href="{link(application["id"])}"><strong>{title}</strong></a>'
            f"\n  <p>{line}</p>"
            f"\n  {summary_facts(summary)}{note}"
            f'\n  <p class="meta">\n    {escaped(application["region_name"])} ·\n    {submitted}\n  </p>'
            "\n</li>"
        )
    return mark_safe(f'<ul class="card-list">{"".join(cards)}\n</ul>')  # noqa: S308 (every value escaped)
