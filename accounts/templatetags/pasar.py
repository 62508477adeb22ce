"""Template filters available in every template (registered as builtins in settings)."""

import zoneinfo

from django import template
from django.utils import timezone

from accounts import formatting

register = template.Library()


@register.filter
def rupiah(amount):
    return formatting.rupiah(amount)


@register.filter
def qty(value):
    return formatting.quantity(value)


@register.filter
def in_timezone(value, tz_name):
    """An aware datetime in a region's time zone: {{ order.created_at|in_timezone:"Asia/Makassar" }}."""
    if not value:
        return value
    return timezone.localtime(value, zoneinfo.ZoneInfo(tz_name))
