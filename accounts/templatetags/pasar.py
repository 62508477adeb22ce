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


@register.filter
def page_links(page):
    """The page numbers to link from a paginated list, gaps elided: 1 2 … 7 8 9 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


@register.filter
def without_page(params, name="page"):
    """A request's query string without its page number (the parameter `name`), for page links that
    keep the filters."""
    params = params.copy()
    params.pop(name, None)
    return params.urlencode()
