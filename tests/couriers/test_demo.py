"""The demo: once a demo order is ready, the demo courier of its region sees it on the board."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from couriers.permissions import courier_of
from orders.models import Kelurahan
from tests.couriers.conftest import board_jobs, ready
from vendors.models import Product

pytestmark = pytest.mark.django_db


def test_the_demo_courier_sees_a_demo_order_once_it_is_ready(settings):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000
    call_command("seed_demo", force=True, stdout=io.StringIO())
    agus = courier_of(User.objects.get(email="kurir.batang@demo.pasar-daring.test"))
    shopper = User.objects.get(email="pembeli@demo.pasar-daring.test")
    product = (
        Product.objects.on_sale()
        .filter(trader__market__name="Pasar Batang", trader__user__isnull=False, stock__gte=1, step=1)
        .first()
    )
    market = product.trader.market
    kelurahan = Kelurahan.objects.filter(region=agus.region).first()

    delivery = ready(shopper, kelurahan, (product, 1), latitude=market.latitude, longitude=market.longitude)

    assert [job["id"] for job in board_jobs(agus)] == [delivery.pk]
