"""The orders tests' world: `people` (tests/conftest.py) with kelurahan around Pasar Batang, stock on
Slamet's and Rohmat's products, and helpers to fill a cart and place it."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from orders.models import Kelurahan
from orders.services.cart import cart_add, cart_find
from orders.services.checkout import DeliveryDetails, order_place
from tests.factories import ProductFactory


@pytest.fixture
def shop(people):
    """Pasar Batang (-6.907, 109.73) with Kauman about 3,2 km north of it, Sambong with no centre but a
    flat fee, Seraya of another region; Slamet sells cabai rawit (10 kg, 0,25 kg steps) and bawang,
    Rohmat beras (20 kg, 1 kg steps)."""
    people.product.stock = Decimal("10")
    people.product.save(update_fields=["stock"])
    return SimpleNamespace(
        **vars(people),
        kauman=Kelurahan.objects.create(
            region=people.batang,
            name="Kauman",
            latitude=Decimal("-6.878300"),
            longitude=Decimal("109.730000"),
        ),
        sambong=Kelurahan.objects.create(region=people.batang, name="Sambong", flat_fee=12000),
        seraya=Kelurahan.objects.create(region=people.karangasem, name="Seraya", flat_fee=25000),
        bawang=ProductFactory(
            trader=people.trader_stall, name="Bawang merah", price=36000, stock=Decimal("5")
        ),
        beras=ProductFactory(
            trader=people.other_stall,
            name="Beras medium",
            price=12500,
            stock=Decimal("20"),
            step=Decimal("1"),
        ),
    )


def details(kelurahan, **fields) -> DeliveryDetails:
    return DeliveryDetails(
        **{
            "kelurahan_id": kelurahan.pk,
            "street": "Jl. Dr. Sutomo 12",
            "landmark": "depan masjid",
            "recipient_name": "Bu Ani",
            "recipient_whatsapp": "0812 3456 7890",
            **fields,
        }
    )


def fill(shopper, *lines):
    """Put (product, quantity) lines in the shopper's cart of the products' market; the cart."""
    for product, amount in lines:
        cart_add(shopper=shopper, session={}, product_id=product.pk, quantity=Decimal(str(amount)))
    return cart_find(shopper=shopper, session={}, market_id=lines[0][0].trader.market_id)


def place(shopper, kelurahan, *lines, key="", **fields):
    cart = fill(shopper, *lines)
    return order_place(
        shopper=shopper, cart_id=cart.pk, details=details(kelurahan, **fields), idempotency_key=key
    )
