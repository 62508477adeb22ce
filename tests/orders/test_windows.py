"""Delivery windows are the market's own (market.DeliveryWindow): offered at checkout in the region's
time zone when they start at least ORDERS_WINDOW_LEAD_MINUTES ahead, on the market's trading hours;
a market without windows offers only "as soon as possible"."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from market.models import DeliveryWindow, MarketClosure, MarketHours
from orders.errors import OrderError
from orders.services.checkout import delivery_windows
from tests.factories import MarketFactory
from tests.orders.conftest import fill, place

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WEDNESDAY_0830 = datetime(2026, 12, 2, 8, 30, tzinfo=WIB)


def windows(market, *clocks):
    DeliveryWindow.objects.bulk_create(DeliveryWindow(market=market, starts=time(*c)) for c in clocks)


def hours(market, opens=time(4, 30), closes=time(13)):
    MarketHours.objects.bulk_create(
        MarketHours(market=market, weekday=day, opens=opens, closes=closes) for day in range(7)
    )


@pytest.fixture
def batang_windows(shop):
    hours(shop.market)
    windows(shop.market, (7,), (9,), (11,), (13,), (15,))
    return shop


def test_the_markets_windows_an_hour_ahead_today_and_tomorrow_within_its_hours(batang_windows):
    offered = delivery_windows(batang_windows.market, WEDNESDAY_0830)

    # 09.00 is only half an hour away; 15.00 is after closing; 13.00, the closing time, still counts.
    assert offered == [
        datetime(2026, 12, 2, 11, tzinfo=WIB),
        datetime(2026, 12, 2, 13, tzinfo=WIB),
        datetime(2026, 12, 3, 7, tzinfo=WIB),
        datetime(2026, 12, 3, 9, tzinfo=WIB),
        datetime(2026, 12, 3, 11, tzinfo=WIB),
        datetime(2026, 12, 3, 13, tzinfo=WIB),
    ]


def test_a_closed_day_offers_no_window(batang_windows):
    MarketClosure.objects.create(market=batang_windows.market, date=datetime(2026, 12, 3).date())

    offered = delivery_windows(batang_windows.market, WEDNESDAY_0830)

    assert [window.date() for window in offered] == [datetime(2026, 12, 2).date()] * 2


def test_a_market_with_no_hours_entered_offers_every_window_ahead(shop):
    windows(shop.market, (7,), (20,))

    offered = delivery_windows(shop.market, WEDNESDAY_0830)

    assert offered == [
        datetime(2026, 12, 2, 20, tzinfo=WIB),
        datetime(2026, 12, 3, 7, tzinfo=WIB),
        datetime(2026, 12, 3, 20, tzinfo=WIB),
    ]


def test_windows_are_in_the_markets_own_time_zone(amlapura):
    windows(amlapura, (8,))

    # 08.30 in Batang is 09.30 in Bali: today's 08.00 there has passed.
    assert delivery_windows(amlapura, WEDNESDAY_0830) == [datetime(2026, 12, 3, 8, tzinfo=WITA)]


def test_a_market_without_windows_offers_only_as_soon_as_possible(client, shop, monkeypatch):
    windows(MarketFactory(region=shop.batang), (7,))  # another market's windows are not this one's
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_0830)

    form = client.get(reverse("orders:checkout", args=[cart.pk])).context["form"]

    assert delivery_windows(shop.market, WEDNESDAY_0830) == []
    assert [label for _key, label in form.fields["deliver_from"].choices] == ["Secepatnya"]


def test_checkout_lists_the_windows_in_the_regions_time(client, batang_windows, monkeypatch):
    cart = fill(batang_windows.shopper, (batang_windows.product, 1))
    client.force_login(batang_windows.shopper)
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_0830)

    page = client.get(reverse("orders:checkout", args=[cart.pk])).content.decode()

    assert "Rabu 11.00" in page and "Kamis 07.00" in page and "Rabu 09.00" not in page


def test_an_order_for_a_window_offered_keeps_it_and_one_not_offered_is_refused(batang_windows, monkeypatch):
    shop = batang_windows
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_0830)
    eleven = datetime(2026, 12, 2, 11, tzinfo=WIB)

    order = place(shop.shopper, shop.kauman, (shop.product, "0.5"), deliver_from=eleven)
    with pytest.raises(OrderError) as refused:
        place(shop.shopper, shop.kauman, (shop.product, "0.5"), deliver_from=eleven.replace(hour=9))

    assert order.deliver_from == eleven
    assert refused.value.code == "invalid_window" and refused.value.field == "deliver_from"


def test_staff_set_the_windows_on_the_market_page(staff_client, batang):
    url = reverse("market:staff_market_hours", args=[batang.slug])

    saved = staff_client.post(url, {"delivery_windows": "13.00, 7.00 09:30;11.00, 7:00"})
    page = staff_client.get(url).content.decode()

    assert saved.status_code == 302
    starts = list(DeliveryWindow.objects.filter(market=batang).values_list("starts", flat=True))
    assert starts == [time(7), time(9, 30), time(11), time(13)]
    assert 'value="07.00, 09.30, 11.00, 13.00"' in page


@pytest.mark.parametrize("typed", ["25.00", "07.75", "pagi"])
def test_a_window_that_is_no_time_is_refused_and_nothing_changes(staff_client, batang, typed):
    windows(batang, (7,))

    answer = staff_client.post(
        reverse("market:staff_market_hours", args=[batang.slug]), {"delivery_windows": f"09.00, {typed}"}
    )

    assert answer.status_code == 200 and typed in answer.content.decode()
    assert list(DeliveryWindow.objects.filter(market=batang).values_list("starts", flat=True)) == [time(7)]


def test_emptying_the_windows_leaves_as_soon_as_possible_only(staff_client, batang):
    windows(batang, (7,))

    staff_client.post(reverse("market:staff_market_hours", args=[batang.slug]), {"delivery_windows": ""})

    assert not DeliveryWindow.objects.filter(market=batang).exists()


def test_the_admin_edits_a_markets_windows(client, people):
    client.force_login(people.admin)
    url = reverse("admin:market_market_change", args=[people.market.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        **{name: form.initial.get(name) or "" for name in form.fields},
        "latitude": people.market.latitude,
        "longitude": people.market.longitude,
    }
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {"delivery_windows-TOTAL_FORMS": "1", "delivery_windows-0-starts": "07:00"}

    saved = client.post(url, data)

    assert saved.status_code == 302, saved.context and saved.context["errors"]
    assert list(people.market.delivery_windows.values_list("starts", flat=True)) == [time(7)]
