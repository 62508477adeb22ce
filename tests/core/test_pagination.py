"""core.pagination: a page's keys first, then its rows whole; rows counted apart; pages chosen by keys."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import CountedApart, KeysFirstPaginator
from market.models import Market
from tests.factories import MarketFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_gives_the_same_pages_as_django_in_the_same_order_with_their_related_rows():
    regions = RegionFactory.create_batch(2)
    for number in range(7):
        MarketFactory(region=regions[number % 2], name=f"Pasar {7 - number % 3} {number}")
    markets = Market.objects.select_related("region").order_by("-name", "pk")

    for number in (1, 2):  # 3, then 4: the orphan joins the last page
        expected = Paginator(markets, 3, orphans=1).page(number)
        expected_regions = [market.region.name for market in expected]
        page = KeysFirstPaginator(markets, 3, orphans=1).page(number)
        assert [market.pk for market in page] == [market.pk for market in expected]
        assert (page.has_next(), page.paginator.count) == (expected.has_next(), 7)
        with CaptureQueriesContext(connection) as queries:
            assert [market.region.name for market in page] == expected_regions
        assert len(queries) == 0, "the related rows came with the page"


def test_counted_apart_pages_the_rows_and_counts_with_the_other_queryset():
    region = RegionFactory()
    for number in range(5):
        MarketFactory(region=region, name=f"Pasar {number}")
    rows = Market.objects.filter(region=region).select_related("region").order_by("name")

    page = Paginator(CountedApart(rows, counted=Market.objects.filter(region=region)), 2).page(3)
    with CaptureQueriesContext(connection) as queries:
        count = Paginator(CountedApart(rows, counted=Market.objects.none()), 2).count

    assert [market.name for market in page] == ["Pasar 4"]
    assert page.paginator.count == 5 and not page.has_next()
    assert count == 0 and len(queries) == 0  # Django knows an empty queryset without asking


def test_a_page_costs_two_queries_its_keys_counted_with_them_then_its_rows():
    region = RegionFactory()
    for number in range(7):
        MarketFactory(region=region, name=f"Pasar {number}")
    markets = Market.objects.select_related("region").order_by("name", "pk")

    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(markets, 3).get_page(2)
        assert ([market.name for market in page], page.paginator.num_pages) == (
            ["Pasar 3", "Pasar 4", "Pasar 5"],
            3,
        )
    assert len(queries) == 2


@pytest.mark.parametrize(("number", "expected"), [("9", 3), ("0", 3), ("two", 1), (None, 1)])
def test_get_page_answers_a_page_past_the_end_or_malformed_as_django_does(number, expected):
    MarketFactory.create_batch(7)
    markets = Market.objects.order_by("name", "pk")

    page = KeysFirstPaginator(markets, 3).get_page(number)

    assert page.number == Paginator(markets, 3).get_page(number).number == expected
    assert [market.pk for market in page] == [market.pk for market in Paginator(markets, 3).get_page(number)]


def test_an_empty_list_has_one_empty_page_with_no_count_of_its_own():
    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(Market.objects.order_by("pk"), 3).get_page(1)
        assert (list(page), page.paginator.count, page.has_next()) == ([], 0, False)
    assert len(queries) == 1


def test_a_page_number_beyond_any_offset_answers_the_last_page():
    MarketFactory.create_batch(7)
    markets = Market.objects.order_by("name", "pk")

    page = KeysFirstPaginator(markets, 3).get_page("3575702108942721894842368")

    assert page.number == 3
    assert [market.pk for market in page] == [market.pk for market in Paginator(markets, 3).get_page(3)]
