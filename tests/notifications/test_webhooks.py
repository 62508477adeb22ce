import hashlib
import hmac
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from notifications.models import Channel, InboundMessage, Notification, NotificationStatus
from tests.factories import NotificationFactory
from tests.notifications.conftest import EVENT, PARAMS

pytestmark = pytest.mark.django_db

URL = reverse("whatsapp-webhook")
SECRET = "app-secret-for-tests"
DELIVERED_AT, READ_AT = 1_764_000_000, 1_764_000_060


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.WHATSAPP_APP_SECRET = SECRET


@pytest.fixture
def sent_row():
    return NotificationFactory(
        channel=Channel.WHATSAPP,
        phone="+6281398765432",
        event=EVENT,
        params=PARAMS,
        status=NotificationStatus.SENT,
        external_id="wamid.OUT1",
        attempts=1,
    )


def payload(*, statuses=(), messages=(), contacts=()) -> dict:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1098765"}}
    if statuses:
        value["statuses"] = list(statuses)
    if messages:
        value["messages"] = list(messages)
        value["contacts"] = list(contacts)
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
    }


def status(kind, at, message_id="wamid.OUT1", **extra) -> dict:
    return {"id": message_id, "status": kind, "timestamp": str(at), "recipient_id": "6281398765432", **extra}


def post(client, body, *, secret=SECRET, signature=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    if signature is None:
        signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"X-Hub-Signature-256": signature} if signature else {}
    return client.post(URL, raw, content_type="application/json", headers=headers)


def at(seconds):
    return datetime.fromtimestamp(seconds, tz=UTC)


def test_handshake_answers_the_challenge_for_the_right_token(client):
    response = client.get(
        URL, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    )

    assert response.status_code == 200
    assert response.content == b"1158201444"


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": "verify-me", "hub.challenge": "1"},
        {"hub.challenge": "1"},
    ],
)
def test_handshake_with_a_wrong_token_is_refused(client, query):
    response = client.get(URL, query)

    assert response.status_code == 403
    assert b"1" not in response.content


def test_handshake_is_refused_while_no_token_is_configured(client, settings):
    settings.WHATSAPP_VERIFY_TOKEN = ""

    response = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"})

    assert response.status_code == 403


def test_signed_receipts_record_delivery_and_reading_on_the_row(client, sent_row):
    response = post(client, payload(statuses=[status("delivered", DELIVERED_AT), status("read", READ_AT)]))

    assert response.status_code == 200
    sent_row.refresh_from_db()
    assert sent_row.status == NotificationStatus.READ
    assert (sent_row.delivered_at, sent_row.read_at) == (at(DELIVERED_AT), at(READ_AT))


def test_a_failed_receipt_fails_the_row_with_whatsapps_error(client, sent_row):
    failed = status(
        "failed",
        DELIVERED_AT,
        errors=[{"code": 131026, "title": "Message undeliverable", "error_data": {"details": "no WhatsApp"}}],
    )

    post(client, payload(statuses=[failed]))

    sent_row.refresh_from_db()
    assert sent_row.status == NotificationStatus.FAILED
    assert sent_row.failed_at == at(DELIVERED_AT)
    assert sent_row.last_error == "WhatsApp error 131026: Message undeliverable no WhatsApp"


@pytest.mark.parametrize(
    "signature",
    ["", "sha256=" + "0" * 64, "sha1=abc", "sha256=" + hmac.new(b"other", b"{}", hashlib.sha256).hexdigest()],
    ids=["missing", "wrong", "other-scheme", "other-secret"],
)
def test_a_wrong_or_missing_signature_changes_nothing(client, sent_row, signature):
    response = post(client, payload(statuses=[status("delivered", DELIVERED_AT)]), signature=signature)

    assert response.status_code == 403
    sent_row.refresh_from_db()
    assert (sent_row.status, sent_row.delivered_at) == (NotificationStatus.SENT, None)


def test_without_an_app_secret_every_post_is_refused(client, settings, sent_row):
    settings.WHATSAPP_APP_SECRET = ""

    response = post(client, payload(statuses=[status("delivered", DELIVERED_AT)]), secret="")

    assert response.status_code == 403
    sent_row.refresh_from_db()
    assert sent_row.delivered_at is None


