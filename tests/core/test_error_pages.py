"""Error pages speak the visitor's language, keep the site's header and offer a way back home."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = 'href="/"'
TEXTS = {
    "id": {
        "403": "Tidak diizinkan",
        "404": "Halaman tidak ditemukan",
        "csrf": "Halaman kedaluwarsa",
        "500": "Maaf, terjadi kesalahan",
        "400": "Permintaan tidak dapat dibaca",
    },
    "en": {
        "403": "Not allowed",
        "404": "Page not found",
        "csrf": "Page expired",
        "500": "Sorry, something went wrong",
        "400": "Request not understood",
    },
}


def _assert_site_page(html: str, text: str) -> None:
    assert text in html
    assert 'class="brand"' in html  # the site's header
    assert HOME in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_forbidden_page(client, language):
    client.force_login(UserFactory(language=language))
    client.cookies["django_language"] = language
    response = client.get(reverse("portal:staff"))
    assert response.status_code == 403
    _assert_site_page(response.content.decode(), TEXTS[language]["403"])


@pytest.mark.parametrize("language", ["id", "en"])
def test_not_found_page(client, language):
    client.cookies["django_language"] = language
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    _assert_site_page(response.content.decode(), TEXTS[language]["404"])


@pytest.mark.parametrize("language", ["id", "en"])
def test_csrf_failure_page(language):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    response = client.post(reverse("account_login"), {"login": "0812", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    _assert_site_page(html, TEXTS[language]["csrf"])
    assert "CSRF verification failed" not in html  # not Django's developer page


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("page", ["500", "400"])
def test_pages_rendered_without_a_request(page, language):
    # Django renders these with no request (and so no context processors): they must still work.
    with translation.override(language):
        html = render_to_string(f"{page}.html")
    _assert_site_page(html, TEXTS[language][page])
    assert f'lang="{language}"' in html
