"""The search page's fragment cache for anonymous visitors:

    {% load fragments %}
    {% storefront_cache %} …the search results… {% endstorefront_cache %}

The fragment is keyed by the language, the minute (its opening labels are given to the minute) and the
page's path with its query, and served only while the home version (market.storefront) is current.
Signed-in visitors get it rendered afresh. Forms inside keep working: the fragment is stored with a
placeholder where `{% csrf_token %}` puts the visitor's token, and each answer puts its own in. The
home, market, stall and product pages are cached whole (market.views.storefront_page)."""

import hashlib
import secrets

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from market.storefront import HOME, fragment_get, fragment_set

register = template.Library()


class StorefrontCacheNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or request.user.is_authenticated:
            return self.nodelist.render(context)
        key = fragment_key(request)
        version, cached = fragment_get(HOME, key)
        if cached is None:
            # Unguessable, so no product name or description can smuggle a visitor's token in; kept with
            # the fragment, so every process finds it.
            placeholder = f"storefront-csrf-{secrets.token_hex(16)}"
            with context.push(csrf_token=placeholder):
                cached = (placeholder, str(self.nodelist.render(context)))
            fragment_set(key, version, cached)
        placeholder, html = cached
        if placeholder in html:
            html = html.replace(placeholder, str(context.get("csrf_token", "")))
        return mark_safe(html)  # noqa: S308 (rendered by our templates, autoescaped)


def fragment_key(request) -> str:
    """The fragment's key; its version is kept in the entry (market.storefront.fragment_get)."""
    parts = [HOME, int(timezone.now().timestamp() // 60), get_language(), request.get_full_path()]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"storefront:fragment:{digest}"


@register.tag
def storefront_cache(parser, token):
    if len(token.split_contents()) > 1:
        raise template.TemplateSyntaxError("storefront_cache takes no argument")
    nodelist = parser.parse(("endstorefront_cache",))
    parser.delete_first_token()
    return StorefrontCacheNode(nodelist)
