import pytest

from tests.factories import CourierCompanyFactory, RegionFactory, RegionStaffFactory, UserFactory


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
