import datetime
import logging
import os
import re
import socket
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from market.models import MarketClosure, SearchSynonym
from orders.models import Kelurahan
from tests.factories import (
    CourierCompanyFactory,
    CourierFactory,
    MarketFactory,
    NotificationFactory,
    ProductFactory,
    RegionFactory,
    RegionStaffFactory,
    StallClaimFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
    pending_courier,
    pending_stall,
)

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REDIS_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


def _redis_reachable() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item) -> str | None:
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if item.get_closest_marker("redis") and not _redis_reachable():
        return f"needs Redis at {REDIS_URL}"
    return None


def pytest_runtest_setup(item):
    """Service-bound tests skip with the reason on a machine without the service, and fail under CI."""
    reason = _missing_service(item)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English leaves it active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and lockouts live in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


WHATSAPP_LOGGER = "notifications.transports.whatsapp"


@pytest.fixture
def whatsapp_codes(caplog):
    """Codes sent over WhatsApp, read from what the console transport logs: code_for(phone) -> str."""
    caplog.set_level(logging.INFO, logger=WHATSAPP_LOGGER)

    def code_for(phone: str) -> str:
        sent = [
            record.getMessage()
            for record in caplog.records
            if record.name == WHATSAPP_LOGGER and phone in record.getMessage()
        ]
        codes = [re.search(r"\b(\d{6})\b", message.split(phone, 1)[1]) for message in sent]
        codes = [found.group(1) for found in codes if found]
        assert codes, f"no WhatsApp code to {phone}"
        return codes[-1]

    return code_for


# --- Named people and the places they act in ------------------------------------------------------
# Shared by every test folder (a module's own fixture of the same name wins): two regions as the
# programme has them, one person per role, and the objects in and out of each one's scope.


@pytest.fixture
def batang(db):
    """Pasar Batang, in Kabupaten Batang (Central Java, WIB)."""
    return MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")


@pytest.fixture
def amlapura(db):
    """Pasar Amlapura Barat, in Kabupaten Karangasem (Bali, WITA)."""
    region = RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")
    return MarketFactory(region=region, name="Pasar Amlapura Barat")


@pytest.fixture
def batang_staff(batang):
    """Trade-office staff of Kabupaten Batang."""
    return RegionStaffFactory(region=batang.region, user__name="Retno Wulandari").user


@pytest.fixture
def staff_client(client, batang_staff):
    """The test client, signed in as Batang's staff."""
    client.force_login(batang_staff)
    return client


@pytest.fixture
def people(batang, amlapura, batang_staff):
    """One person per role. In Pasar Batang: Kelompok Sayur, coordinated by Sri's stall (A-01) with
    Slamet's stall (A-02) as member, and Kelompok Beras with Rohmat's stall (B-01); a Batang courier;
    the admin of a Karangasem courier company; staff of each region; a shopper; a platform admin."""
    group = TraderGroupFactory(market=batang, name="Kelompok Sayur")
    coordinator_stall = TraderFactory(
        market=batang, group=group, stall_name="Sayur Bu Sri", stall_number="A-01"
    )
    group.coordinator = coordinator_stall
    group.save(update_fields=["coordinator"])
    trader_stall = TraderFactory(
        market=batang, group=group, stall_name="Bumbu Pak Slamet", stall_number="A-02"
    )
    other_group = TraderGroupFactory(market=batang, name="Kelompok Beras")
    other_stall = TraderFactory(
        market=batang, group=other_group, stall_name="Beras Pak Rohmat", stall_number="B-01"
    )
    company = CourierCompanyFactory(region=amlapura.region, name="Ojek Karangasem Bersatu")
    company_admin = UserFactory()
    company.admins.add(company_admin)
    return SimpleNamespace(
        batang=batang.region,
        karangasem=amlapura.region,
        market=batang,
        amlapura=amlapura,
        group=group,
        other_group=other_group,
        coordinator_stall=coordinator_stall,
        trader_stall=trader_stall,
        other_stall=other_stall,
        product=ProductFactory(trader=trader_stall, name="Cabai rawit merah", price=60000),
        other_product=ProductFactory(trader=other_stall, name="Beras medium", price=12500),
        company=company,
        shopper=UserFactory(),
        trader=trader_stall.user,
        coordinator=coordinator_stall.user,
        other_trader=other_stall.user,
        staff=batang_staff,
        karangasem_staff=RegionStaffFactory(region=amlapura.region).user,
        courier=CourierFactory(region=batang.region, plate_number="G 4521 KB").user,
        company_admin=company_admin,
        admin=UserFactory(is_staff=True, is_superuser=True),
    )


