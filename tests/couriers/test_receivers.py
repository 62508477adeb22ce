import pytest

from couriers.models import ProfileStatus
from market.services import application_approve, application_reinstate, application_suspend
from tests.factories import ApplicationFactory, CourierCompanyFactory, CourierFactory, RegionStaffFactory

pytestmark = pytest.mark.django_db


def test_courier_profile_follows_the_review_and_goes_offline_when_suspended():
    staff = RegionStaffFactory()
    courier = CourierFactory(region=staff.region, status="pending", application__status="pending")

    application_approve(application_id=courier.application_id, actor=staff.user)
    courier.refresh_from_db()
    assert courier.status == ProfileStatus.ACTIVE

    courier.is_online = True
    courier.save(update_fields=["is_online"])
    application_suspend(application_id=courier.application_id, actor=staff.user, reason="Laporan pembeli")
    courier.refresh_from_db()
    assert (courier.status, courier.is_online) == (ProfileStatus.SUSPENDED, False)

    application_reinstate(application_id=courier.application_id, actor=staff.user, reason="Sudah dicek")
    courier.refresh_from_db()
    assert courier.status == ProfileStatus.ACTIVE


def test_courier_company_follows_the_review():
    staff = RegionStaffFactory()
    application = ApplicationFactory(kind="company", region=staff.region)
    company = CourierCompanyFactory(region=staff.region, status="pending", application=application)

    application_approve(application_id=application.pk, actor=staff.user)

    company.refresh_from_db()
    assert company.status == ProfileStatus.ACTIVE
