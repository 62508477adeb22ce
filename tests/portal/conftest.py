from types import SimpleNamespace

import pytest

from tests.factories import (
    CourierCompanyFactory,
    CourierFactory,
    MarketFactory,
    ProductFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)


@pytest.fixture
def people(db):
    """One person per role: Batang's staff, a group of Pasar Batang with its coordinator and a member
    trader, a Batang courier, a Karangasem courier company's admin, and a shopper."""
    batang = RegionFactory(name="Kabupaten Batang")
    karangasem = RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")
    market = MarketFactory(region=batang, name="Pasar Batang")
    group = TraderGroupFactory(market=market, name="Kelompok Sayur")
    coordinator_stall = TraderFactory(
        market=market, group=group, stall_name="Sayur Bu Sri", stall_number="A-01"
    )
    group.coordinator = coordinator_stall
    group.save()
    trader_stall = TraderFactory(
        market=market, group=group, stall_name="Bumbu Pak Slamet", stall_number="A-02"
    )
    ProductFactory(trader=trader_stall, name="Cabai rawit merah", price=60000)
    company = CourierCompanyFactory(region=karangasem, name="Ojek Karangasem Bersatu")
    company_admin = UserFactory()
    company.admins.add(company_admin)
    return SimpleNamespace(
        batang=batang,
        karangasem=karangasem,
        market=market,
        group=group,
        coordinator_stall=coordinator_stall,
        trader_stall=trader_stall,
        company=company,
        staff=RegionStaffFactory(region=batang).user,
        coordinator=coordinator_stall.user,
        trader=trader_stall.user,
        courier=CourierFactory(region=batang, plate_number="G 4521 KB").user,
        company_admin=company_admin,
        shopper=UserFactory(),
    )
