"""The coordinator's pick list: per member stall of their group, what to pick today for its accepted
orders (product, quantity with its unit, which orders); other groups are out of scope."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from market.models import DeliveryWindow
from orders.services.orders import trader_order_accept, trader_order_ready
from tests.factories import ProductFactory, TraderFactory, UserFactory
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def accepted(order, user):
    for part in order.trader_orders.all():
        trader_order_accept(trader_order_id=part.pk, user=user)
    return order


def pick_list(client, shop, user=None):
    client.force_login(user or shop.coordinator)
    return client.get(reverse("orders:pick_list", args=[shop.group.pk]))


def test_the_coordinator_sees_each_member_stalls_picks_for_todays_accepted_orders(client, shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 5
    first = accepted(place(shop.shopper, shop.kauman, (shop.product, "0.5"), (shop.bawang, 1)), shop.trader)
    second = accepted(place(UserFactory(), shop.kauman, (shop.product, 1)), shop.coordinator)
    place(UserFactory(), shop.kauman, (shop.product, 2))  # not accepted yet: nothing to pick
    ready = accepted(place(UserFactory(), shop.kauman, (shop.bawang, 1)), shop.trader)
    trader_order_ready(trader_order_id=ready.trader_orders.get().pk, user=shop.trader)
    accepted(place(UserFactory(), shop.kauman, (shop.beras, 3)), shop.other_trader)  # another group

    response = pick_list(client, shop)

    assert response.status_code == 200
    rows = dict(response.context["stalls"])
    assert [(row.name, row.quantity, row.unit, row.orders) for row in rows[shop.trader_stall]] == [
        ("Bawang merah", 1, "kg", [first.number]),
        ("Cabai rawit merah", 1.5, "kg", [first.number, second.number]),
    ]
    assert rows[shop.coordinator_stall] == []
    page = response.content.decode()
    assert f"1,5 kg</strong> Cabai rawit merah <small>{first.number}, {second.number}" in page
    assert "Beras" not in page and "Tidak ada yang perlu diambil." in page


def test_an_order_for_a_later_day_and_refused_items_are_not_picked_today(client, shop, monkeypatch):
    wib = ZoneInfo("Asia/Jakarta")
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 20, 0, tzinfo=wib))
    DeliveryWindow.objects.create(market=shop.market, starts=time(7))
    tomorrow = datetime(2026, 12, 3, 7, 0, tzinfo=wib)
    later = accepted(place(shop.shopper, shop.kauman, (shop.product, 1), deliver_from=tomorrow), shop.trader)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow - timedelta(hours=2))  # the next morning

    today = dict(pick_list(client, shop).context["stalls"])
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 2, 21, 0, tzinfo=wib))
    the_evening_before = dict(pick_list(client, shop).context["stalls"])

    assert [row.orders for row in today[shop.trader_stall]] == [[later.number]]
    assert the_evening_before[shop.trader_stall] == []


def test_a_trader_who_coordinates_nothing_gets_403_and_another_groups_coordinator_404(client, shop):
    assert pick_list(client, shop, shop.trader).status_code == 403
    shop.other_group.coordinator = shop.other_stall
    shop.other_group.save(update_fields=["coordinator"])

    assert pick_list(Client(), shop, shop.other_trader).status_code == 404
    own = Client()
    own.force_login(shop.other_trader)
    assert own.get(reverse("orders:pick_list", args=[shop.other_group.pk])).status_code == 200


def test_the_stall_orders_page_links_the_coordinators_pick_lists(client, shop):
    client.force_login(shop.coordinator)

    page = client.get(reverse("orders:stall_orders")).content.decode()

    assert reverse("orders:pick_list", args=[shop.group.pk]) in page
    assert reverse("orders:pick_list", args=[shop.other_group.pk]) not in page


def test_the_pick_list_asks_the_same_number_of_queries_for_2_and_20_stalls(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000

    def count(stalls: int) -> int:
        members = [TraderFactory(market=shop.market, group=shop.group) for _ in range(stalls)]
        products = [ProductFactory(trader=stall, stock=5, price=1000) for stall in members]
        accepted(place(UserFactory(), shop.kauman, *[(product, 1) for product in products]), shop.coordinator)
        client = Client()
        pick_list(client, shop)  # the session and the language settle on the first request
        with CaptureQueriesContext(connection) as queries:
            assert pick_list(client, shop).status_code == 200
        return len(queries)

    assert count(2) == count(20)
