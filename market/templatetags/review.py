"""What the kind's app tells about an application (market.registry): `{% load review %}{% summary_facts
summary %}`. Written in Python: the queue shows about five facts a row, and a template loop over them
cost about a tenth of the page."""

from django import template
from django.utils.html import format_html, format_html_join

from market.registry import ApplicationSummary

register = template.Library()


@register.simple_tag
def summary_facts(summary: ApplicationSummary) -> str:
    """<ul class="summary-facts"> with one <li> per fact, "label: value"; nothing without facts."""
    if not summary.facts:
        return ""
    items = format_html_join(
        "", '<li><span class="meta">{}:</span> {}</li>', ((fact.label, fact.value) for fact in summary.facts)
    )
    return format_html('<ul class="summary-facts">{}</ul>', items)
