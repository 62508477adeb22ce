"""A courier company's admins decide the applications of the couriers who applied to their company,
through market's one decision service; another company's couriers do not exist for them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couriers.models import Courier
from couriers.permissions import company_admin_decision_scope
from market import registry
from market.errors import ReviewError
from market.models import ApplicationKind, Decision
from market.permissions import may_decide_application
from market.services import application_approve, application_decide, application_suspend
from notifications.models import Notification
from tests.factories import (
    ApplicationFactory,
    CourierCompanyFactory,
    CourierFactory,
    UserFactory,
    pending_courier,
)

pytestmark = pytest.mark.django_db

LIST = reverse("couriers:company_couriers")
API = "/api/v1/courier/company/couriers/"


def decide_url(courier, action):
    return reverse("couriers:company_courier_decide", args=[courier.pk, action])


@pytest.fixture
def applicant(karangasem, company):
    return pending_courier(region=karangasem, company=company, user__name="I Wayan Sudarma")


@pytest.fixture
def other_company_courier(karangasem):
    return pending_courier(
        region=karangasem, company=CourierCompanyFactory(region=karangasem, name="Ojek Subagan")
    )


def state(courier):
    courier.refresh_from_db()
    courier.application.refresh_from_db()
    return courier.status, courier.application.status


def test_couriers_registers_its_company_admins_as_deciders_at_start_up():
    assert registry._DECIDERS[ApplicationKind.COURIER] is company_admin_decision_scope


# --- The service -----------------------------------------------------------------------------------


def test_the_admin_approves_suspends_and_reinstates_and_the_courier_is_told(admin, applicant):
    application_approve(application_id=applicant.application_id, actor=admin)
    assert state(applicant) == ("active", "approved")
    application_suspend(application_id=applicant.application_id, actor=admin, reason="Keluhan pembeli")
    assert state(applicant) == ("suspended", "suspended")
    application_decide(
        application_id=applicant.application_id, actor=admin, action="reinstate", reason="Sudah dibina"
    )

    assert state(applicant) == ("active", "approved")
    told = Notification.objects.filter(user=applicant.user, channel="inapp").order_by("pk")
    assert list(told.values_list("event", flat=True)) == [
        "application.approved",
        "application.suspended",
        "application.reinstated",
    ]
    assert list(Decision.objects.values_list("actor", flat=True)) == [admin.pk] * 3


def test_another_companys_courier_is_not_found_for_the_admin(admin, other_company_courier):
    with pytest.raises(ReviewError) as refused:
        application_approve(application_id=other_company_courier.application_id, actor=admin)

    assert refused.value.code == "not_found"
    assert state(other_company_courier) == ("pending", "pending")
    assert (
        not Decision.objects.exists()
        and not Notification.objects.filter(event="application.approved").exists()
    )


def test_an_independent_courier_and_the_companys_own_application_are_not_the_admins(
    admin, company, applicant
):
    independent = pending_courier(region=company.region)
    company.application = ApplicationFactory(kind="company", region=company.region, status="approved")
    company.save(update_fields=["application"])

    assert may_decide_application(admin, applicant.application)
    assert not may_decide_application(admin, independent.application)
    assert not may_decide_application(admin, company.application)


def test_a_suspended_companys_admin_decides_nothing(admin, company, applicant):
    company.status = "suspended"
    company.save(update_fields=["status"])

    with pytest.raises(ReviewError):
        application_approve(application_id=applicant.application_id, actor=admin)

    assert state(applicant) == ("pending", "pending")


def test_an_admin_does_not_decide_their_own_application(karangasem, company, admin, karangasem_staff):
    own = pending_courier(region=karangasem, company=company, user=admin)

    with pytest.raises(ReviewError):
        application_approve(application_id=own.application_id, actor=admin)

    application_approve(application_id=own.application_id, actor=karangasem_staff)  # the trade office does
    assert state(own) == ("active", "approved")


def test_region_staff_keep_full_power_over_company_couriers(karangasem_staff, applicant):
    application_approve(application_id=applicant.application_id, actor=karangasem_staff)

    assert state(applicant) == ("active", "approved")


# --- The page --------------------------------------------------------------------------------------


def test_the_page_lists_the_companys_couriers_pending_first_and_not_others(client, admin, applicant, company):
    active = CourierFactory(region=company.region, company=company, user__name="Aaron Aktif")
    other = pending_courier(region=company.region, company=CourierCompanyFactory(region=company.region))
    client.force_login(admin)

    response = client.get(LIST)

    couriers = [courier for courier, _actions in response.context["rows"]]
    assert couriers == [applicant, active]
    assert other not in couriers
    assert dict(response.context["rows"]) == {
        applicant: ["approve", "reject"],
        active: ["suspend"],
    }


def test_the_page_keeps_one_status(client, admin, applicant, company):
    CourierFactory(region=company.region, company=company)
    client.force_login(admin)

    response = client.get(LIST, {"status": "pending"})

    assert [courier for courier, _actions in response.context["rows"]] == [applicant]


def test_the_admin_approves_on_the_page(client, admin, applicant):
    client.force_login(admin)

    response = client.post(decide_url(applicant, "approve"), {"reason": "", "back": "status=pending"})

    assert response.status_code == 302 and response.url == f"{LIST}?status=pending"
    assert state(applicant) == ("active", "approved")
    assert Notification.objects.filter(user=applicant.user, event="application.approved").exists()


def test_a_rejection_without_a_reason_is_refused_and_changes_nothing(client, admin, applicant):
    client.force_login(admin)

    response = client.post(decide_url(applicant, "reject"), {"reason": ""}, follow=True)

    assert state(applicant) == ("pending", "pending")
    assert "alasan" in response.content.decode().lower()
    assert not Decision.objects.exists()


def test_another_companys_courier_is_404_on_the_page(client, admin, other_company_courier):
    client.force_login(admin)

    response = client.post(decide_url(other_company_courier, "approve"), {"reason": ""})

    assert response.status_code == 404
    assert state(other_company_courier) == ("pending", "pending")


def test_someone_who_administers_no_company_is_refused(client, applicant):
    client.force_login(UserFactory())

    assert client.get(LIST).status_code == 403
    assert client.post(decide_url(applicant, "approve"), {"reason": ""}).status_code == 403
    assert state(applicant) == ("pending", "pending")


def test_the_list_costs_the_same_queries_for_two_and_eight_couriers(client, admin, company):
    for _ in range(2):
        pending_courier(region=company.region, company=company)
    client.force_login(admin)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
            assert client.get(API).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(3):
        pending_courier(region=company.region, company=company)
        CourierFactory(region=company.region, company=company)
    assert queries() == before


# --- The API ---------------------------------------------------------------------------------------


def test_the_api_lists_the_companys_couriers_a_page_at_a_time(
    client, admin, applicant, other_company_courier
):
    client.force_login(admin)

    listed = client.get(API).json()

    assert listed["count"] == 1
    row = listed["results"][0]
    assert (row["id"], row["name"], row["status"], row["allowed_actions"]) == (
        applicant.pk,
        "I Wayan Sudarma",
        "pending",
        ["approve", "reject"],
    )


def test_the_api_filter_is_validated(client, admin, applicant):
    client.force_login(admin)

    assert client.get(API, {"status": "pending"}).json()["count"] == 1
    assert client.get(API, {"status": "active"}).json()["count"] == 0
    assert client.get(API, {"status": "nonsense"}).status_code == 400


def test_the_admin_decides_through_the_api(client, admin, applicant):
    client.force_login(admin)

    approved = client.post(f"{API}{applicant.pk}/approve/", {}, content_type="application/json")
    suspended = client.post(
        f"{API}{applicant.pk}/suspend/", {"reason": "Tidak aktif"}, content_type="application/json"
    )

    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert suspended.status_code == 200 and suspended.json()["allowed_actions"] == ["reinstate"]
    assert state(applicant) == ("suspended", "suspended")


def test_another_companys_courier_is_404_in_the_api(client, admin, other_company_courier):
    client.force_login(admin)

    assert client.get(f"{API}{other_company_courier.pk}/").status_code == 404
    response = client.post(f"{API}{other_company_courier.pk}/approve/", {}, content_type="application/json")

    assert response.status_code == 404
    assert state(other_company_courier) == ("pending", "pending")


def test_a_move_the_status_does_not_allow_is_409_and_changes_nothing(client, admin, applicant):
    client.force_login(admin)

    response = client.post(
        f"{API}{applicant.pk}/reinstate/", {"reason": "x"}, content_type="application/json"
    )

    assert response.status_code == 409
    assert state(applicant) == ("pending", "pending")


def test_the_api_refuses_someone_who_administers_no_company(client, applicant):
    client.force_login(UserFactory())

    assert client.get(API).status_code == 403
    assert (
        client.post(f"{API}{applicant.pk}/approve/", {}, content_type="application/json").status_code == 403
    )
    assert Courier.objects.get(pk=applicant.pk).status == "pending"
