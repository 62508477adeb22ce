"""The account page: where a signed-in user changes their number, email and password, and the platform
admin finds /admin/."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT_URL = reverse("portal:account")


def test_the_header_links_every_signed_in_user_to_their_account_page(client):
    client.force_login(UserFactory())

    page = client.get(reverse("market:home")).content.decode()

    assert f'<a href="{ACCOUNT_URL}">Akun</a>' in page


def test_the_account_page_links_the_number_email_and_password_pages(client):
    client.force_login(UserFactory(phone="+6281200000101", email="sri@example.test"))

    page = client.get(ACCOUNT_URL).content.decode()

    assert "0812-0000-0101" in page
    assert "sri@example.test" in page
    for url_name, text in [
        ("account_change_phone", "Ganti nomor"),
        ("account_email", "Ganti email"),
        ("account_change_password", "Ganti kata sandi"),
    ]:
        assert f'<a href="{reverse(url_name)}">{text}</a>' in page


def test_a_phone_only_user_is_offered_to_add_an_email(client):
    client.force_login(UserFactory(email=None))

    page = client.get(ACCOUNT_URL).content.decode()

    assert f'<a href="{reverse("account_email")}">Tambah email</a>' in page


def test_only_the_platform_admin_gets_a_link_to_the_admin(client):
    admin_url = reverse("admin:index")
    client.force_login(UserFactory())
    assert admin_url not in client.get(ACCOUNT_URL).content.decode()

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    account_page = client.get(ACCOUNT_URL).content.decode()
    shopper_page = client.get(reverse("portal:shopper")).content.decode()

    assert f'href="{admin_url}"' in account_page
    assert f'<a href="{admin_url}">Admin</a>' in shopper_page  # in the header, where the admin lands


def test_the_account_page_needs_a_login(client):
    response = client.get(ACCOUNT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
