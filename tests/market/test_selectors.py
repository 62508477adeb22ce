import pytest
from django.contrib.auth.models import AnonymousUser

from market.selectors import (
    application_list_for_staff,
    market_list_public,
    pending_application_counts_for_staff,
    staff_markets,
    staff_regions,
    staff_scope,
)
from tests.factories import (
    ApplicationFactory,
    MarketFactory,
    RegionFactory,
    RegionStaffFactory,
    TraderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def batang():
    return RegionFactory(name="Kabupaten Batang")


@pytest.fixture
def karangasem():
    return RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")


@pytest.fixture
def batang_staff(batang):
    return RegionStaffFactory(region=batang).user


def test_staff_regions_are_the_users_assignments_only(batang, karangasem, batang_staff):
    assert list(staff_regions(batang_staff)) == [batang]
    assert not staff_regions(UserFactory()).exists()
    assert not staff_regions(AnonymousUser()).exists()


def test_the_staff_scope_is_their_regions_and_those_regions_markets_in_one_query(
    batang, karangasem, batang_staff, django_assert_num_queries
):
    RegionStaffFactory(user=batang_staff, region=karangasem)
    RegionFactory(name="Kabupaten Aceh")  # not theirs
    MarketFactory(region=karangasem, name="Pasar Amlapura")
    MarketFactory(region=batang, name="Pasar Limpung")
    MarketFactory(region=batang, name="Pasar Batang")

    with django_assert_num_queries(1):
        scope = staff_scope(batang_staff)
        names = [(market.region.name, market.name) for market in scope.markets]

    assert scope.regions == [batang, karangasem]
    assert scope.markets == list(staff_markets(batang_staff))
    assert names == [
        ("Kabupaten Batang", "Pasar Batang"),
        ("Kabupaten Batang", "Pasar Limpung"),
        ("Kabupaten Karangasem", "Pasar Amlapura"),
    ]
    assert staff_scope(UserFactory()).regions == staff_scope(AnonymousUser()).regions == []


def test_staff_of_a_region_without_markets_have_it_in_their_scope(batang, batang_staff):
    assert (staff_scope(batang_staff).regions, staff_scope(batang_staff).markets) == ([batang], [])


def test_staff_of_batang_never_see_karangasems_applications(batang, karangasem, batang_staff):
    mine = ApplicationFactory(region=batang)
    ApplicationFactory(region=karangasem)
    ApplicationFactory(region=karangasem, kind="courier", status="approved")

    assert list(application_list_for_staff(user=batang_staff)) == [mine]
    assert not application_list_for_staff(user=batang_staff, kind="courier").exists()


def test_staff_of_two_regions_see_both_and_filter_by_status_and_kind(batang, karangasem, batang_staff):
    RegionStaffFactory(user=batang_staff, region=karangasem)
    trader_pending = ApplicationFactory(region=batang)
    courier_pending = ApplicationFactory(region=karangasem, kind="courier")
    approved = ApplicationFactory(region=karangasem, status="approved")

    assert set(application_list_for_staff(user=batang_staff)) == {trader_pending, courier_pending, approved}
    assert set(application_list_for_staff(user=batang_staff, status="pending")) == {
        trader_pending,
        courier_pending,
    }
    assert list(application_list_for_staff(user=batang_staff, status="pending", kind="courier")) == [
        courier_pending
    ]
    assert pending_application_counts_for_staff(user=batang_staff) == {"trader": 1, "courier": 1}


def test_people_who_are_not_staff_see_no_applications(batang):
    applicant = UserFactory()
    ApplicationFactory(region=batang, applicant=applicant)

    assert not application_list_for_staff(user=applicant).exists()
    assert not application_list_for_staff(user=AnonymousUser()).exists()
    assert pending_application_counts_for_staff(user=applicant) == {}


def test_public_markets_are_the_open_ones_by_region_then_name(batang, karangasem, django_assert_num_queries):
    subagan = MarketFactory(region=karangasem, name="Pasar Subagan")
    amlapura = MarketFactory(region=karangasem, name="Pasar Amlapura Barat")
    limpung = MarketFactory(region=batang, name="Pasar Limpung")
    MarketFactory(region=batang, name="Pasar Tutup", is_active=False)
    TraderFactory(market=limpung)
    TraderFactory(market=limpung, status="suspended")

    with django_assert_num_queries(3):  # the markets, their hours, their closed days
        markets = list(market_list_public())
        regions = [market.region.name for market in markets]

    assert markets == [limpung, amlapura, subagan]
    assert regions == ["Kabupaten Batang", "Kabupaten Karangasem", "Kabupaten Karangasem"]
    assert [market.active_stall_count for market in markets] == [1, 0, 0]
