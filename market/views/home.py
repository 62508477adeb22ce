from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from market.selectors import market_list_public


def home(request):
    """The public front page: every open market, grouped by region, with its number of active stalls."""
    markets = SimpleLazyObject(lambda: list(market_list_public()))  # read unless the list is cached
    return render(request, "market/home.html", {"markets": markets})
