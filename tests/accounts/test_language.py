"""The language switch and a signed-in user's saved preference."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SWITCH_URL = reverse("accounts:set_language")
PAGE_URL = reverse("account_reset_password")  # any page with our text; open to everyone


def page_language(response) -> str:
    return response["Content-Language"]


def test_indonesian_is_the_default(client):
    assert page_language(client.get(PAGE_URL)) == "id"


def test_switch_sets_the_cookie_and_saves_the_signed_in_users_choice(client):
    user = UserFactory(language="id")
    client.force_login(user)

    response = client.post(SWITCH_URL, {"language": "en", "next": PAGE_URL})

    assert response.status_code == 302
    assert response["Location"] == PAGE_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(PAGE_URL)
    assert page_language(page) == "en"
    assert "Forgot your password?" in page.content.decode()


def test_saved_preference_applies_on_a_new_device(client):
    user = UserFactory(language="en")
    client.force_login(user)  # a fresh browser: no language cookie

    page = client.get(PAGE_URL, HTTP_ACCEPT_LANGUAGE="id")

    assert page_language(page) == "en"
    assert "Forgot your password?" in page.content.decode()


def test_a_choice_made_on_this_device_wins_over_the_saved_preference(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    page = client.get(PAGE_URL)

    assert page_language(page) == "id"
    assert "Lupa kata sandi?" in page.content.decode()


def test_anonymous_switch_only_sets_the_cookie(client):
    response = client.post(SWITCH_URL, {"language": "en", "next": PAGE_URL})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert page_language(client.get(PAGE_URL)) == "en"


def test_an_unknown_language_changes_nothing(client):
    user = UserFactory(language="id")
    client.force_login(user)

    client.post(SWITCH_URL, {"language": "xx", "next": PAGE_URL})

    user.refresh_from_db()
    assert user.language == "id"
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_switch_does_not_redirect_off_site(client):
    response = client.post(SWITCH_URL, {"language": "en", "next": "https://evil.example/"})

    assert not response.get("Location", "").startswith("https://evil.example")


def test_switch_only_takes_post(client):
    assert client.get(SWITCH_URL, {"language": "en"}).status_code == 405
