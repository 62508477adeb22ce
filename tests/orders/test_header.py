"""The header's cart and incoming-order counts (portal.context_processors.header builds them into the
signed-in header's one query)."""

import pytest
from django.urls import reverse

from tests.factories import ProductFactory, TraderFactory
from tests.orders.conftest import fill, place
from vendors.models import TraderStatus

pytestmark = pytest.mark.django_db


def test_the_header_counts_the_cart_lines_and_the_orders_waiting_for_the_stall(client, shop):
    place(shop.shopper, shop.kauman, (shop.product, 1))
    fill(shop.trader, (shop.beras, 2), (shop.beras, 1))
    client.force_login(shop.trader)

    page = client.get(reverse("market:home"))

    assert dict(page.context["orders_nav"]) == {"cart_count": 1, "incoming": 1}
    text = page.content.decode()
    assert 'data-cart-count aria-label="1 barang">1</span>' in text
    assert f'href="{reverse("orders:stall_orders")}">Pesanan masuk <span class="badge">1</span>' in text


def test_a_shopper_who_runs_no_stall_sees_no_incoming_orders(client, shop):
    fill(shop.shopper, (shop.product, 1), (shop.bawang, 1))
    client.force_login(shop.shopper)

    page = client.get(reverse("market:home"))

    assert dict(page.context["orders_nav"]) == {"cart_count": 2, "incoming": None}
    assert reverse("orders:stall_orders") not in page.content.decode()


def test_a_coordinator_counts_the_orders_waiting_for_their_own_stall_and_their_groups_members(client, shop):
    own = ProductFactory(trader=shop.coordinator_stall, name="Kangkung", price=5000)
    suspended = TraderFactory(market=shop.market, group=shop.group)
    suspended_product = ProductFactory(trader=suspended, name="Bayam", price=4000)
    place(shop.shopper, shop.kauman, (shop.product, 1), (own, 1), (suspended_product, 1))
    place(shop.other_trader, shop.kauman, (shop.beras, 1))  # Kelompok Beras: not theirs
    suspended.status = TraderStatus.SUSPENDED
    suspended.save(update_fields=["status"])
    client.force_login(shop.coordinator)

    page = client.get(reverse("market:home"))

    # Slamet's part and their own, each once; not the suspended member's, nor another group's.
    assert page.context["orders_nav"]["incoming"] == 2
