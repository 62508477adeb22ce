import pytest

from tests.factories import MarketFactory, RegionStaffFactory, TraderFactory, TraderGroupFactory


@pytest.fixture
def market():
    return MarketFactory(name="Pasar Batang")


@pytest.fixture
def staff(market):
    """Trade-office staff of the market's region."""
    return RegionStaffFactory(region=market.region).user


@pytest.fixture
def group(market):
    """A group of the market whose coordinator is an active member."""
    group = TraderGroupFactory(market=market, name="Kelompok Bumbu")
    group.coordinator = TraderFactory(market=market, group=group)
    group.save()
    return group
