"""The couriers tests' world: `shop` (tests/orders/conftest.py) around Pasar Batang, couriers in and
out of scope, and a helper that takes an order all the way to ready, which opens its delivery; for the
onboarding tests, Karangasem with its staff and a courier company with its admin."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.pagination import KeysFirstPaginator
from couriers.models import Courier, Delivery
from couriers.selectors import job_board_for_courier, job_cards_for_courier
from couriers.services.jobs import job_accept
from orders.models import Order
from orders.services.orders import trader_order_accept, trader_order_ready
from tests.factories import (
    CourierCompanyFactory,
    CourierFactory,
    RegionFactory,
    RegionStaffFactory,
    UserFactory,
)
from tests.orders import conftest as orders_world
from tests.orders.conftest import place

shop = orders_world.shop  # the orders tests' fixture, shared


def ready(shopper, kelurahan, *lines, **fields) -> Delivery:
    """Place the order, have every stall accept and mark it ready: its delivery, opened."""
    order = place(shopper, kelurahan, *lines, **fields)
    for part in order.trader_orders.select_related("trader__user"):
        trader_order_accept(trader_order_id=part.pk, user=part.trader.user)
        trader_order_ready(trader_order_id=part.pk, user=part.trader.user)
    return Delivery.objects.get(order=order)


def board_jobs(courier) -> list[dict]:
    """The first page of the courier's board, as the page and the API read it."""
    jobs = job_board_for_courier(courier)[1]
    return KeysFirstPaginator(jobs, 20, rows=job_cards_for_courier(courier)).page(1).object_list


def online(**fields):
    """An active courier, online, in the region given (`region=`)."""
    return CourierFactory(is_online=True, **fields)


@pytest.fixture
def board(shop):
    """`shop`, with Agus (people.courier) online in Batang and a courier of each kind out of scope: one
    offline, one pending, one suspended, one of Karangasem (online)."""
    agus = shop.courier.courier_profiles.get()
    agus.is_online = True
    agus.save(update_fields=["is_online"])
    return SimpleNamespace(
        **vars(shop),
        agus=agus,
        offline=CourierFactory(region=shop.batang),
        pending=CourierFactory(region=shop.batang, status="pending", application__status="pending"),
        suspended=CourierFactory(region=shop.batang, status="suspended"),
        bali=online(region=shop.karangasem),
        rice=(shop.beras, 2),
        chili=(shop.product, Decimal("0.5")),
    )


@pytest.fixture
def job(shop):
    """`shop`, with the Batang courier (`courier_profile`, online) holding `delivery` of `order` (2 kg
    cabai from Slamet, 3 kg beras from Rohmat, both ready), its stops by stall (`slamet`, `rohmat`);
    `other_courier`, another Batang courier."""
    courier = Courier.objects.get(user=shop.courier)
    Courier.objects.filter(pk=courier.pk).update(is_online=True)
    delivery = ready(shop.shopper, shop.kauman, (shop.product, 2), (shop.beras, 3))
    job_accept(delivery_id=delivery.pk, user=shop.courier)
    stops = {stop.trader_order.trader_id: stop for stop in delivery.stops.select_related("trader_order")}
    return SimpleNamespace(
        **vars(shop),
        courier_profile=courier,
        other_courier=online(region=shop.batang, plate_number="G 7777 XY"),
        order=Order.objects.get(pk=delivery.order_id),
        delivery=Delivery.objects.get(pk=delivery.pk),
        slamet=stops[shop.trader_stall.pk],
        rohmat=stops[shop.other_stall.pk],
    )


@pytest.fixture
def karangasem(db):
    return RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")


@pytest.fixture
def batang_region(db):
    return RegionFactory(name="Kabupaten Batang")


@pytest.fixture
def company(karangasem):
    """Ojek Karangasem Bersatu, active, with its admin Made."""
    company = CourierCompanyFactory(region=karangasem, name="Ojek Karangasem Bersatu")
    company.admins.add(UserFactory(name="I Made Suardana"))
    return company


@pytest.fixture
def admin(company):
    return company.admins.get()


@pytest.fixture
def karangasem_staff(karangasem):
    return RegionStaffFactory(region=karangasem, user__name="I Gusti Ayu Ratna Dewi").user
