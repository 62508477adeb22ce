from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.vary import vary_on_headers

from core.pagination import KeysFirstPaginator
from market.models import Market
from market.selectors import market_list_with_hours
from market.storefront import product_scope, stall_scope
from market.views.storefront_page import storefront_page
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
        return [market], context

    return storefront_page(request, "vendors/market_detail.html", scopes, build)


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
        return [stall.market], {"stall": stall, "form": form, "page": _shelf_page(request, products, form)}

    return storefront_page(request, "vendors/stall_detail.html", scopes, build)


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
        return [product.trader.market], {"product": product, "others": product_list_same_commodity(product)}

    return storefront_page(request, "vendors/product_detail.html", scopes, build)
