"""Logging in on the pages: by phone in every typed form or by email, and the brute-force lockout."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def log_in(client, login, password=PASSWORD, **headers):
    return client.post(LOGIN_URL, {"login": login, "password": password}, **headers)


def signed_in_user(response):
    user = response.wsgi_request.user
    return user if user.is_authenticated else None


@pytest.mark.parametrize("typed", ["0812 0000 0001", "0812-0000-0001", "62812 0000 0001", "+6281200000001"])
def test_log_in_by_phone_typed_any_usual_way(client, trader, typed):
    response = log_in(client, typed)

    assert response.status_code == 302
    assert signed_in_user(response) == trader


def test_log_in_by_email_in_any_case(client, shopper):
    response = log_in(client, "Pembeli@Example.TEST")

    assert response.status_code == 302
    assert signed_in_user(response) == shopper


def test_wrong_password_is_refused(client, trader):
    response = log_in(client, "081200000001", password="salah-sandi-99")

    assert response.status_code == 200
    assert signed_in_user(response) is None
    assert "_auth_user_id" not in client.session


def test_unknown_number_is_refused(client, trader):
    response = log_in(client, "081299999999")

    assert response.status_code == 200
    assert signed_in_user(response) is None


def test_login_page_is_indonesian_by_default_and_english_on_request(client):
    indonesian = client.get(LOGIN_URL).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(LOGIN_URL).content.decode()

    assert "Nomor HP atau email" in indonesian
    assert "Lupa kata sandi?" in indonesian
    assert "Phone number or email" in english
    assert "Forgot your password?" in english


def fail_until_locked(client, login):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, login, password="tebak-tebakan-1")


def test_repeated_failures_lock_that_account_even_with_the_right_password(client, trader):
    fail_until_locked(client, "081200000001")

    response = log_in(client, "+6281200000001")  # the right password, another typed form

    assert response.status_code == 429
    assert signed_in_user(response) is None
    page = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in page
    assert response["Content-Type"].startswith("text/html")


def test_lockout_answers_json_to_clients_that_ask_for_it(client, trader):
    fail_until_locked(client, "081200000001")

    response = log_in(client, "081200000001", HTTP_ACCEPT="application/json")

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_lockout_page_in_english(client, trader):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail_until_locked(client, "081200000001")

    response = log_in(client, "081200000001")

    assert response.status_code == 429
    assert "Too many failed login attempts for this account" in response.content.decode()


def test_lockout_counts_the_account_not_the_address(client, trader, shopper):
    fail_until_locked(client, "081200000001")

    response = log_in(client, "pembeli@example.test")  # same IP, another account

    assert response.status_code == 302
    assert signed_in_user(response) == shopper


def test_email_lockout_ignores_letter_case(client, shopper):
    fail_until_locked(client, "PEMBELI@example.test")

    assert log_in(client, "pembeli@example.test").status_code == 429


def test_lockout_ends_after_the_cool_off(client, trader):
    fail_until_locked(client, "081200000001")
    assert log_in(client, "081200000001").status_code == 429

    # Travel past the cool-off: the failures are now older than AXES_COOLOFF_TIME.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = log_in(client, "081200000001")

    assert response.status_code == 302
    assert signed_in_user(response) == trader


def test_a_successful_phone_login_forgets_earlier_failures(client, trader):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "081200000001", password="tebak-tebakan-1")
    assert log_in(client, "081200000001").status_code == 302
    client.post(reverse("account_logout"))

    log_in(client, "081200000001", password="tebak-tebakan-1")
    response = log_in(client, "081200000001")

    assert response.status_code == 302
    assert signed_in_user(response) == trader


def test_an_inactive_account_cannot_log_in(client):
    UserFactory(email="pergi@example.test", is_active=False)

    response = log_in(client, "pergi@example.test")

    assert signed_in_user(response) is None


@pytest.mark.parametrize("typed", ["ibu sri", "081200000001", "pembeli@example.test"])
def test_wrong_credentials_read_the_same_whatever_was_typed_and_never_speak_of_a_username(
    client, trader, shopper, typed
):
    indonesian = log_in(client, typed, password="salah-sandi-99").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = log_in(client, typed, password="salah-sandi-99").content.decode()

    assert "Nomor WhatsApp/email atau kata sandi salah." in indonesian
    assert "The WhatsApp number/email or password is wrong." in english
    assert "Nama pengguna" not in indonesian
    assert "username" not in english.replace('autocomplete="username"', "")
