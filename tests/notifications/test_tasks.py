import pytest
from celery.exceptions import Retry

from notifications.models import Channel, NotificationStatus
from notifications.services import MAX_ATTEMPTS
from notifications.tasks import notification_send
from notifications.transports import TransportError, whatsapp
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def whatsapp_row():
    return NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765432", event="system.message", params={"message": "Buka"}
    )


def test_running_the_task_twice_sends_once(whatsapp_row, whatsapp_sent):
    notification_send.delay(whatsapp_row.pk)
    notification_send.delay(whatsapp_row.pk)

    assert len(whatsapp_sent) == 1
    whatsapp_row.refresh_from_db()
    assert (whatsapp_row.status, whatsapp_row.attempts) == (NotificationStatus.SENT, 1)


def test_transport_errors_are_retried_then_the_row_fails_with_the_error(whatsapp_row, monkeypatch):
    calls = []

    def unreachable(**message):
        calls.append(message)
        raise TransportError("WhatsApp API unreachable: timed out")

    monkeypatch.setattr(whatsapp, "send_template", unreachable)

    notification_send.delay(whatsapp_row.pk)

    assert len(calls) == MAX_ATTEMPTS
    whatsapp_row.refresh_from_db()
    assert whatsapp_row.status == NotificationStatus.FAILED
    assert whatsapp_row.attempts == MAX_ATTEMPTS
    assert whatsapp_row.last_error == "WhatsApp API unreachable: timed out"


def test_a_passing_transport_error_is_retried_until_sent(whatsapp_row, monkeypatch):
    outcomes = [TransportError("HTTP 503"), "wamid.OK"]

    def flaky(**message):
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(whatsapp, "send_template", flaky)

    notification_send.delay(whatsapp_row.pk)

    whatsapp_row.refresh_from_db()
    assert whatsapp_row.status == NotificationStatus.SENT
    assert whatsapp_row.attempts == 2
    assert whatsapp_row.external_id == "wamid.OK"
    assert whatsapp_row.last_error == ""


def test_with_a_broker_a_transport_error_is_retried_later_with_backoff(whatsapp_row, monkeypatch):
    retries = []

    def unreachable(**message):
        raise TransportError("down")

    def retry(*, exc, countdown):
        retries.append((str(exc), countdown))
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(whatsapp, "send_template", unreachable)
    monkeypatch.setattr(notification_send, "retry", retry)
    # As a worker runs it: not eager, and this is the third run.
    notification_send.push_request(is_eager=False, retries=2)
    try:
        with pytest.raises(Retry):
            notification_send.run(whatsapp_row.pk)
    finally:
        notification_send.pop_request()

    assert retries == [("down", 120)]
    whatsapp_row.refresh_from_db()
    assert (whatsapp_row.status, whatsapp_row.attempts) == (NotificationStatus.PENDING, 1)
