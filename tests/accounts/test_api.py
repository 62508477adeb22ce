"""The headless app API (/_allauth/app/v1/): login by E.164 phone or email, tokens, lockout as JSON."""

import pytest
from django.conf import settings
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/_allauth/app/v1/auth/login"


def api_log_in(client, **credentials):
    credentials.setdefault("password", PASSWORD)
    return client.post(LOGIN_URL, credentials, content_type="application/json")


class WhoAmI(APIView):
    """A DRF view with the project's default authentication classes."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"id": request.user.pk})


def test_log_in_by_e164_phone_returns_a_session_token(client, trader):
    response = api_log_in(client, phone="+6281200000001")

    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["is_authenticated"] is True
    assert body["meta"]["session_token"]
    assert body["data"]["user"]["id"] == trader.pk
    assert body["data"]["user"]["phone"] == "+6281200000001"
    assert body["data"]["user"]["phone_verified"] is True
    assert body["data"]["user"]["display"] == "Bu Sri"


def test_log_in_by_email_returns_a_session_token(client, shopper):
    response = api_log_in(client, email="pembeli@example.test")

    assert response.status_code == 200
    assert response.json()["meta"]["session_token"]
    assert response.json()["data"]["user"]["email"] == "pembeli@example.test"


def test_the_api_wants_e164(client, trader):
    response = api_log_in(client, phone="081200000001")

    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "phone"


def test_wrong_password_is_refused(client, trader):
    response = api_log_in(client, phone="+6281200000001", password="salah-sandi-99")

    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_session_token_authenticates_against_drf(client, trader):
    token = api_log_in(client, phone="+6281200000001").json()["meta"]["session_token"]
    factory = APIRequestFactory()

    with_token = WhoAmI.as_view()(factory.get("/api/v1/whoami/", HTTP_X_SESSION_TOKEN=token))
    without = WhoAmI.as_view()(factory.get("/api/v1/whoami/"))
    wrong = WhoAmI.as_view()(factory.get("/api/v1/whoami/", HTTP_X_SESSION_TOKEN="not-a-token"))

    assert with_token.status_code == 200
    assert with_token.data == {"id": trader.pk}
    assert without.status_code == 401
    assert wrong.status_code == 401


def test_session_token_reads_the_session(client, trader):
    token = api_log_in(client, phone="+6281200000001").json()["meta"]["session_token"]

    response = client.get("/_allauth/app/v1/auth/session", HTTP_X_SESSION_TOKEN=token)

    assert response.status_code == 200
    assert response.json()["data"]["user"]["id"] == trader.pk


def test_repeated_failures_lock_the_account_with_a_json_answer(client, trader, shopper):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api_log_in(client, phone="+6281200000001", password="tebak-tebakan-1")

    locked = api_log_in(client, phone="+6281200000001")  # the right password
    other_account = api_log_in(client, email="pembeli@example.test")  # same IP

    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    body = locked.json()
    assert body["code"] == "locked_out"
    assert body["errors"][0]["code"] == "locked_out"
    assert "Terlalu banyak percobaan masuk" in body["detail"]
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "session_token" not in body
    assert other_account.status_code == 200


def test_lockout_message_follows_the_requested_language(client, shopper):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api_log_in(client, email="pembeli@example.test", password="tebak-tebakan-1")

    locked = client.post(
        LOGIN_URL,
        {"email": "pembeli@example.test", "password": PASSWORD},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Too many failed login attempts for this account.")


def test_pages_and_api_share_the_failure_count(client, trader):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": "0812 0000 0001", "password": "tebak-tebakan-1"})

    assert api_log_in(client, phone="+6281200000001").status_code == 429


def test_user_str_is_a_string_for_a_phone_only_user(trader):
    trader.name = ""
    assert str(trader) == "+6281200000001"


@pytest.mark.parametrize("key", ["-5ab-cdef", "", "zz-nope"])
def test_a_reset_key_naming_no_user_is_refused_as_invalid(client, key):
    url = "/_allauth/app/v1/auth/password/reset"
    asked = client.get(url, HTTP_X_PASSWORD_RESET_KEY=key)
    sent = client.post(url, {"key": key, "password": "Kata-sandi-baru-9"}, content_type="application/json")

    for answer in (asked, sent):
        assert answer.status_code == 400
        assert answer.json()["errors"][0]["param"] == "key"
