"""/api/v1/me/: who may call it (session or allauth headless app token) and what a caller may change."""

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/_allauth/app/v1/auth/login"
SESSION_URL = "/_allauth/app/v1/auth/session"


def app_log_in(client, **credentials) -> str:
    response = client.post(LOGIN_URL, {**credentials, "password": PASSWORD}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def test_anonymous_gets_401_with_the_token_header_named(client):
    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response.json()["code"] == "not_authenticated"


def test_an_unknown_session_token_is_a_401(client):
    response = client.get("/api/v1/me/", headers={"X-Session-Token": "bukan-token"})

    assert response.status_code == 401


def test_session_user_reads_their_account(client):
    user = UserFactory(phone="+6281234567890", name="Bu Sri")
    client.force_login(user)

    body = client.get("/api/v1/me/").json()

    assert body == {
        "id": user.pk,
        "name": "Bu Sri",
        "email": user.email,
        "phone": "+6281234567890",
        "phone_verified": True,
        "language": "id",
    }


@pytest.mark.parametrize("identifier", ["phone", "email"])
def test_app_client_logs_in_headless_and_uses_the_session_token(client, identifier):
    user = UserFactory(phone="+6281234567891", email="sri@example.test")
    token = app_log_in(client, **{identifier: str(getattr(user, identifier))})
    client.cookies.clear()  # an app has no browser session: only the token may count

    response = client.get("/api/v1/me/", headers={"X-Session-Token": token})

    assert response.status_code == 200
    assert response.json()["id"] == user.pk


def test_a_token_stops_working_after_logout(client):
    UserFactory(phone="+6281234567893")
    token = app_log_in(client, phone="+6281234567893")
    client.cookies.clear()

    logout = client.delete(SESSION_URL, headers={"X-Session-Token": token})

    assert logout.status_code == 401  # allauth answers a logout with "no longer authenticated"
    assert client.get("/api/v1/me/", headers={"X-Session-Token": token}).status_code == 401


def test_an_app_client_gets_answers_in_the_account_language(client):
    UserFactory(phone="+6281234567894", language="en")
    token = app_log_in(client, phone="+6281234567894")
    client.cookies.clear()

    response = client.get("/api/v1/markets/tidak-ada/", headers={"X-Session-Token": token})

    assert response.json()["detail"] == "Not found."
    assert client.get("/api/v1/markets/tidak-ada/").json()["detail"] == "Data tidak ditemukan."


def test_patch_changes_name_and_language_only(client):
    user = UserFactory(email="sri@example.test", phone="+6281234567892", name="Sri")
    client.force_login(user)

    response = client.patch(
        "/api/v1/me/",
        {
            "id": user.pk + 100,
            "name": "Sri Wahyuni",
            "language": "en",
            "email": "attacker@example.test",
            "phone": "+6289999999999",
            "phone_verified": False,
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "password": "diganti-123456",
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["email"]) == ("Sri Wahyuni", "sri@example.test")
    user.refresh_from_db()
    assert (user.pk, user.name, user.language) == (response.json()["id"], "Sri Wahyuni", "en")
    assert (user.email, str(user.phone), user.phone_verified) == ("sri@example.test", "+6281234567892", True)
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.check_password(PASSWORD)


def test_an_app_client_patches_with_its_token(client):
    user = UserFactory(phone="+6281234567895", name="Sri")
    token = app_log_in(client, phone="+6281234567895")
    client.cookies.clear()

    response = client.patch(
        "/api/v1/me/", {"language": "en"}, content_type="application/json", headers={"X-Session-Token": token}
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.name, user.language) == ("Sri", "en")


def test_invalid_language_is_a_per_field_400_that_changes_nothing(client):
    user = UserFactory(name="Sri")
    client.force_login(user)

    response = client.patch(
        "/api/v1/me/", {"name": "Baru", "language": "xx"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["language"]
    user.refresh_from_db()
    assert (user.name, user.language) == ("Sri", "id")


def test_put_is_not_offered(client):
    client.force_login(UserFactory())

    response = client.put("/api/v1/me/", {"name": "Baru", "language": "en"}, content_type="application/json")

    assert response.status_code == 405
