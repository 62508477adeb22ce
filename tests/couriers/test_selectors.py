import pytest
from django.contrib.auth.models import AnonymousUser

from couriers.selectors import companies_administered_by, courier_list_for_company, courier_profile_for_user
from tests.factories import CourierCompanyFactory, CourierFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_courier_profile_is_the_users_open_or_approved_one():
    courier = CourierFactory(status="suspended")
    CourierFactory(user=courier.user, status="rejected")
    CourierFactory()

    assert courier_profile_for_user(courier.user) == courier
    assert courier_profile_for_user(UserFactory()) is None
    assert courier_profile_for_user(AnonymousUser()) is None


def test_a_rejected_application_is_no_courier_profile():
    rejected = CourierFactory(status="rejected")
    assert courier_profile_for_user(rejected.user) is None


def test_company_admins_see_their_own_companies_and_couriers_only():
    company = CourierCompanyFactory()
    other = CourierCompanyFactory()
    admin = UserFactory()
    company.admins.add(admin)
    theirs = CourierFactory(company=company, region=company.region)
    CourierFactory(company=other, region=other.region)

    assert list(companies_administered_by(admin)) == [company]
    assert list(courier_list_for_company(company)) == [theirs]
    assert not companies_administered_by(theirs.user).exists()
    assert not companies_administered_by(AnonymousUser()).exists()
