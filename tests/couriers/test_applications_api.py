"""/api/v1/courier/applications/: apply as a courier and follow one's own applications."""

import pytest

from couriers.models import Courier
from market.models import Application
from market.services import application_reject
from tests.factories import CourierCompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/courier/applications/"


def body(region, **changes):
    return {"region": region.slug, "vehicle": "motorbike", "plate_number": "B-1234-xyz", **changes}


def post(client, data):
    return client.post(APPLICATIONS, data, content_type="application/json")


def nothing_saved():
    return not Courier.objects.exists() and not Application.objects.exists()


def test_applying_answers_the_pending_application_with_the_normalised_plate(client, karangasem, company):
    user = UserFactory()
    client.force_login(user)

    response = post(client, body(karangasem, company=company.pk))

    assert response.status_code == 201
    created = response.json()
    courier = Courier.objects.get(user=user)
    assert (created["id"], created["courier"], created["status"]) == (
        courier.application_id,
        courier.pk,
        "pending",
    )
    assert (created["plate_number"], created["region"], created["company"]) == (
        "B 1234 XYZ",
        karangasem.slug,
        company.name,
    )


def test_the_list_holds_the_callers_own_applications_with_the_reasons(client, karangasem, karangasem_staff):
    user = UserFactory()
    client.force_login(user)
    first = post(client, body(karangasem)).json()
    application_reject(application_id=first["id"], actor=karangasem_staff, reason="Nomor polisi tidak cocok")
    post(client, body(karangasem, plate_number="DK 77 A"))
    other = UserFactory()
    client.force_login(other)
    post(client, body(karangasem))
    client.force_login(user)

    listed = client.get(APPLICATIONS).json()

    assert listed["count"] == 2
    assert [row["status"] for row in listed["results"]] == ["pending", "rejected"]
    assert listed["results"][1]["decisions"][0]["reason"] == "Nomor polisi tidak cocok"


@pytest.mark.parametrize(
    "changes",
    [{"plate_number": "DK 12345"}, {"plate_number": "ABC"}, {"plate_number": ""}],
)
def test_a_bad_plate_is_refused_on_its_field(client, karangasem, changes):
    client.force_login(UserFactory())

    response = post(client, body(karangasem, **changes))

    assert response.status_code == 400
    assert list(response.json()) == ["plate_number"]
    assert nothing_saved()


def test_a_company_of_another_region_is_refused_on_its_field(client, karangasem, batang_region):
    client.force_login(UserFactory())
    batang_company = CourierCompanyFactory(region=batang_region)

    response = post(client, body(karangasem, company=batang_company.pk))

    assert response.status_code == 400
    assert response.json() == {"company": ["Pilih perusahaan kurir di wilayah Anda, atau tidak sama sekali."]}
    assert nothing_saved()


def test_a_suspended_company_is_not_offered(client, karangasem):
    client.force_login(UserFactory())
    suspended = CourierCompanyFactory(region=karangasem, status="suspended")

    response = post(client, body(karangasem, company=suspended.pk))

    assert response.status_code == 400 and "company" in response.json()
    assert nothing_saved()


def test_an_unverified_number_is_refused(client, karangasem):
    client.force_login(UserFactory(phone_verified=False))

    response = post(client, body(karangasem))

    assert response.status_code == 400
    assert response.json()["code"] == "phone_unverified"
    assert nothing_saved()


def test_a_second_open_application_is_refused(client, karangasem):
    client.force_login(UserFactory())
    post(client, body(karangasem))

    response = post(client, body(karangasem, plate_number="DK 2 B"))

    assert response.status_code == 400
    assert response.json()["code"] == "already_applied"
    assert Courier.objects.count() == 1 and Application.objects.count() == 1


def test_anonymous_callers_are_refused(client, karangasem):
    assert post(client, body(karangasem)).status_code == 401
    assert nothing_saved()
