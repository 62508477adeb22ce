"""The storefront's fragment cache for anonymous visitors:

    {% load fragments %}
    {% storefront_cache market %} …a market's or stall's products… {% endstorefront_cache %}
    {% storefront_cache %} …the home page's markets… {% endstorefront_cache %}

A market's fragment is keyed by the market, whether it is open now, the language and the page's path
with its query (page, order, category), and served only while its version (market.storefront) is the
market's current one; the home page's by the language and the minute, since its opening labels are
given to the minute, and the home version. Signed-in
visitors get the fragment rendered afresh. Forms inside keep working: the fragment is stored with a
placeholder where `{% csrf_token %}` puts the visitor's token, and each answer puts its own in."""

import hashlib
import secrets

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from market.selectors import market_opening_state
from market.storefront import HOME, fragment_get, fragment_set

register = template.Library()


class StorefrontCacheNode(template.Node):
    def __init__(self, nodelist, market):
        self.nodelist = nodelist
        self.market = market

    def render(self, context):
        request = context.get("request")
        if request is None or request.user.is_authenticated:
            return self.nodelist.render(context)
        market = self.market.resolve(context) if self.market else None
        scope = HOME if market is None else market.pk
        key = fragment_key(request, market)
        version, cached = fragment_get(scope, key)
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


def fragment_key(request, market) -> str:
    """The fragment's key; its version is kept in the entry (market.storefront.fragment_get)."""
    if market is None:
        parts = [HOME, int(timezone.now().timestamp() // 60)]
    else:
        parts = [market.pk, market_opening_state(market).is_open]
    parts += [get_language(), request.get_full_path()]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"storefront:fragment:{digest}"


@register.tag
def storefront_cache(parser, token):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("storefront_cache takes at most a market")
    nodelist = parser.parse(("endstorefront_cache",))
    parser.delete_first_token()
    return StorefrontCacheNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
