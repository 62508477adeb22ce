import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.csp import CONTEXT_KEY as CSP_CONTEXT_KEY
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_headers

from core.pagination import KeysFirstPaginator
from market.models import Market
from market.selectors import market_list_with_hours, market_opening_state
from market.storefront import (
    PageEntry,
    page_get,
    page_key,
    page_set,
    product_scope,
    stall_scope,
    storefront_versions,
)
from market.templatetags.opening import opening_text_until
from vendors.forms.storefront import ProductSearchForm
from vendors.models import Product, Trader, TraderGroup, TraderStatus, runnable_q
from vendors.selectors import (
    category_list_on_sale,
    product_get_public,
    product_list_public,
    product_list_same_commodity,
    product_order,
    search_suggestion,
    stall_list_public,
)

PRODUCTS_PER_PAGE = 20
# A market's or stall's products a page at a time: the whole list of a big market is megabytes.
SHELF_PER_PAGE = 30
# A market's stalls, short rows, a page at a time under their own page number (`stalls=`).
STALLS_PER_PAGE = 40


def market_detail(request, slug):
    """One market: its trader groups with the coordinators' WhatsApp, its public stalls a page at a time,
    its categories with how many products each has on sale, and the products (of the chosen category) a
    page at a time."""

    def scopes():
        return list(Market.objects.filter(is_active=True, slug=slug).values_list("pk", flat=True)[:1])

    def build():
        market = get_object_or_404(market_list_with_hours(Market.objects.filter(is_active=True)), slug=slug)
        groups = (
            TraderGroup.objects.filter(market=market)
            .select_related("coordinator")
            .annotate(
                active_members=Count(
                    "members", filter=Q(runnable_q("members__"), members__status=TraderStatus.ACTIVE)
                )
            )
            .order_by("name")
        )
        form = ProductSearchForm(request.GET)
        filters = form.filters()
        on_sale = product_list_public(market=market)
        products = on_sale if "category" not in filters else on_sale.filter(category=filters["category"])
        context = {
            "market": market,
            "groups": groups,
            "stalls": Paginator(stall_list_public(market=market), STALLS_PER_PAGE).get_page(
                request.GET.get("stalls")
            ),
            "form": form,
            "categories": category_list_on_sale(on_sale),
            "category": filters.get("category"),
            "page": _shelf_page(request, products, form),
        }
        return market, context

    return _storefront_page(request, "vendors/market_detail.html", scopes, build)


def _shelf_page(request, products, form):
    """A page of a market's or stall's products: by category unless the shopper chose an order."""
    order = form.filters()["order"]
    if not form.cleaned_data.get("sort"):
        order = "category"
    return Paginator(product_order(products, order), SHELF_PER_PAGE).get_page(request.GET.get("page"))


def stall_detail(request, pk):
    """One active stall of an open market, which someone can run, and what it has on sale."""

    def scopes():
        market_id = Trader.objects.filter(pk=pk).values_list("market_id", flat=True).first()
        return [] if market_id is None else [market_id, stall_scope(pk)]

    def build():
        stall = get_object_or_404(
            Trader.objects.runnable().select_related("market__region", "group__coordinator"),
            pk=pk,
            status=TraderStatus.ACTIVE,
            market__is_active=True,
        )
        [stall.market] = market_list_with_hours(Market.objects.filter(pk=stall.market_id))
        form = ProductSearchForm(request.GET)
        products = product_list_public(market=stall.market).filter(trader=stall)
        return stall.market, {"stall": stall, "form": form, "page": _shelf_page(request, products, form)}

    return _storefront_page(request, "vendors/stall_detail.html", scopes, build)


@vary_on_headers("HX-Request")
def product_list(request):
    """Search and compare prices across stalls and markets; htmx asks for the results fragment only.
    The results are read only when their fragment is not in the storefront cache."""
    form = ProductSearchForm(request.GET)
    filters = form.filters()
    page = SimpleLazyObject(lambda: _results_page(filters, request.GET.get("page")))
    context = {
        "form": form,
        "page": page,
        "query_string": _without_page(request.GET),
        "suggestion": SimpleLazyObject(
            lambda: search_suggestion(filters["q"]) if "q" in filters and not page.paginator.count else None
        ),
    }
    template = "vendors/product_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, context)


