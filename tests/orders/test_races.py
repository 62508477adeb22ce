"""Checkout under real concurrency (PostgreSQL, a connection per thread, released together)."""

import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.db.models import F

from orders.errors import OrderError
from orders.models import Order
from orders.services import checkout
from orders.services.checkout import order_place
from tests.factories import MarketFactory, ProductFactory, TraderFactory, UserFactory
from tests.locks import held_elsewhere, run_at_once
from tests.orders.conftest import details, fill
from vendors.models import Product

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SHOPPERS = 20


@pytest.fixture
def last_five(shop):
    """The last 5 units of a product, and 20 shoppers with one each in their carts."""
    product = ProductFactory(
        trader=shop.trader_stall, name="Kelapa", unit="butir", step=1, stock=5, price=8000
    )
    carts = [fill(UserFactory(), (product, 1)) for _ in range(SHOPPERS)]
    return product, carts


def _buy(shop, cart):
    def call():
        return order_place(shopper=cart.shopper, cart_id=cart.pk, details=details(shop.kauman))

    return call


def test_twenty_shoppers_buy_the_last_five_units(shop, last_five):
    product, carts = last_five

    outcomes = run_at_once(*[_buy(shop, cart) for cart in carts])

    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, OrderError)]
    assert len(placed) == 5, outcomes
    assert len(refused) == 15 and {error.code for error in refused} == {"stock_short"}, outcomes
    assert all("Kelapa" in error.message for error in refused)
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == 5


def test_without_the_lock_the_same_race_goes_wrong(shop, last_five, monkeypatch):
    """The negative control: the test above can fail. An unlocked read-check-write oversells, and the
    database's check turns the oversell into an IntegrityError."""
    product, carts = last_five

    def unlocked_stock_take(*, quantities, reference="", actor=None):
        products = {p.pk: p for p in Product.objects.filter(pk__in=quantities)}
        time.sleep(0.05)  # everyone reads 5 before anyone writes
        for pk, asked in quantities.items():
            if products[pk].stock >= asked:
                Product.objects.filter(pk=pk).update(stock=F("stock") - asked)
        return products

    monkeypatch.setattr(checkout, "stock_take", unlocked_stock_take)

    outcomes = run_at_once(*[_buy(shop, cart) for cart in carts])

    errors = [o for o in outcomes if isinstance(o, IntegrityError)]
    assert errors or Product.objects.get(pk=product.pk).stock < 0, outcomes


def test_the_database_keeps_stock_from_going_negative_even_for_a_direct_update(shop):
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute("UPDATE vendors_product SET stock = -1 WHERE id = %s", [shop.product.pk])


def test_two_carts_locking_two_stalls_products_in_opposite_order_never_deadlock(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 10
    first, second = UserFactory(), UserFactory()
    for _ in range(3):
        carts = [
            fill(first, (shop.beras, 1), (shop.product, 1)),
            fill(second, (shop.product, 1), (shop.beras, 1)),
        ]
        outcomes = run_at_once(*[_buy(shop, cart) for cart in carts])
        assert all(isinstance(o, Order) for o in outcomes), outcomes


def test_a_product_locked_elsewhere_answers_busy_in_bounded_time(shop, settings):
    settings.LOCK_TIMEOUT = 0.2
    cart = fill(shop.shopper, (shop.product, 1))

    with held_elsewhere(Product.objects.filter(pk=shop.product.pk)):
        started = time.monotonic()
        with pytest.raises(OrderError) as busy:
            order_place(shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman))
        waited = time.monotonic() - started

    assert busy.value.code == "busy"
    assert waited < 2
    assert not Order.objects.exists()
    assert Product.objects.get(pk=shop.product.pk).stock == Decimal("10")


def test_the_same_key_from_two_requests_at_once_is_one_order(shop):
    cart = fill(shop.shopper, (shop.product, 1))

    def call():
        return order_place(
            shopper=shop.shopper, cart_id=cart.pk, details=details(shop.kauman), idempotency_key="k"
        )

    outcomes = run_at_once(call, call)

    assert all(isinstance(o, Order) for o in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert sorted(o.repeated for o in outcomes) == [False, True]  # the API answers 201, then 200
    assert Product.objects.get(pk=shop.product.pk).stock == Decimal("9")


@pytest.fixture
def two_markets(shop, settings, monkeypatch):
    """A new shopper with a cart in Pasar Batang and one in another market of the region, and the COD
    limit at one open order; the limit's check waits a moment after counting, so both checkouts count
    before either commits unless something makes them take turns."""
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 1
    other_market = MarketFactory(region=shop.batang, name="Pasar Limpung")
    telur = ProductFactory(trader=TraderFactory(market=other_market), name="Telur", stock=10, step=1)
    shopper = UserFactory()
    carts = [fill(shopper, (shop.product, 1)), fill(shopper, (telur, 1))]
    counted = checkout.cod_limit_check

    def slow_check(**kwargs):
        counted(**kwargs)
        time.sleep(0.2)

    monkeypatch.setattr(checkout, "cod_limit_check", slow_check)
    return carts


def test_one_shoppers_checkouts_in_two_markets_at_once_keep_the_cod_limit(shop, two_markets):
    outcomes = run_at_once(*[_buy(shop, cart) for cart in two_markets])

    placed = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, OrderError)]
    assert len(placed) == 1 and [error.code for error in refused] == ["cod_limit"], outcomes
    assert Order.objects.count() == 1


def test_without_the_shoppers_lock_both_checkouts_pass_the_limit(shop, two_markets, monkeypatch):
    """The negative control: without the lock on the shopper the test above would fail."""
    monkeypatch.setattr(checkout, "_lock_shopper", lambda shopper: None)

    outcomes = run_at_once(*[_buy(shop, cart) for cart in two_markets])

    assert all(isinstance(o, Order) for o in outcomes), outcomes
    assert Order.objects.count() == 2
