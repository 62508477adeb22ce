"""Budgets against guessing and message pumping: an account's failed passwords from every address, and
the paid WhatsApp codes a caller can make us send to numbers of their choosing."""

import logging

import pytest
from django.urls import reverse

from accounts.models import User
from notifications.models import Channel, NotificationStatus
from notifications.services import notify
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
REQUEST_CODE_URL = reverse("account_request_login_code")
CONFIRM_CODE_URL = reverse("account_confirm_login_code")
SIGNUP_URL = reverse("account_signup")
HEADLESS_CODE_REQUEST = "/_allauth/app/v1/auth/code/request"
HEADLESS_SIGNUP = "/_allauth/app/v1/auth/signup"
NEW_PASSWORD = "Kangkung-segar-2026"
WHATSAPP_LOGGER = "notifications.transports.whatsapp"


@pytest.fixture
def password_budget(settings):
    """A small per-account budget, so the test need not make thirty attempts."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/1h/key"}
    return 3


@pytest.fixture
def code_limits(settings):
    # allauth's own one-code-per-30-s per number is left out here (tested on its own below).
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_phone": ""}
    settings.WHATSAPP_CODE_LIMITS = {
        "login_per_number_per_day": 2,
        "unverified_per_number_per_hour": 2,
        "unverified_per_number_per_day": 3,
        "unverified_total_per_hour": 4,
    }
    return settings.WHATSAPP_CODE_LIMITS


@pytest.fixture
def messages_to(caplog):
    """How many WhatsApp messages the console transport sent to a number."""
    caplog.set_level(logging.INFO, logger=WHATSAPP_LOGGER)

    def count(phone: str) -> int:
        return sum(1 for r in caplog.records if r.name == WHATSAPP_LOGGER and phone in r.getMessage())

    return count


def log_in(client, login, password, address):
    return client.post(LOGIN_URL, {"login": login, "password": password}, REMOTE_ADDR=address)


def test_the_default_account_budget_is_slower_and_longer_than_the_lockout_per_address(settings):
    amount, duration, per = settings.ACCOUNT_RATE_LIMITS["login_failed"].split("/")

    assert per == "key" and int(amount) > settings.AXES_FAILURE_LIMIT
    assert duration == "1d" and settings.AXES_COOLOFF_TIME.total_seconds() < 24 * 60 * 60


def test_failures_from_many_addresses_spend_the_accounts_password_budget(client, trader, password_budget):
    for attempt in range(password_budget):
        log_in(client, "081200000001", "tebak-tebakan-1", f"10.0.0.{attempt + 1}")

    response = log_in(client, "+6281200000001", PASSWORD, "10.0.1.1")  # right password, a new address

    assert response.status_code == 200
    assert "Terlalu banyak percobaan gagal masuk ke akun ini" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_a_spent_password_budget_leaves_other_phone_accounts_alone(client, trader, password_budget):
    other = UserFactory(email=None, phone="+6281200000002", phone_verified=True)
    for attempt in range(password_budget):
        log_in(client, "081200000001", "tebak-tebakan-1", f"10.0.0.{attempt + 1}")

    response = log_in(client, "081200000002", PASSWORD, "10.0.0.1")

    assert response.status_code == 302
    assert response.wsgi_request.user == other


def test_the_owner_can_still_log_in_with_a_whatsapp_code(client, trader, password_budget, whatsapp_codes):
    for attempt in range(password_budget):
        log_in(client, "081200000001", "tebak-tebakan-1", f"10.0.0.{attempt + 1}")

    client.post(REQUEST_CODE_URL, {"phone": "081200000001", "email": ""})
    response = client.post(CONFIRM_CODE_URL, {"code": whatsapp_codes("+6281200000001")})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == trader.pk


def request_login_code(client, phone):
    client.cookies.clear()  # each request from a new visitor
    return client.post(REQUEST_CODE_URL, {"phone": phone, "email": ""})


def test_login_codes_to_a_number_stop_at_its_daily_budget(client, trader, code_limits, messages_to):
    for _request in range(code_limits["login_per_number_per_day"]):
        assert request_login_code(client, "081200000001").status_code == 302

    response = request_login_code(client, "081200000001")

    assert response.status_code == 200
    assert "Terlalu banyak kode WhatsApp" in response.text
    assert messages_to("+6281200000001") == code_limits["login_per_number_per_day"]


def test_a_number_with_no_account_runs_out_the_same_way(client, code_limits):
    answers = [request_login_code(client, "081299999999").status_code for _ in range(3)]

    assert answers == [302, 302, 200]


def test_the_api_answers_429_past_the_login_code_budget(client, trader, code_limits, messages_to):
    for _request in range(code_limits["login_per_number_per_day"]):
        request_login_code(client, "081200000001")

    response = client.post(
        HEADLESS_CODE_REQUEST, {"phone": "+6281200000001"}, content_type="application/json"
    )

    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "too_many_codes"
    assert messages_to("+6281200000001") == code_limits["login_per_number_per_day"]


def sign_up(client, phone, address="10.0.0.1"):
    client.cookies.clear()
    data = {"name": "", "phone": phone, "email": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(SIGNUP_URL, data, REMOTE_ADDR=address)


def test_signups_for_one_number_stop_at_its_hourly_budget_and_nothing_is_sent(
    client, code_limits, messages_to
):
    for n in range(code_limits["unverified_per_number_per_hour"]):
        assert sign_up(client, "081234567890", f"10.0.0.{n}").status_code == 302

    response = sign_up(client, "081234567890", "10.0.1.1")

    assert response.status_code == 200
    assert "Terlalu banyak kode WhatsApp" in response.text
    assert User.objects.count() == code_limits["unverified_per_number_per_hour"]
    assert messages_to("+6281234567890") == code_limits["unverified_per_number_per_hour"]


def test_codes_to_unverified_numbers_stop_at_the_hourly_total_whatever_the_number(client, code_limits):
    answers = [sign_up(client, f"08123456780{n}", f"10.0.0.{n}").status_code for n in range(5)]

    assert answers == [302, 302, 302, 302, 200]


def test_headless_signup_past_the_budget_answers_429_and_creates_nobody(client, code_limits, messages_to):
    for n in range(code_limits["unverified_per_number_per_hour"]):
        sign_up(client, "081234567890", f"10.0.0.{n}")

    response = client.post(
        HEADLESS_SIGNUP,
        {"phone": "+6281234567890", "password": NEW_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 429
    assert User.objects.count() == code_limits["unverified_per_number_per_hour"]
    assert messages_to("+6281234567890") == code_limits["unverified_per_number_per_hour"]


def test_a_second_signup_for_a_number_within_allauths_30_seconds_answers_try_later(client, messages_to):
    assert sign_up(client, "081234567890", "10.0.0.1").status_code == 302

    response = sign_up(client, "081234567890", "10.0.0.2")

    assert response.status_code == 200
    assert "Terlalu banyak kode WhatsApp" in response.text
    assert User.objects.count() == 1
    assert messages_to("+6281234567890") == 1


def test_login_codes_to_a_verified_number_are_not_held_by_the_unverified_budgets(
    client, trader, code_limits, messages_to
):
    for n in range(code_limits["unverified_total_per_hour"]):
        sign_up(client, f"08123456780{n}", f"10.0.0.{n}")

    assert request_login_code(client, "081200000001").status_code == 302
    assert messages_to("+6281200000001") == 1


def test_notifications_are_never_held_by_the_code_budgets(
    client, trader, code_limits, django_capture_on_commit_callbacks
):
    for _request in range(code_limits["login_per_number_per_day"]):
        request_login_code(client, "081200000001")
    for n in range(code_limits["unverified_total_per_hour"]):
        sign_up(client, f"08123456780{n}", f"10.0.0.{n}")

    with django_capture_on_commit_callbacks(execute=True):
        approved = {"region": "Kabupaten Batang", "number": 7}
        sent = notify(event="application.approved", params=approved, user=trader)
        guest = notify(event="application.approved", params=approved, phone="+6281234567800")

    for notification in [*sent, *guest]:
        notification.refresh_from_db()
        # In-app rows are delivered as they are written; the WhatsApp ones went out despite the caps.
        expected = (
            NotificationStatus.DELIVERED
            if notification.channel == Channel.IN_APP
            else NotificationStatus.SENT
        )
        assert notification.status == expected
    assert {notification.channel for notification in [*sent, *guest]} >= {Channel.WHATSAPP}
