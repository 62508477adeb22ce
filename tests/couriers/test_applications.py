"""Applying as a courier, from the page to the review: the rules, and what the applicant sees."""

import pytest
from django.urls import reverse

from couriers.errors import CourierError
from couriers.models import Courier
from couriers.services.applications import courier_application_submit
from market.models import Application
from market.services import application_reject
from notifications.models import Notification
from tests.factories import CourierCompanyFactory, RegionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLY = reverse("couriers:apply")


def form(region_, **changes):
    return {
        "region": region_.slug,
        "vehicle": "motorbike",
        "plate_number": "dk1234ab",
        "company": "",
        **changes,
    }


def nothing_saved():
    return not Courier.objects.exists() and not Application.objects.exists()


def test_applying_creates_a_pending_courier_and_application_the_region_staff_hear_of(
    karangasem, karangasem_staff
):
    user = UserFactory()

    courier = courier_application_submit(
        user=user, region=karangasem, vehicle="motorbike", plate_number="dk-1234-ab"
    )

    courier.refresh_from_db()
    application = courier.application
    assert (courier.status, courier.plate_number, courier.company) == ("pending", "DK 1234 AB", None)
    assert (application.kind, application.status, application.region, application.applicant) == (
        "courier",
        "pending",
        karangasem,
        user,
    )
    assert Notification.objects.filter(user=karangasem_staff, event="application.submitted").count() == 1


def test_a_company_of_the_region_can_be_chosen_and_its_admins_are_told(karangasem, company, admin):
    courier = courier_application_submit(
        user=UserFactory(name="I Wayan Sudarma"),
        region=karangasem,
        vehicle="motorbike",
        plate_number="dk5123fa",
        company=company,
    )

    assert courier.company == company
    told = Notification.objects.get(user=admin, event="courier.applied_to_company")
    assert (told.channel, told.params) == (
        "inapp",
        {"company": "Ojek Karangasem Bersatu", "courier": "I Wayan Sudarma", "plate": "DK 5123 FA"},
    )


def test_an_independent_application_tells_no_company_admin(karangasem, company, admin):
    courier_application_submit(
        user=UserFactory(), region=karangasem, vehicle="motorbike", plate_number="DK 1 A"
    )

    assert not Notification.objects.filter(user=admin).exists()


@pytest.mark.parametrize("status", ["pending", "suspended"])
def test_a_company_not_active_is_refused(karangasem, status):
    company = CourierCompanyFactory(region=karangasem, status=status)

    with pytest.raises(CourierError) as refused:
        courier_application_submit(
            user=UserFactory(), region=karangasem, vehicle="car", plate_number="DK 1 A", company=company
        )

    assert (refused.value.code, refused.value.field) == ("wrong_company", "company")
    assert nothing_saved()


def test_an_unverified_number_is_refused(karangasem):
    with pytest.raises(CourierError) as refused:
        courier_application_submit(
            user=UserFactory(phone_verified=False),
            region=karangasem,
            vehicle="motorbike",
            plate_number="DK 1 A",
        )

    assert refused.value.code == "phone_unverified"
    assert nothing_saved()


def test_a_rejected_applicant_may_apply_again(karangasem, karangasem_staff):
    user = UserFactory()
    first = courier_application_submit(
        user=user, region=karangasem, vehicle="motorbike", plate_number="DK 1 A"
    )
    application_reject(application_id=first.application_id, actor=karangasem_staff, reason="Foto SIM buram")

    again = courier_application_submit(
        user=user, region=karangasem, vehicle="motorbike", plate_number="DK 1 A"
    )

    assert again.pk != first.pk and again.status == "pending"


# --- The page --------------------------------------------------------------------------------------


def test_the_page_applies_and_lists_the_application(client, karangasem):
    user = UserFactory()
    client.force_login(user)

    response = client.post(APPLY, form(karangasem), follow=True)

    assert response.redirect_chain[-1][0] == APPLY
    courier = Courier.objects.get(user=user)
    assert (courier.plate_number, courier.status) == ("DK 1234 AB", "pending")
    page = response.content.decode()
    assert "DK 1234 AB" in page and "Menunggu pemeriksaan" in page
    assert 'name="plate_number"' not in page  # the open application: no second form


def test_the_page_offers_the_companies_grouped_by_region(client, karangasem, company):
    client.force_login(UserFactory())

    page = client.get(APPLY).content.decode()

    assert f'<optgroup label="{karangasem.name}">' in page and company.name in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"plate_number": "DK 12345 AB"}, "plate_number", "DK 1234 AB"),
        ({"plate_number": ""}, "plate_number", "harus diisi"),
        ({"region": ""}, "region", "harus diisi"),
        ({"region": "jakarta"}, "region", "pilihan yang valid"),
        ({"vehicle": "truck"}, "vehicle", "pilihan yang valid"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(client, karangasem, changes, field, message):
    client.force_login(UserFactory())

    response = client.post(APPLY, form(karangasem, **changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert nothing_saved()


def test_a_company_of_another_region_is_refused_on_its_field(client, karangasem, batang_region):
    batang_company = CourierCompanyFactory(region=batang_region, name="Ojek Batang")
    client.force_login(UserFactory())

    response = client.post(APPLY, form(karangasem, company=batang_company.pk))

    assert response.context["form"].errors["company"] == [
        "Pilih perusahaan kurir di wilayah Anda, atau tidak sama sekali."
    ]
    assert nothing_saved()


def test_an_unverified_number_is_told_to_verify_first(client, karangasem):
    client.force_login(UserFactory(phone_verified=False))

    shown = client.get(APPLY).content.decode()
    response = client.post(APPLY, form(karangasem))

    assert "Verifikasi nomor WhatsApp Anda dulu" in shown
    assert "Verifikasi nomor WhatsApp Anda dulu" in " ".join(response.context["form"].non_field_errors())
    assert nothing_saved()


def test_a_second_open_application_is_refused(client, karangasem):
    user = UserFactory()
    client.force_login(user)
    client.post(APPLY, form(karangasem))

    response = client.post(APPLY, form(karangasem, plate_number="DK 9 Z"))

    assert "sudah punya akun kurir" in " ".join(response.context["form"].non_field_errors())
    assert list(Courier.objects.values_list("plate_number", flat=True)) == ["DK 1234 AB"]
    assert Application.objects.count() == 1


def test_the_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(APPLY)

    assert response.status_code == 302 and "login" in response.url


def test_the_shoppers_page_links_to_it(client):
    client.force_login(UserFactory())

    assert APPLY in client.get(reverse("portal:shopper")).content.decode()


def test_staff_of_the_region_see_it_in_the_review_queue(client, karangasem, karangasem_staff):
    courier_application_submit(
        user=UserFactory(), region=karangasem, vehicle="motorbike", plate_number="dk1a"
    )
    RegionStaffFactory()  # staff elsewhere
    client.force_login(karangasem_staff)

    page = client.get(reverse("market:review_queue")).content.decode()

    assert "DK 1 A" in page