def test_the_same_post_twice_changes_nothing_the_second_time(client, sent_row):
    body = payload(
        statuses=[status("delivered", DELIVERED_AT)],
        messages=[
            {
                "from": "6281398765432",
                "id": "wamid.IN1",
                "timestamp": str(READ_AT),
                "type": "text",
                "text": {"body": "Terima kasih"},
            }
        ],
    )
    post(client, body)
    after_first = Notification.objects.values().get()

    response = post(client, body)

    assert response.status_code == 200
    assert Notification.objects.values().get() == after_first
    assert InboundMessage.objects.count() == 1


def test_a_late_receipt_does_not_move_a_row_back(client, sent_row):
    post(client, payload(statuses=[status("read", READ_AT)]))

    post(client, payload(statuses=[status("delivered", DELIVERED_AT)]))

    sent_row.refresh_from_db()
    assert sent_row.status == NotificationStatus.READ
    assert sent_row.delivered_at == at(READ_AT)  # read implies delivered, and the earlier receipt came late


def test_a_receipt_for_a_message_that_is_not_ours_is_accepted_and_ignored(client, sent_row):
    response = post(client, payload(statuses=[status("delivered", DELIVERED_AT, message_id="wamid.OTHER")]))

    assert response.status_code == 200
    sent_row.refresh_from_db()
    assert sent_row.delivered_at is None


def test_inbound_messages_are_stored_with_sender_text_and_time(client):
    body = payload(
        messages=[
            {
                "from": "6281398765432",
                "id": "wamid.IN1",
                "timestamp": str(READ_AT),
                "type": "text",
                "text": {"body": "Cabai masih ada?"},
            },
            {
                "from": "6281398765432",
                "id": "wamid.IN2",
                "timestamp": str(READ_AT + 5),
                "type": "button",
                "button": {"text": "Terima", "payload": "offer-17-accept"},
            },
        ],
        contacts=[{"profile": {"name": "Siti"}, "wa_id": "6281398765432"}],
    )

    assert post(client, body).status_code == 200

    stored = list(
        InboundMessage.objects.order_by("sent_at").values("sender", "sender_name", "kind", "text", "sent_at")
    )
    assert stored == [
        {
            "sender": "+6281398765432",
            "sender_name": "Siti",
            "kind": "text",
            "text": "Cabai masih ada?",
            "sent_at": at(READ_AT),
        },
        {
            "sender": "+6281398765432",
            "sender_name": "Siti",
            "kind": "button",
            "text": "Terima",
            "sent_at": at(READ_AT + 5),
        },
    ]
    assert (
        InboundMessage.objects.get(external_id="wamid.IN2").payload["button"]["payload"] == "offer-17-accept"
    )


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"entry": "x"}',
        b'{"entry": [{"changes": [{"value": []}]}]}',
        json.dumps(
            payload(statuses=[{"id": "wamid.OUT1", "status": "delivered", "timestamp": "yesterday"}])
        ).encode(),
        json.dumps(payload(statuses=[{"status": "delivered", "timestamp": "1"}])).encode(),
        json.dumps(payload(statuses=["delivered"])).encode(),
        json.dumps(
            payload(
                messages=[
                    {
                        "from": "not-a-phone",
                        "id": "x",
                        "timestamp": "1",
                        "type": "text",
                        "text": {"body": "a"},
                    }
                ]
            )
        ).encode(),
        json.dumps(
            payload(messages=[{"from": "62813", "id": "x", "timestamp": "1", "type": "text", "text": {}}])
        ).encode(),
        b"[" * 100_000,
    ],
    ids=[
        "text",
        "binary",
        "list",
        "entry-not-list",
        "value-not-object",
        "bad-time",
        "no-id",
        "status-not-object",
        "bad-sender",
        "no-text",
        "deep",
    ],
)
def test_a_malformed_body_answers_400_and_changes_nothing(client, sent_row, body):
    response = post(client, body)

    assert response.status_code == 400
    sent_row.refresh_from_db()
    assert sent_row.status == NotificationStatus.SENT
    assert not InboundMessage.objects.exists()


def test_the_webhook_needs_no_csrf_token_and_takes_only_get_and_post(sent_row):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    assert post(client, payload(statuses=[status("delivered", DELIVERED_AT)])).status_code == 200
    assert client.put(URL).status_code == 405
