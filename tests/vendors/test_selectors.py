from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    MarketFactory,
    ProductFactory,
    RegionFactory,
    TraderFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.selectors import (
    groups_coordinated_by,
    product_list_for_stall,
    product_list_public,
    stall_list_for_coordinator,
    stall_list_for_user,
    stall_list_public,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    """A group of Pasar Batang: coordinator Sri, member Slamet, and Karsih who has no phone app."""
    market = MarketFactory(name="Pasar Batang")
    group = TraderGroupFactory(market=market)
    sri = TraderFactory(market=market, group=group, owner_name="Sri")
    group.coordinator = sri
    group.save()
    TraderFactory(market=market, group=group, owner_name="Slamet")
    TraderFactory(
        market=market, group=group, owner_name="Karsih", user=None, application__submitted_by=sri.user
    )
    return group


def test_a_users_stalls_are_theirs_in_every_market_and_status():
    user = UserFactory()
    batang = TraderFactory(user=user)
    suspended = TraderFactory(user=user, status="suspended")
    TraderFactory()

    assert set(stall_list_for_user(user)) == {batang, suspended}
    assert not stall_list_for_user(AnonymousUser()).exists()


def test_the_coordinator_acts_for_the_members_of_their_own_group_only(group):
    other_group = TraderGroupFactory(market=group.market)
    TraderFactory(market=group.market, group=other_group, owner_name="Rohmat")
    TraderFactory(market=group.market, group=group, owner_name="Ditolak", status="rejected")
    sri = group.coordinator.user

    assert list(groups_coordinated_by(sri)) == [group]
    members = stall_list_for_coordinator(sri)
    assert sorted(member.owner_name for member in members) == ["Karsih", "Slamet", "Sri"]


def test_members_product_counts_leave_out_archived_products(group):
    karsih = group.members.get(owner_name="Karsih")
    ProductFactory.create_batch(2, trader=karsih)
    ProductFactory(trader=karsih, archived_at=timezone.now())

    counts = {
        member.owner_name: member.product_count
        for member in stall_list_for_coordinator(group.coordinator.user)
    }

    assert counts == {"Sri": 0, "Slamet": 0, "Karsih": 2}


def test_a_suspended_coordinator_or_a_plain_member_coordinates_nothing(group):
    slamet = group.members.get(owner_name="Slamet").user
    assert not groups_coordinated_by(slamet).exists()
    assert not stall_list_for_coordinator(slamet).exists()
    assert not groups_coordinated_by(AnonymousUser()).exists()

    group.coordinator.status = "suspended"
    group.coordinator.save()
    assert not stall_list_for_coordinator(group.coordinator.user).exists()


def test_a_stalls_own_list_keeps_hidden_products_but_not_archived_ones():
    trader = TraderFactory()
    on_sale = ProductFactory(trader=trader)
    hidden = ProductFactory(trader=trader, available=False)
    ProductFactory(trader=trader, archived_at=timezone.now())
    ProductFactory()

    assert set(product_list_for_stall(trader)) == {on_sale, hidden}


def test_suspended_pending_and_closed_market_stalls_are_not_public():
    market = MarketFactory()
    active = TraderFactory(market=market)
    TraderFactory(market=market, status="suspended")
    TraderFactory(market=market, status="pending")
    TraderFactory(market=MarketFactory(is_active=False))
    elsewhere = TraderFactory()

    assert list(stall_list_public(market=market)) == [active]
    assert set(stall_list_public()) == {active, elsewhere}


def test_only_products_on_sale_at_active_stalls_of_open_markets_are_public():
    on_sale = ProductFactory()
    ProductFactory(available=False)
    ProductFactory(archived_at=timezone.now())
    ProductFactory(trader=TraderFactory(status="suspended"))
    ProductFactory(trader=TraderFactory(status="pending"))
    ProductFactory(trader=TraderFactory(market=MarketFactory(is_active=False)))

    assert list(product_list_public()) == [on_sale]


def test_public_products_filter_by_market_region_search_category_and_commodity():
    karangasem = RegionFactory(name="Kabupaten Karangasem")
    subagan = MarketFactory(region=karangasem)
    chili = CommodityFactory(name="Cabai rawit merah", name_en="Red bird's eye chili")
    vegetables = CategoryFactory(name="Sayur", slug="sayur")
    rawit = ProductFactory(name="Cabe rawit super", commodity=chili, commodity_factor=Decimal("1"))
    kangkung = ProductFactory(name="Kangkung", category=vegetables, trader=TraderFactory(market=subagan))

    assert list(product_list_public(market=subagan)) == [kangkung]
    assert list(product_list_public(region=karangasem)) == [kangkung]
    assert list(product_list_public(search="bird's eye")) == [rawit]
    assert list(product_list_public(search="RAWIT")) == [rawit]
    assert list(product_list_public(category=vegetables)) == [kangkung]
    assert list(product_list_public(commodity=chili)) == [rawit]


def test_the_public_catalogue_joins_what_a_product_card_shows(django_assert_num_queries):
    ProductFactory.create_batch(3, commodity=CommodityFactory())

    with django_assert_num_queries(1):
        shown = [
            (product.trader.market.region.name, product.category.name, product.commodity.name)
            for product in product_list_public()
        ]

    assert len(shown) == 3
