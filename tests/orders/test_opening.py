"""An order placed while the market is closed waits for its next opening (market_opening_state)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from market.models import MarketHours
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def hours(market, opens=time(5), closes=time(13)):
    MarketHours.objects.bulk_create(
        MarketHours(market=market, weekday=day, opens=opens, closes=closes) for day in range(7)
    )


def placed_at(moment, shop, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return place(shop.shopper, shop.kauman, (shop.product, "0.5"))


def test_an_order_placed_in_opening_hours_can_be_accepted_at_once(shop, monkeypatch):
    hours(shop.market)
    moment = datetime(2026, 12, 2, 9, 0, tzinfo=WIB)

    order = placed_at(moment, shop, monkeypatch)

    assert order.acceptable_at == moment


def test_an_order_placed_after_closing_is_for_the_next_morning(shop, monkeypatch):
    hours(shop.market)
    order = placed_at(datetime(2026, 12, 2, 16, 30, tzinfo=WIB), shop, monkeypatch)

    assert order.acceptable_at == datetime(2026, 12, 3, 5, 0, tzinfo=WIB)


def test_a_market_with_no_hours_entered_counts_as_open(shop, monkeypatch):
    moment = datetime(2026, 12, 2, 23, 0, tzinfo=WIB)

    order = placed_at(moment, shop, monkeypatch)

    assert order.acceptable_at == moment


def test_the_shopper_sees_that_an_order_placed_after_closing_is_for_the_next_opening(
    client, shop, monkeypatch
):
    hours(shop.market)
    late = placed_at(datetime(2026, 12, 2, 16, 30, tzinfo=WIB), shop, monkeypatch)
    early = placed_at(datetime(2026, 12, 3, 9, 0, tzinfo=WIB), shop, monkeypatch)
    client.force_login(shop.shopper)

    def delivery_time(order):
        page = client.get(reverse("orders:order_detail", args=[order.pk])).content.decode()
        return page.split("Waktu pengantaran</dt><dd>")[1].split("</dd>")[0]

    assert delivery_time(late) == "Saat pasar buka, Kamis 05.00 WIB"
    assert delivery_time(early) == "Secepatnya"
