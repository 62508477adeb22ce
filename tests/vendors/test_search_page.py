"""The search page: its results from the storefront cache for anonymous visitors, fresh after every
change, and its filters' selects as Django writes them."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from market.models import SearchSynonym
from tests.factories import CategoryFactory, ProductFactory, TraderFactory, UserFactory
from vendors.forms.storefront import ProductSearchForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def chilies(batang):
    spices = CategoryFactory(name="Cabai dan bumbu", name_en="Chilies and spices", slug="bumbu")
    stall = TraderFactory(market=batang)
    return [
        ProductFactory(trader=stall, name=f"Cabai keriting {n}", category=spices, price=30000 + n)
        for n in range(3)
    ]


def names(page: str) -> list[str]:
    return re.findall(r"<strong>(Cabai keriting \d)</strong>", page)


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("vendors:product_list"), params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_repeated_search_reads_no_product_and_shows_a_price_change_at_once(client, chilies, batang):
    first, cold = search(client, q="cabai", market=batang.slug)
    again, warm = search(client, q="cabai", market=batang.slug)

    assert names(again) == names(first) == ["Cabai keriting 0", "Cabai keriting 1", "Cabai keriting 2"]
    assert warm < cold
    assert warm <= 2  # the two selects, which also find the chosen market: no product, count or word

    chilies[0].price = 25000
    chilies[0].save()
    changed, _queries = search(client, q="cabai", market=batang.slug)
    assert "25.000" in changed


def test_a_search_word_added_works_at_once_for_visitors_too(client, chilies, batang):
    assert "Cabai keriting" not in search(client, q="jengki")[0]

    SearchSynonym.objects.create(region=batang.region, word="jengki", means="cabai")

    assert "Cabai keriting" in search(client, q="jengki")[0]


def test_signed_in_shoppers_get_fresh_results(client, chilies):
    client.force_login(UserFactory())
    search(client, q="cabai")

    _page, queries = search(client, q="cabai")

    assert queries > 3


def test_the_filters_selects_read_as_djangos_own(chilies, batang):
    form = ProductSearchForm({"market": batang.slug, "sort": "name", "category": "nothing-such"})
    form.is_valid()

    for name in ("market", "category", "sort"):
        field = form.fields[name]
        django_select = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
        assert "".join(str(form[name]).split()) == "".join(form[name].as_widget(django_select).split())
    assert f'<option value="{batang.slug}" selected>' in str(form["market"])
    assert 'aria-invalid="true"' in str(form["category"])


@pytest.mark.postgres
def test_a_search_with_a_typo_finds_alike_names_at_a_cost_that_does_not_grow(client, chilies, batang):
    stall = chilies[0].trader
    client.force_login(UserFactory())  # past the cache
    _page, small = search(client, q="kritingg", market=batang.slug)
    for n in range(3, 40):
        ProductFactory(trader=stall, name=f"Cabai keriting {n}", category=chilies[0].category)

    page, large = search(client, q="kritingg", market=batang.slug)

    assert "Cabai keriting 0" in page
    assert large == small
