"""The delivery fee: distance rounded up to 0,1 km, the sum up to Rp 1.000, clamped; a flat fee where
the kelurahan has no centre; refusals outside the area. The quote is what the order stores."""

from decimal import Decimal

import pytest

from orders.errors import OrderError
from orders.models import Kelurahan
from orders.services.checkout import delivery_quote, distance_km
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def test_distance_is_the_great_circle():
    # One degree of latitude is about 111,2 km.
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)


def test_the_fee_and_how_it_was_reached(shop):
    quote = delivery_quote(market=shop.market, kelurahan=shop.kauman)

    assert quote.distance_km == Decimal("3.2")
    assert quote.fee == 11000
    assert quote.explanation == "3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000"


def test_the_sum_is_rounded_up_to_a_thousand(shop):
    pin = {"latitude": Decimal("-6.877400"), "longitude": Decimal("109.730000")}  # 3,3 km

    quote = delivery_quote(market=shop.market, kelurahan=shop.kauman, **pin)

    assert (quote.distance_km, quote.computed, quote.fee) == (Decimal("3.3"), 11250, 12000)
    assert (
        quote.explanation == "3,3 km × Rp 2.500 + Rp 3.000 = Rp 11.250, dibulatkan ke atas menjadi Rp 12.000"
    )


def test_the_fee_is_clamped_to_the_regions_minimum_and_maximum(shop):
    near = delivery_quote(
        market=shop.market, kelurahan=shop.kauman, latitude=Decimal("-6.907"), longitude=Decimal("109.731")
    )
    far = delivery_quote(
        market=shop.market, kelurahan=shop.kauman, latitude=Decimal("-7.027"), longitude=Decimal("109.730")
    )

    assert near.fee == 8000  # the minimum
    assert far.distance_km == Decimal("13.4") and far.fee == 37000
    shop.batang.tariff_max = 30000
    shop.batang.save()
    capped = delivery_quote(
        market=shop.market, kelurahan=shop.kauman, latitude=Decimal("-7.027"), longitude=Decimal("109.730")
    )
    assert capped.fee == 30000
    assert "maksimum" in capped.explanation


def test_a_kelurahan_without_a_centre_pays_its_flat_fee_unless_pinned(shop):
    flat = delivery_quote(market=shop.market, kelurahan=shop.sambong)
    pinned = delivery_quote(
        market=shop.market, kelurahan=shop.sambong, latitude=Decimal("-6.8783"), longitude=Decimal("109.73")
    )

    assert (flat.fee, flat.distance_km) == (12000, None)
    assert pinned.fee == 11000


@pytest.mark.parametrize(
    ("kelurahan", "pin", "code"),
    [
        ("seraya", {}, "outside_area"),  # another region's
        ("kauman", {"latitude": Decimal("-7.3"), "longitude": Decimal("109.73")}, "outside_area"),  # 43 km
        ("nowhere", {}, "no_fee"),  # no centre, no flat fee, no pin
    ],
)
def test_outside_the_area_or_unpriced_is_refused(shop, kelurahan, pin, code):
    shop.nowhere = Kelurahan.objects.create(region=shop.batang, name="Entah")

    with pytest.raises(OrderError) as refused:
        delivery_quote(market=shop.market, kelurahan=getattr(shop, kelurahan), **pin)

    assert refused.value.code == code


def test_the_order_stores_the_quote(shop):
    pin = {"latitude": Decimal("-6.877400"), "longitude": Decimal("109.730000")}
    quote = delivery_quote(market=shop.market, kelurahan=shop.kauman, **pin)

    order = place(shop.shopper, shop.kauman, (shop.product, 1), **pin)

    assert (order.delivery_fee, order.distance_km) == (quote.fee, quote.distance_km)
    assert order.total == 60000 + quote.fee
