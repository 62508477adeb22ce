"""The storefront's pages for anonymous visitors from the cache (market.storefront): the home page and
a market's, stall's or product's page (vendors.views.storefront) are each a template of partials
(title, content and, when it has its own, description) put in market/storefront_page.html."""

import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.csp import CONTEXT_KEY as CSP_CONTEXT_KEY
from django.utils.safestring import mark_safe

from market.selectors import market_opening_state
from market.storefront import PageEntry, page_get, page_key, page_set, storefront_versions
from market.templatetags.opening import opening_text_until

LAYOUT = "market/storefront_page.html"
# The partials of a page's template that LAYOUT puts in; a page without a description has the site's.
PAGE_PARTS = ("title", "description", "content")


def storefront_page(request, template_name, scopes, build, *, htmx: bool = True):
    """A storefront page. `build()` reads its rows: (the markets whose opening states the page shows,
    the template's context); `scopes()` the page's cache scopes (market.storefront), empty when there is
    no such page; `htmx`: whether the page loads htmx (its add-to-cart forms use it).

    Signed-in visitors get it rendered afresh. Anonymous visitors get its parts from the cache while the
    scopes' versions and the opening labels hold, the layout (cart count, messages) rendered for them;
    one with neither a session nor messages, whose layout is everyone's, gets the whole page from the
    cache. A hit is one round trip to the cache (market.storefront.page_get) and no SQL."""
    if request.user.is_authenticated:
        _markets, context = build()
        return _layout(request, _render_parts(request, template_name, context), htmx)
    whole_key = page_key(request, "whole") if _sessionless(request) else None
    whole = page_get(whole_key) if whole_key else None
    if whole is not None:
        return _whole_response(request, whole.page)
    key = page_key(request, "parts")
    entry = page_get(key)
    if entry is None:
        # The versions before the rows, so a change committed meanwhile leaves this entry stale.
        versions = storefront_versions(scopes())
        markets, context = build()
        until = _labels_until(markets)  # before rendering: never later than the labels
        page = _render_parts(request, template_name, context)
        entry = PageEntry(versions, until.timestamp() if until else None, page)
        if versions:
            page_set(key, entry)
    if whole_key is None:
        return _layout(request, entry.page, htmx)
    placeholder, parts = entry.page
    html = render_to_string(
        LAYOUT,
        {
            "page": {name: mark_safe(part) for name, part in parts.items()},  # noqa: S308 (our templates, autoescaped)
            "csrf_token": placeholder,
            "htmx": htmx,
            CSP_CONTEXT_KEY: f"{placeholder}-nonce",
        },
        request,
    )
    if entry.versions:
        page_set(whole_key, entry._replace(page=(placeholder, html)))
    return _whole_response(request, (placeholder, html))


def _labels_until(markets):
    """When the first of the markets' opening labels next reads otherwise (None: none ever does)."""
    moments = [opening_text_until(market_opening_state(market)) for market in markets]
    return min((moment for moment in moments if moment is not None), default=None)


def _render_parts(request, template_name, context) -> tuple[str, dict[str, str]]:
    """The page's parts, with a placeholder where `{% csrf_token %}` puts the visitor's token:
    unguessable, so no product name or description can smuggle a token in; kept with the parts, so
    every process finds it."""
    placeholder = f"storefront-csrf-{secrets.token_hex(16)}"
    context = Context({**context, "request": request, "csrf_token": placeholder})
    parts = {}
    for name in PAGE_PARTS:
        try:
            partial = get_template(f"{template_name}#{name}")
        except TemplateDoesNotExist:
            continue
        parts[name] = str(partial.template.render(context))
    return placeholder, parts


def _layout(request, page, htmx: bool):
    """The parts in the layout, rendered for this visitor."""
    placeholder, parts = page
    token = str(get_token(request))
    parts = {name: mark_safe(html.replace(placeholder, token)) for name, html in parts.items()}  # noqa: S308 (our templates, autoescaped)
    return render(request, LAYOUT, {"page": parts, "csrf_token": token, "htmx": htmx})


def _sessionless(request) -> bool:
    """Whether the visitor has neither a session (a cart) nor messages: their layout is everyone's."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _whole_response(request, page) -> HttpResponse:
    """The whole page with this visitor's csrf token (and CSP nonce, should the layout ever use one)."""
    placeholder, html = page
    nonce = f"{placeholder}-nonce"  # first: the token's placeholder begins it
    if nonce in html:
        html = html.replace(nonce, str(get_nonce(request)))
    html = html.replace(placeholder, str(get_token(request)))
    response = HttpResponse(html)
    patch_vary_headers(response, ["Cookie"])  # as the rendered layout's session read does
    return response
