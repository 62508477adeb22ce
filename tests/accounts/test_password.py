"""Forgotten passwords: a WhatsApp code and a new password for phone users, a link for email users."""

import re
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SET_PASSWORD_URL = reverse("accounts:set_password")
NEW_PASSWORD = "Bawang-merah-2026"


def log_in_by_whatsapp_code(client, typed_phone, code_for, phone):
    requested = client.post(
        f"{reverse('account_request_login_code')}?next={SET_PASSWORD_URL}",
        {"phone": typed_phone, "email": "", "next": SET_PASSWORD_URL},
    )
    assert requested.status_code == 302
    return client.post(
        reverse("account_confirm_login_code"), {"code": code_for(phone), "next": SET_PASSWORD_URL}
    )


def test_the_login_page_links_the_forgotten_password_page_to_both_ways_back(client):
    login_page = client.get(reverse("account_login")).content.decode()
    reset_page = client.get(reverse("account_reset_password")).content.decode()

    assert f'href="{reverse("account_reset_password")}">Lupa kata sandi?' in login_page
    assert "Kirim kode lewat WhatsApp" in reset_page
    assert "Kirim tautan ke email saya" in reset_page


def test_phone_user_logs_in_with_a_whatsapp_code_and_sets_a_new_password(client, trader, whatsapp_codes):
    confirmed = log_in_by_whatsapp_code(client, "0812 0000 0001", whatsapp_codes, "+6281200000001")

    assert confirmed.status_code == 302
    assert confirmed["Location"] == SET_PASSWORD_URL
    page = client.get(SET_PASSWORD_URL)
    assert page.status_code == 200
    assert "Anda masuk dengan kode" in page.content.decode()

    saved = client.post(SET_PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert saved.status_code == 302
    assert int(client.session["_auth_user_id"]) == trader.pk  # still logged in
    trader.refresh_from_db()
    assert trader.check_password(NEW_PASSWORD)
    assert not trader.check_password(PASSWORD)


def test_a_wrong_whatsapp_code_logs_nobody_in(client, trader, whatsapp_codes):
    client.post(reverse("account_request_login_code"), {"phone": "081200000001", "email": ""})
    right_code = whatsapp_codes("+6281200000001")

    client.post(reverse("account_confirm_login_code"), {"code": str(int(right_code) + 1).zfill(6)[-6:]})

    assert "_auth_user_id" not in client.session


def test_mismatched_new_passwords_change_nothing(client, trader, whatsapp_codes):
    log_in_by_whatsapp_code(client, "081200000001", whatsapp_codes, "+6281200000001")

    response = client.post(
        SET_PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": "lain-lagi-2026"}
    )

    assert response.status_code == 200
    trader.refresh_from_db()
    assert trader.check_password(PASSWORD)


def test_a_password_login_may_not_skip_the_old_password(client, trader):
    client.post(reverse("account_login"), {"login": "081200000001", "password": PASSWORD})

    response = client.post(SET_PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_change_password")
    trader.refresh_from_db()
    assert trader.check_password(PASSWORD)


def test_a_code_login_long_ago_no_longer_allows_it(client, trader, whatsapp_codes):
    log_in_by_whatsapp_code(client, "081200000001", whatsapp_codes, "+6281200000001")
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - settings.SET_PASSWORD_AFTER_CODE_LOGIN_SECONDS - 1
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()

    response = client.post(SET_PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("account_change_password")
    trader.refresh_from_db()
    assert trader.check_password(PASSWORD)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(SET_PASSWORD_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_email_user_gets_a_reset_link(client, shopper):
    client.post(reverse("account_reset_password"), {"email": "pembeli@example.test"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    shopper.refresh_from_db()
    assert shopper.check_password(NEW_PASSWORD)
