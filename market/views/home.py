from django.shortcuts import render

from market.selectors import market_list_public


def home(request):
    """The public front page: every open market, grouped by region, with its number of active stalls."""
    return render(request, "market/home.html", {"markets": market_list_public()})