@pytest.fixture
def world(people):
    """`people`, and more of what lies in and out of their scopes: Kelompok Canang of Pasar Amlapura
    Barat with a stall, a suspended member of Kelompok Sayur, a pending application in each region, an
    open link of a stall registered by Batang's staff into Kelompok Sayur for the account of its number,
    a notification for the shopper, a closed day of Pasar Batang and a search word of Batang; a courier
    applying to the Karangasem company and one applying to another Karangasem company;
    and the shopper's order of Slamet's cabai (its part `trader_order`, waiting for the stall) with another
    line left in the cart (`cart_item`); another shopper's order of Rohmat's beras ready, its `delivery`
    open on the board of Batang's courier, who is online."""
    bali_group = TraderGroupFactory(market=people.amlapura, name="Kelompok Canang")
    other_company = CourierCompanyFactory(region=people.karangasem, name="Ojek Subagan")
    claim = StallClaimFactory(
        trader__market=people.market, trader__group=people.group, requested_by=people.staff
    )
    return SimpleNamespace(
        **vars(people),
        bali_group=bali_group,
        bali_stall=TraderFactory(market=people.amlapura, group=bali_group, stall_name="Canang Bu Made"),
        suspended_stall=TraderFactory(market=people.market, group=people.group, status="suspended"),
        batang_application=pending_stall(people.market).application,
        company_courier=pending_courier(region=people.karangasem, company=people.company),
        other_company_courier=pending_courier(region=people.karangasem, company=other_company),
        bali_application=pending_stall(people.amlapura).application,
        claim=claim,
        notification=NotificationFactory(user=people.shopper),
        market_closure=MarketClosure.objects.create(market=people.market, date=datetime.date(2099, 1, 1)),
        batang_synonym=SearchSynonym.objects.create(
            region=people.batang, word="lombok ijo", means="cabai hijau"
        ),
        **_courier_job(people),
        **_shoppers_order(people),
        **_open_delivery(people),
    )


def _courier_job(people) -> dict:
    """The shopper's order of Rohmat's beras, ready, taken by another Batang courier (so the world's
    courier stays free for the board) and picked up at his stall, its only stop: `taken_delivery`,
    `stop`; and the world courier's profile `courier_profile`."""
    from couriers.services.delivery import delivery_stop_pickup
    from couriers.services.jobs import job_accept
    from orders.services.orders import trader_order_accept, trader_order_ready
    from tests.orders.conftest import place

    proyonanggan = Kelurahan.objects.create(region=people.batang, name="Proyonanggan", flat_fee=12000)
    order = place(people.shopper, proyonanggan, (people.other_product, 1))
    part = order.trader_orders.get()
    trader_order_accept(trader_order_id=part.pk, user=people.other_trader)
    trader_order_ready(trader_order_id=part.pk, user=people.other_trader)
    holder = CourierFactory(region=people.batang, is_online=True)
    delivery = job_accept(delivery_id=order.delivery.pk, user=holder.user)
    stop = delivery.stops.get()
    delivery_stop_pickup(courier=holder, delivery_id=delivery.pk, stop_id=stop.pk)
    return {
        "taken_delivery": delivery,
        "stop": stop,
        "courier_profile": people.courier.courier_profiles.get(),
    }


def _open_delivery(people) -> dict:
    """Rohmat's beras ready for pickup: its delivery open on the board of Batang's courier, online."""
    from orders.services.orders import trader_order_accept, trader_order_ready
    from tests.orders.conftest import place

    people.other_product.stock = 10
    people.other_product.save(update_fields=["stock"])
    sambong = Kelurahan.objects.create(region=people.batang, name="Sambong", flat_fee=12000)
    order = place(UserFactory(), sambong, (people.other_product, 1))
    part = order.trader_orders.get()
    trader_order_accept(trader_order_id=part.pk, user=people.other_trader)
    trader_order_ready(trader_order_id=part.pk, user=people.other_trader)
    people.courier.courier_profiles.update(is_online=True)
    return {"delivery": order.delivery}


def _shoppers_order(people) -> dict:
    from orders.services.cart import cart_add
    from tests.orders.conftest import place

    kauman = Kelurahan.objects.create(region=people.batang, name="Kauman", flat_fee=10000)
    order = place(people.shopper, kauman, (people.product, 1))
    cart_item = cart_add(shopper=people.shopper, session={}, product_id=people.other_product.pk, quantity=1)
    return {
        "order": order,
        "trader_order": order.trader_orders.get(),
        "cart_item": cart_item,
        "cart": cart_item.cart,
    }
