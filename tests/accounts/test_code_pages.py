"""The pages around WhatsApp codes show the number as the rest of the site does: 0812-3456-7890."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_code_page_shows_the_number_the_indonesian_way(client, trader):
    response = client.post(
        reverse("account_request_login_code"), {"phone": "081200000001", "email": ""}, follow=True
    )

    page = response.content.decode()
    assert "0812-0000-0001" in page
    assert "+6281200000001" not in page


def test_the_phone_verification_page_shows_the_number_the_indonesian_way(client):
    password = "Kangkung-segar-2026"
    client.post(
        reverse("account_signup"),
        {"name": "", "phone": "081234567890", "email": "", "password1": password, "password2": password},
    )

    page = client.get(reverse("account_verify_phone")).content.decode()

    assert "0812-3456-7890" in page
    assert "+6281234567890" not in page


def test_the_phone_change_page_shows_the_number_the_indonesian_way(client):
    client.force_login(UserFactory(phone="+6281200000101"))

    page = client.get(reverse("account_change_phone")).content.decode()

    assert "Nomor Anda: 0812-0000-0101" in page
    assert "+6281200000101" not in page
