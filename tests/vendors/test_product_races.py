"""Prices and stock under real concurrency (PostgreSQL): two quick updates at once, a sale committed while
a quick update waits, and products another request keeps locked."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from tests.factories import ProductFactory, TraderFactory
from tests.locks import WAIT, held_elsewhere, run_at_once
from vendors.errors import VendorError
from vendors.models import Product
from vendors.services.products import QuickRow, product_quick_update, product_set_available

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUSY_TEXT = "Data ini sedang diubah orang lain. Coba lagi sebentar lagi."
TEN = Decimal("10")


@pytest.fixture
def stall():
    return TraderFactory()


@pytest.fixture
def products(stall):
    return [ProductFactory(trader=stall, price=20000, stock=TEN) for _ in range(2)]


@pytest.fixture
def short_lock_wait(settings):
    settings.LOCK_TIMEOUT = 0.2


def stocks(products) -> list[tuple]:
    return list(
        Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk").values_list("price", "stock")
    )


def test_two_quick_updates_at_once_never_lose_one_silently(stall, products):
    first, second = products
    # Both pages showed 10 of each; the rows come in opposite orders, which must not deadlock.
    lower = [QuickRow(first.pk, 21000, Decimal("8"), TEN), QuickRow(second.pk, 21000, Decimal("8"), TEN)]
    higher = [QuickRow(second.pk, 22000, Decimal("12"), TEN), QuickRow(first.pk, 22000, Decimal("12"), TEN)]

    outcomes = run_at_once(
        lambda: product_quick_update(actor=stall.user, trader=stall, rows=lower),
        lambda: product_quick_update(actor=stall.user, trader=stall, rows=higher),
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, VendorError)]
    assert [error.code for error in refused] == ["stock_changed"], outcomes
    winner = 0 if not isinstance(outcomes[0], VendorError) else 1
    saved = (21000, Decimal("8")) if winner == 0 else (22000, Decimal("12"))
    # The winner's rows whole, nothing of the loser's; the loser is told the stock as it now is.
    assert stocks(products) == [saved, saved]
    assert refused[0].current_stock == {first.pk: saved[1], second.pk: saved[1]}


def test_a_quick_update_waiting_for_a_sale_then_refuses_the_changed_row(stall, products):
    first, second = products
    rows = [QuickRow(first.pk, 20000, Decimal("15"), TEN), QuickRow(second.pk, 25000, TEN, TEN)]
    outcome = []

    def quick_update():
        try:
            product_quick_update(actor=stall.user, trader=stall, rows=rows)
        except VendorError as error:
            outcome.append(error)
        finally:
            connection.close()

    def sell_one(locked):  # what a checkout does under the same lock
        Product.objects.filter(pk=locked[0].pk).update(stock=F("stock") - 1)

    with held_elsewhere(Product.objects.filter(pk=first.pk), change=sell_one):
        waiting = threading.Thread(target=quick_update)
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive()  # waiting for the sale's lock, not reading the stock before it
    waiting.join(WAIT)

    assert [(error.code, error.current_stock) for error in outcome] == [("stock_changed", {first.pk: 9})]
    assert stocks(products) == [(20000, Decimal("9")), (20000, TEN)]  # the sale kept, the price not saved


def test_a_quick_update_on_locked_products_gives_up_busy_and_saves_nothing(stall, products, short_lock_wait):
    first, second = products
    rows = [QuickRow(first.pk, 30000, TEN, TEN), QuickRow(second.pk, 30000, TEN, TEN)]

    with held_elsewhere(Product.objects.filter(pk=second.pk)):
        started = time.monotonic()
        with pytest.raises(VendorError) as refused:
            product_quick_update(actor=stall.user, trader=stall, rows=rows)
        waited = time.monotonic() - started

    assert (refused.value.code, refused.value.message) == ("busy", BUSY_TEXT)
    assert 0.2 <= waited < 3
    assert stocks(products) == [(20000, TEN), (20000, TEN)]
    product_quick_update(actor=stall.user, trader=stall, rows=rows)  # free again: it goes through
    assert stocks(products) == [(30000, TEN), (30000, TEN)]


def test_busy_answers_409_with_retry_after_in_the_api(client, stall, products, short_lock_wait, settings):
    client.force_login(stall.user)
    body = {"rows": [{"id": p.pk, "price": 30000, "stock": "10", "expected_stock": "10"} for p in products]}

    with held_elsewhere(Product.objects.filter(pk=products[0].pk)):
        bulk = client.post("/api/v1/trader/products/bulk/", body, content_type="application/json")
        patch = client.patch(
            f"/api/v1/trader/products/{products[0].pk}/", {"price": 1}, content_type="application/json"
        )

    for response in (bulk, patch):
        assert response.status_code == 409
        assert response.json() == {"detail": BUSY_TEXT, "code": "busy"}
        assert int(response.headers["Retry-After"]) >= settings.LOCK_TIMEOUT
    assert stocks(products) == [(20000, TEN), (20000, TEN)]


def test_busy_shows_the_message_on_the_trader_pages(client, stall, products, short_lock_wait):
    client.force_login(stall.user)
    first = products[0]
    quick = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-product": str(first.pk),
        "form-0-price": "30000",
        "form-0-stock": "10",
        "form-0-expected_stock": "10",
    }

    with held_elsewhere(Product.objects.filter(pk=first.pk)):
        page = client.post(
            reverse("vendors:manage_quick_update", args=[stall.pk]), quick, headers={"HX-Request": "true"}
        )
        hide = client.post(
            reverse("vendors:manage_product_availability", args=[stall.pk, first.pk]),
            {"available": "0"},
            follow=True,
        )

    assert page.status_code == 200 and BUSY_TEXT in page.text
    assert hide.status_code == 200 and BUSY_TEXT in hide.text
    first.refresh_from_db()
    assert (first.price, first.available) == (20000, True)
    assert product_set_available(actor=stall.user, product=first, available=False).available is False
