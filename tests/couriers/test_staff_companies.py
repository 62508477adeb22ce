"""The trade office registers its regions' courier companies and names their admins; another region's
company does not exist for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couriers.errors import CourierError
from couriers.models import CourierCompany
from couriers.services.companies import company_admin_add, company_register
from market.models import Application
from portal.roles import roles_for_user
from tests.factories import CourierCompanyFactory, RegionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("couriers:staff_companies")


def detail(company):
    return reverse("couriers:staff_company_detail", args=[company.pk])


def register_form(region, **changes):
    return {
        "region": region.slug,
        "name": "Ojek Amlapura Jaya",
        "phone": "0813-3700-1234",
        "address": "Jl. Gajah Mada 5",
        **changes,
    }


def test_staff_register_a_company_approved_at_once_through_the_review(karangasem, karangasem_staff):
    company = company_register(
        actor=karangasem_staff, region=karangasem, name="  Ojek  Amlapura Jaya ", phone="+6281337001234"
    )

    application = company.application
    assert (company.name, company.status, str(company.phone)) == (
        "Ojek Amlapura Jaya",
        "active",
        "+6281337001234",
    )
    assert (application.kind, application.status, application.applicant, application.submitted_by) == (
        "company",
        "approved",
        None,
        karangasem_staff,
    )
    assert application.decisions.get().reason == "Didaftarkan oleh dinas perdagangan."


def test_the_page_registers_a_company_and_shows_it(client, karangasem, karangasem_staff):
    client.force_login(karangasem_staff)

    response = client.post(LIST, register_form(karangasem), follow=True)

    company = CourierCompany.objects.get()
    assert response.redirect_chain[-1][0] == detail(company)
    assert (company.region, company.name, company.address) == (
        karangasem,
        "Ojek Amlapura Jaya",
        "Jl. Gajah Mada 5",
    )
    assert "Ojek Amlapura Jaya" in client.get(LIST).content.decode()


def test_a_name_taken_in_the_region_is_refused_in_any_letter_case(
    client, karangasem, karangasem_staff, company
):
    client.force_login(karangasem_staff)

    response = client.post(LIST, register_form(karangasem, name="ojek karangasem bersatu"))

    assert response.context["form"].errors["name"] == [
        "Perusahaan kurir dengan nama ini sudah terdaftar di wilayah ini."
    ]
    assert CourierCompany.objects.count() == 1 and not Application.objects.exists()


def test_staff_of_another_region_cannot_register_there(client, karangasem, batang_region):
    batang_staff = RegionStaffFactory(region=batang_region).user
    client.force_login(batang_staff)

    response = client.post(LIST, register_form(karangasem))

    assert "region" in response.context["form"].errors  # not a choice for them
    with pytest.raises(CourierError) as refused:
        company_register(actor=batang_staff, region=karangasem, name="Ojek X", phone="+6281337001234")
    assert refused.value.code == "not_found"
    assert not CourierCompany.objects.exists() and not Application.objects.exists()


def test_a_bad_phone_is_refused_and_nothing_is_saved(client, karangasem, karangasem_staff):
    client.force_login(karangasem_staff)

    response = client.post(LIST, register_form(karangasem, phone="12345"))

    assert "phone" in response.context["form"].errors
    assert not CourierCompany.objects.exists()


def test_staff_name_an_admin_by_the_phone_of_an_existing_account(client, karangasem_staff, company):
    made = UserFactory(name="I Ketut Arsana", phone="+6281337005555")
    client.force_login(karangasem_staff)

    response = client.post(
        reverse("couriers:staff_company_admin_add", args=[company.pk]),
        {"phone": "0813 3700 5555"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == detail(company)
    assert company.admins.filter(pk=made.pk).exists()
    assert "I Ketut Arsana" in response.content.decode()
    assert "company" in {role.key for role in roles_for_user(made)}


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("0813 9999 0000", "Belum ada akun yang memverifikasi nomor WhatsApp ini."),
        ("0813-3700-7777", "Belum ada akun yang memverifikasi nomor WhatsApp ini."),  # an unverified claim
        ("hello", "Isi nomor HP Indonesia"),
    ],
)
def test_a_number_with_no_verified_account_is_refused_clearly(
    client, karangasem_staff, company, phone, message
):
    UserFactory(phone="+6281337007777", phone_verified=False)
    client.force_login(karangasem_staff)

    response = client.post(reverse("couriers:staff_company_admin_add", args=[company.pk]), {"phone": phone})

    assert message in " ".join(response.context["admin_form"].errors["phone"])
    assert company.admins.count() == 1


def test_an_admin_named_twice_is_told(karangasem_staff, company, admin):
    with pytest.raises(CourierError) as refused:
        company_admin_add(actor=karangasem_staff, company_id=company.pk, phone=str(admin.phone))

    assert (refused.value.code, refused.value.field) == ("already_admin", "phone")


def test_staff_take_an_admin_off(client, karangasem_staff, company, admin):
    client.force_login(karangasem_staff)

    response = client.post(reverse("couriers:staff_company_admin_remove", args=[company.pk, admin.pk]))

    assert response.status_code == 302
    assert not company.admins.exists()
    assert "company" not in {role.key for role in roles_for_user(admin)}


def test_another_regions_company_is_404_for_staff(client, batang_region, company, admin):
    client.force_login(RegionStaffFactory(region=batang_region).user)
    newcomer = UserFactory()

    assert client.get(detail(company)).status_code == 404
    add = client.post(
        reverse("couriers:staff_company_admin_add", args=[company.pk]), {"phone": str(newcomer.phone)}
    )
    remove = client.post(reverse("couriers:staff_company_admin_remove", args=[company.pk, admin.pk]))

    assert (add.status_code, remove.status_code) == (404, 404)
    assert list(company.admins.all()) == [admin]
    assert company.name not in client.get(LIST).content.decode()


def test_non_staff_are_refused(client, company):
    client.force_login(UserFactory())

    assert client.get(LIST).status_code == 403
    assert client.post(LIST, register_form(company.region)).status_code == 403
    assert CourierCompany.objects.count() == 1


def test_the_staff_pages_cost_the_same_queries_for_two_and_six_companies(
    client, karangasem, karangasem_staff, company
):
    CourierCompanyFactory(region=karangasem)
    client.force_login(karangasem_staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
            assert client.get(detail(company)).status_code == 200
        return len(captured)

    before = queries()
    for _ in range(4):
        CourierCompanyFactory(region=karangasem).admins.add(UserFactory())
    company.admins.add(UserFactory(), UserFactory())
    assert queries() == before
