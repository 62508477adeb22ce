import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_gets_401_with_the_token_header_named(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response.json()["code"] == "not_authenticated"


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
    login = client.post(
        "/_allauth/app/v1/auth/login",
        {identifier: str(getattr(user, identifier)), "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content
    token = login.json()["meta"]["session_token"]

    response = client.get("/api/v1/me/", headers={"X-Session-Token": token})

    assert response.status_code == 200
    assert response.json()["id"] == user.pk


def test_patch_changes_name_and_language_only(client):
    user = UserFactory(email="sri@example.test", phone="+6281234567892", name="Sri")
    client.force_login(user)

    response = client.patch(
        "/api/v1/me/",
        {
            "name": "Sri Wahyuni",
            "language": "en",
            "email": "attacker@example.test",
            "phone": "+6289999999999",
            "phone_verified": False,
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.name, user.language) == ("Sri Wahyuni", "en")
    assert (user.email, str(user.phone), user.phone_verified) == ("sri@example.test", "+6281234567892", True)
    assert not user.is_staff and not user.is_superuser and user.is_active


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
