"""Template filters available in every template (registered as builtins in settings)."""

from django import template
from django.templatetags.tz import do_timezone

from accounts import formatting

register = template.Library()


@register.filter
def rupiah(amount):
    return formatting.rupiah(amount)


@register.filter
def qty(value):
    return formatting.quantity(value)


@register.filter
def phone_national(phone):
    """+6281234567890 -> 0812-3456-7890, as every page shows numbers."""
    return formatting.phone_national(phone)


@register.filter
def in_timezone(value, tz_name):
    """An aware datetime in a region's time zone: {{ order.created_at|in_timezone:"Asia/Makassar" }}.

    Django's own timezone filter, so a chained |date keeps the region's time instead of converting back.
    """
    return do_timezone(value, tz_name)
