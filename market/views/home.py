from market.selectors import market_list_public
from market.storefront import HOME
from market.views.storefront_page import storefront_page


def home(request):
    """The public front page: every open market, grouped by region, with its number of active stalls;
    from the storefront's cache for anonymous visitors (under the home version every market bumps)."""

    def build():
        markets = list(market_list_public())
        return markets, {"markets": markets}

    return storefront_page(request, "market/home.html", lambda: [HOME], build, htmx=False)
