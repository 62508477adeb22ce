"""A login code WhatsApp cannot deliver: the page says so (codes go straight to the transport, never the
outbox, so nothing would retry them)."""

import pytest
from django.urls import reverse

from tests.notifications.conftest import cloud_api, meta_error  # noqa: F401  (the fake Cloud API)

pytestmark = pytest.mark.django_db


def request_code(client):
    return client.post(
        reverse("account_request_login_code"), {"phone": "081200000001", "email": ""}, follow=True
    )


def test_a_number_whatsapp_cannot_deliver_to_is_told_on_the_page(client, trader, cloud_api):  # noqa: F811
    cloud_api.answer = meta_error(131026, message="Message undeliverable")

    page = request_code(client).content.decode()

    assert "WhatsApp tidak dapat mengirim kode ke nomor ini." in page
    assert len(cloud_api.requests) == 1


def test_a_passing_failure_asks_for_a_new_code(client, trader, cloud_api):  # noqa: F811
    cloud_api.answer = meta_error(130429, message="Rate limit hit")

    page = request_code(client).content.decode()

    assert "Kode WhatsApp belum bisa dikirim sekarang." in page
    assert "WhatsApp tidak dapat mengirim kode ke nomor ini." not in page