def _results_page(filters, number):
    """A page of the products matching the filters, in their order; when no product matches the words,
    those with names alike (typos, on PostgreSQL: asked only then, so a search that finds costs no
    query to know it)."""
    search = {
        "search": filters.get("q"),
        "market": filters.get("market"),
        "category": filters.get("category"),
    }

    def page_of(products):
        paginator = KeysFirstPaginator(product_order(products, filters["order"]), PRODUCTS_PER_PAGE)
        return paginator.get_page(number)

    page = page_of(product_list_public(**search, typos=False))
    if search["search"] and not page.paginator.count:
        page = page_of(product_list_public(**search))
    return page


def _without_page(params) -> str:
    """The current filters as a query string, for the pagination links to keep them."""
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def product_detail(request, pk):
    """One product on sale: its picture, prices, stock, stall, the market's opening state, a WhatsApp
    link that starts the order, and the other stalls of the market selling the same staple."""

    def scopes():
        found = Product.objects.filter(pk=pk).values_list("trader__market_id", "trader_id").first()
        return [] if found is None else [found[0], stall_scope(found[1]), product_scope(pk)]

    def build():
        try:
            product = product_get_public(pk)
        except Product.DoesNotExist:
            raise Http404 from None
        return product.trader.market, {"product": product, "others": product_list_same_commodity(product)}

    return _storefront_page(request, "vendors/product_detail.html", scopes, build)


# The parts of a storefront page's template (its partials) that vendors/storefront_page.html puts in.
PAGE_PARTS = ("title", "description", "content")


def _storefront_page(request, template_name, scopes, build):
    """A market's, stall's or product's page. `build()` reads its rows: (the market whose opening state
    the page shows, the template's context); `scopes()` the page's cache scopes (market.storefront), empty
    when there is no such page.

    Signed-in visitors get it rendered afresh. Anonymous visitors get its parts from the cache while the
    scopes' versions and the opening label hold, the layout (cart count, messages) rendered for them;
    one with neither a session nor messages, whose layout is everyone's, gets the whole page from the
    cache. A hit is one round trip to the cache (market.storefront.page_get) and no SQL."""
    if request.user.is_authenticated:
        _market, context = build()
        return _layout(request, _render_parts(request, template_name, context))
    whole_key = page_key(request, "whole") if _sessionless(request) else None
    whole = page_get(whole_key) if whole_key else None
    if whole is not None:
        return _whole_response(request, whole.page)
    key = page_key(request, "parts")
    entry = page_get(key)
    if entry is None:
        # The versions before the rows, so a change committed meanwhile leaves this entry stale.
        versions = storefront_versions(scopes())
        market, context = build()
        until = opening_text_until(market_opening_state(market))  # before rendering: never later than it
        page = _render_parts(request, template_name, context)
        entry = PageEntry(versions, until.timestamp() if until else None, page)
        if versions:
            page_set(key, entry)
    if whole_key is None:
        return _layout(request, entry.page)
    placeholder, parts = entry.page
    html = render_to_string(
        "vendors/storefront_page.html",
        {
            "page": {name: mark_safe(part) for name, part in parts.items()},  # noqa: S308 (our templates, autoescaped)
            "csrf_token": placeholder,
            CSP_CONTEXT_KEY: f"{placeholder}-nonce",
        },
        request,
    )
    if entry.versions:
        page_set(whole_key, entry._replace(page=(placeholder, html)))
    return _whole_response(request, (placeholder, html))


def _render_parts(request, template_name, context) -> tuple[str, dict[str, str]]:
    """The page's parts, with a placeholder where `{% csrf_token %}` puts the visitor's token:
    unguessable, so no product name or description can smuggle a token in; kept with the parts, so
    every process finds it."""
    placeholder = f"storefront-csrf-{secrets.token_hex(16)}"
    context = Context({**context, "request": request, "csrf_token": placeholder})
    parts = {
        name: str(get_template(f"{template_name}#{name}").template.render(context)) for name in PAGE_PARTS
    }
    return placeholder, parts


def _layout(request, page):
    """The parts in the layout, rendered for this visitor."""
    placeholder, parts = page
    token = str(get_token(request))
    parts = {name: mark_safe(html.replace(placeholder, token)) for name, html in parts.items()}  # noqa: S308 (our templates, autoescaped)
    return render(request, "vendors/storefront_page.html", {"page": parts, "csrf_token": token})


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
