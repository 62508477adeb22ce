"""Signing up by phone or email, verifying the number over WhatsApp, and what signup may not set."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account_signup")
VERIFY_URL = reverse("account_verify_phone")
NEW_PASSWORD = "Kangkung-segar-2026"


def sign_up(client, follow=False, **fields):
    data = {"name": "", "phone": "", "email": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    data.update(fields)
    return client.post(SIGNUP_URL, data, follow=follow)


def test_sign_up_by_phone_then_verify_it_over_whatsapp(client, whatsapp_codes):
    response = sign_up(client, name="Bu Sri", phone="0812-3456-7890")

    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    user = User.objects.get()
    assert (str(user.phone), user.phone_verified, user.email, user.name) == (
        "+6281234567890",
        False,
        None,
        "Bu Sri",
    )
    assert "_auth_user_id" not in client.session  # not in before the number is confirmed

    response = client.post(VERIFY_URL, {"code": whatsapp_codes("+6281234567890")})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified is True
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_wrong_code_does_not_verify(client, whatsapp_codes):
    sign_up(client, phone="081234567890")
    right_code = whatsapp_codes("+6281234567890")

    response = client.post(VERIFY_URL, {"code": "000000" if right_code != "000000" else "111111"})

    assert response.status_code == 200
    assert User.objects.get().phone_verified is False
    assert "_auth_user_id" not in client.session


def test_sign_up_by_email_only(client):
    response = sign_up(client, email="Pembeli.Baru@Example.TEST")

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "pembeli.baru@example.test"
    assert user.phone is None
    assert int(client.session["_auth_user_id"]) == user.pk
    assert len(mail.outbox) == 1  # the optional email confirmation


def test_signup_needs_a_phone_or_an_email(client):
    response = sign_up(client, name="Tanpa Kontak")

    assert response.status_code == 200
    assert "Isi nomor HP atau alamat email (atau keduanya)." in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_a_foreign_or_landline_number_in_both_languages(client):
    indonesian = sign_up(client, phone="021 123 4567")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = sign_up(client, phone="+1 415 555 0100")

    assert "Isi nomor HP Indonesia, misalnya 0812 3456 7890." in indonesian.content.decode()
    assert "Enter an Indonesian mobile number, for example 0812 3456 7890." in english.content.decode()
    assert not User.objects.exists()


def test_new_account_starts_in_the_language_the_visitor_uses(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    sign_up(client, email="tourist@example.test")

    assert User.objects.get().language == "en"


def test_an_unverified_claim_does_not_stop_the_real_owner(client, whatsapp_codes):
    stranger = UserFactory(email="iseng@example.test", phone="+6281234567890", phone_verified=False)

    cache.clear()  # allauth allows one code per number per 30 s; the owner comes later in real life
    response = sign_up(client, name="Pemilik Asli", phone="0812 3456 7890")

    assert response["Location"] == VERIFY_URL
    owner = User.objects.exclude(pk=stranger.pk).get()
    client.post(VERIFY_URL, {"code": whatsapp_codes("+6281234567890")})

    owner.refresh_from_db()
    stranger.refresh_from_db()
    assert (str(owner.phone), owner.phone_verified) == ("+6281234567890", True)
    assert stranger.phone is None  # the claim is dropped; the stranger keeps their email login
    assert stranger.email == "iseng@example.test"


def test_a_verified_number_cannot_be_claimed_by_a_new_signup(client, trader):
    response = sign_up(client, phone="081200000001")

    # allauth hides whether the number exists (enumeration prevention) but creates nothing.
    assert response.status_code == 302
    assert list(User.objects.all()) == [trader]


def test_signup_cannot_set_staff_flags_or_verification(client):
    response = sign_up(
        client,
        phone="081234567890",
        email="licik@example.test",
        is_staff="on",
        is_superuser="on",
        phone_verified="on",
        is_active="",
        language="xx",
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.is_staff, user.is_superuser, user.phone_verified, user.is_active) == (
        False,
        False,
        False,
        True,
    )
    assert user.language == "id"


def test_headless_signup_by_phone(client, whatsapp_codes):
    response = client.post(
        "/_allauth/app/v1/auth/signup",
        {"phone": "+6281234567890", "password": NEW_PASSWORD, "name": "Pak Made", "is_staff": True},
        content_type="application/json",
    )

    assert response.status_code == 401  # pending: the phone verification step
    flows = {flow["id"]: flow for flow in response.json()["data"]["flows"]}
    assert flows["verify_phone"]["is_pending"] is True
    user = User.objects.get()
    assert (str(user.phone), user.phone_verified, user.name, user.is_staff) == (
        "+6281234567890",
        False,
        "Pak Made",
        False,
    )
    session_token = response.json()["meta"]["session_token"]

    verified = client.post(
        "/_allauth/app/v1/auth/phone/verify",
        {"code": whatsapp_codes("+6281234567890")},
        content_type="application/json",
        HTTP_X_SESSION_TOKEN=session_token,
    )

    assert verified.status_code == 200
    assert verified.json()["meta"]["is_authenticated"] is True
    user.refresh_from_db()
    assert user.phone_verified is True


def test_someone_who_signed_up_but_left_can_log_in_to_finish_verifying(client, whatsapp_codes):
    sign_up(client, phone="081234567890")
    client.cookies.clear()  # closed the browser before entering the code
    cache.clear()  # a later day: allauth's one-code-per-30-s limit has long passed

    response = client.post(reverse("account_login"), {"login": "081234567890", "password": NEW_PASSWORD})

    assert response["Location"] == VERIFY_URL
    client.post(VERIFY_URL, {"code": whatsapp_codes("+6281234567890")})
    assert User.objects.get().phone_verified is True
    assert "_auth_user_id" in client.session


def test_an_unreachable_whatsapp_api_is_reported_not_a_crash(client, settings):
    settings.WHATSAPP_TRANSPORT = "cloud"
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9"  # the discard port: nothing listens
    settings.WHATSAPP_PHONE_NUMBER_ID = "123"
    settings.WHATSAPP_ACCESS_TOKEN = "test-token"

    response = sign_up(client, phone="081234567890", follow=True)

    assert response.status_code == 200
    assert "Kode WhatsApp belum bisa dikirim sekarang." in response.content.decode()
    assert User.objects.get().phone_verified is False


def test_headless_signup_by_email_only(client):
    response = client.post(
        "/_allauth/app/v1/auth/signup",
        {"email": "App.User@Example.TEST", "password": NEW_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["meta"]["session_token"]
    user = User.objects.get()
    assert (user.email, user.phone) == ("app.user@example.test", None)


def test_headless_signup_needs_a_phone_or_an_email(client):
    response = client.post(
        "/_allauth/app/v1/auth/signup", {"password": NEW_PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 400
    assert not User.objects.exists()
