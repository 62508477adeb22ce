import pytest
from django.contrib.auth.models import AnonymousUser

from couriers.selectors import (
    companies_administered_by,
    company_application_search,
    company_application_summaries,
    courier_application_search,
    courier_application_summaries,
    courier_list_for_company,
    courier_profile_for_user,
)
from market.models import Application
from tests.factories import ApplicationFactory, CourierCompanyFactory, CourierFactory, UserFactory

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


def test_the_review_queue_names_a_courier_by_vehicle_plate_and_company():
    company = CourierCompanyFactory(name="Ojek Karangasem Bersatu")
    courier = CourierFactory(
        user__name="I Kadek Wira", plate_number="DK 1234 AB", company=company, status="pending"
    )

    summary = courier_application_summaries([courier.application])[courier.application_id]

    assert summary.name == "I Kadek Wira"
    assert [(fact.key, fact.value) for fact in summary.facts] == [
        ("vehicle", "Sepeda motor"),
        ("plate_number", "DK 1234 AB"),
        ("company", "Ojek Karangasem Bersatu"),
    ]


def test_the_review_queue_finds_couriers_and_companies_by_name_plate_or_phone():
    courier = CourierFactory(user__phone="+6281333330001", plate_number="DK 1234 AB")
    company = CourierCompanyFactory(
        name="Ojek Karangasem Bersatu", phone="+6281333330002", application=ApplicationFactory(kind="company")
    )
    CourierFactory()

    def found(term):
        query = courier_application_search(term) | company_application_search(term)
        return set(Application.objects.filter(query).values_list("pk", flat=True))

    assert found("dk 1234") == {courier.application_id}
    assert found("0813-3333-0001") == {courier.application_id}
    assert found("Karangasem") == found("62813 3333 0002") == {company.application_id}
    summary = company_application_summaries([company.application])[company.application_id]
    assert (summary.name, summary.facts[0].value) == ("Ojek Karangasem Bersatu", "0813-3333-0002")
