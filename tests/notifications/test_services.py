from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Channel, Notification, NotificationStatus
from notifications.services import (
    MAX_ATTEMPTS,
    NotificationError,
    notification_deliver,
    notification_requeue,
    notification_requeue_stale,
    notify,
)
from notifications.transports import TransportError, whatsapp
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_notify_writes_rows_in_the_callers_transaction_and_sends_nothing_on_rollback(
    django_capture_on_commit_callbacks, whatsapp_sent
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(event="account.welcome", params={"name": "Siti"}, user=user)
        assert Notification.objects.filter(user=user).count() == 2
        raise RuntimeError("the caller's change failed")

    assert not Notification.objects.exists()
    assert callbacks == []
    assert whatsapp_sent == []
    assert mail.outbox == []


def test_notify_sends_only_after_the_commit(django_capture_on_commit_callbacks, whatsapp_sent):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications = notify(event="account.welcome", params={"name": "Siti"}, user=user)
    assert whatsapp_sent == []
    assert {n.status for n in notifications} == {NotificationStatus.PENDING}

    for callback in callbacks:
        callback()

    assert len(whatsapp_sent) == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


@pytest.mark.parametrize(
    ("user_kwargs", "phone", "expected"),
    [
        ({"phone_verified": True}, None, {Channel.IN_APP, Channel.WHATSAPP}),
        ({"phone_verified": False}, None, {Channel.IN_APP, Channel.EMAIL}),
        ({"phone": None, "phone_verified": False}, None, {Channel.IN_APP, Channel.EMAIL}),
        ({"email": None, "phone_verified": False}, None, {Channel.IN_APP}),
        (None, "+6281398765432", {Channel.WHATSAPP}),
    ],
    ids=["verified-phone", "unverified-phone", "email-only", "unverified-no-email", "phone-only"],
)
def test_default_channels(django_capture_on_commit_callbacks, user_kwargs, phone, expected):
    user = UserFactory(**user_kwargs) if user_kwargs is not None else None

    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify(
            event="system.message", params={"message": "Pasar tutup"}, user=user, phone=phone
        )

    assert {n.channel for n in notifications} == expected
    assert Notification.objects.count() == len(expected)


def test_whatsapp_goes_to_the_verified_phone_and_an_unverified_one_gets_nothing(
    django_capture_on_commit_callbacks, whatsapp_sent
):
    verified = UserFactory(phone="+6281211112222", phone_verified=True)
    unverified = UserFactory(phone="+6281233334444", phone_verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="system.message", params={"message": "a"}, user=verified)
        notify(event="system.message", params={"message": "b"}, user=unverified)

    assert [m["to"] for m in whatsapp_sent] == ["+6281211112222"]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"event": "no.such.event", "params": {}}, "unknown_event"),
        ({"event": "account.code", "params": {"code": "123456"}}, "secret_event"),
        ({"event": "account.welcome", "params": {}}, "bad_params"),
        ({"event": "account.welcome", "params": {"name": object()}}, "bad_params"),
        ({"event": "account.welcome", "params": {"name": "Siti"}, "user": None}, "no_destination"),
        ({"event": "account.welcome", "params": {"name": "Siti"}, "channels": ["sms"]}, "unreachable"),
    ],
)
def test_notify_refuses_what_cannot_be_sent_and_writes_nothing(kwargs, code):
    kwargs.setdefault("user", UserFactory())

    with pytest.raises(NotificationError) as error:
        notify(**kwargs)

    assert error.value.code == code
    assert not Notification.objects.exists()


def test_explicit_channel_the_user_cannot_receive_is_refused():
    user = UserFactory(email=None, phone_verified=False)

    with pytest.raises(NotificationError) as error:
        notify(event="system.message", params={"message": "x"}, user=user, channels=[Channel.EMAIL])

    assert error.value.code == "unreachable"
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("id", "Selamat datang di Pasar Daring", "Halo Siti, akun Anda sudah siap."),
        ("en", "Welcome to Pasar Daring", "Hello Siti, your account is ready."),
    ],
)
def test_email_is_rendered_at_send_time_in_the_users_language(
    django_capture_on_commit_callbacks, language, subject, body
):
    user = UserFactory(language="id" if language == "en" else "en", phone_verified=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event="account.welcome", params={"name": "Siti"}, user=user, channels=[Channel.EMAIL])
    # The user changes their language before the task runs: the message follows the new choice.
    user.language = language
    user.save(update_fields=["language"])

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == subject
    assert mail.outbox[0].body.startswith(body)
    notification = Notification.objects.get()
    assert notification.status == NotificationStatus.SENT
    assert notification.external_id == mail.outbox[0].extra_headers["Message-ID"]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Pesan dari kantor pasar: Harga cabai turun"),
        ("en", "A message from the market office: Harga cabai turun"),
    ],
)
def test_whatsapp_to_a_phone_without_account_uses_the_rows_language(
    django_capture_on_commit_callbacks, capsys, whatsapp_sent, language, text
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(
            event="system.message",
            params={"message": "Harga cabai turun"},
            phone="+6281398765432",
            language=language,
        )

    assert whatsapp_sent == [
        {
            "to": "+6281398765432",
            "template": "pasar_message",
            "language": language,
            "params": ["Harga cabai turun"],
        }
    ]
    assert text in capsys.readouterr().out
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.external_id.startswith("console-")
    assert notification.user is None


def test_notify_through_the_cloud_api_records_whatsapps_message_id(
    cloud_api, django_capture_on_commit_callbacks
):
    user = UserFactory(phone="+6281398765432", phone_verified=True, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(event="account.welcome", params={"name": "Siti"}, user=user, channels=[Channel.WHATSAPP])

    notification = Notification.objects.get()
    assert (notification.status, notification.external_id) == (NotificationStatus.SENT, "wamid.HBgN")
    (request,) = cloud_api.requests
    assert request["json"]["to"] == "6281398765432"
    assert request["json"]["template"]["name"] == "pasar_welcome"
    assert request["json"]["template"]["language"] == {"code": "en"}


def test_in_app_row_is_simply_marked_sent(whatsapp_sent):
    notification = NotificationFactory(event="account.welcome", params={"name": "Siti"})

    notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.sent_at is not None
    assert notification.read_at is None
    assert whatsapp_sent == []
    assert mail.outbox == []


def test_delivering_twice_sends_once():
    user = UserFactory()
    notification = NotificationFactory(
        user=user, channel=Channel.EMAIL, event="account.welcome", params={"name": "Siti"}
    )

    assert notification_deliver(notification_id=notification.pk) is not None
    assert notification_deliver(notification_id=notification.pk) is None

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.status == NotificationStatus.SENT


def test_transport_error_puts_the_row_back_then_fails_it_on_the_last_attempt(monkeypatch):
    def unreachable(**message):
        raise TransportError("WhatsApp API answered HTTP 503")

    monkeypatch.setattr(whatsapp, "send_template", unreachable)
    notification = NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765432", event="system.message", params={"message": "x"}
    )

    for attempt in range(1, MAX_ATTEMPTS):
        with pytest.raises(TransportError):
            notification_deliver(notification_id=notification.pk)
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, attempt)
        assert "HTTP 503" in notification.last_error

    notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert notification.sent_at is None
    assert notification_deliver(notification_id=notification.pk) is None


def test_a_bug_fails_the_row_instead_of_leaving_it_sending(monkeypatch):
    def broken(**message):
        raise ValueError("template parameters out of order")

    monkeypatch.setattr(whatsapp, "send_template", broken)
    notification = NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765432", event="system.message", params={"message": "x"}
    )

    with pytest.raises(ValueError):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert "template parameters out of order" in notification.last_error


def test_requeue_sends_failed_rows_again_and_leaves_sent_ones(django_capture_on_commit_callbacks):
    failed = NotificationFactory(
        channel=Channel.EMAIL, event="account.welcome", params={"name": "A"}, status="failed", attempts=4
    )
    sent = NotificationFactory(event="account.welcome", params={"name": "B"}, status="sent")

    with django_capture_on_commit_callbacks(execute=True):
        count = notification_requeue(notification_ids=[failed.pk, sent.pk])

    assert count == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 1)
    assert len(mail.outbox) == 1
    sent.refresh_from_db()
    assert sent.attempts == 0


def test_stale_pending_rows_are_sent_and_fresh_ones_left_to_their_task(django_capture_on_commit_callbacks):
    stale = NotificationFactory(
        event="account.welcome", params={"name": "A"}, created_at=timezone.now() - timedelta(hours=1)
    )
    fresh = NotificationFactory(event="account.welcome", params={"name": "B"})

    with django_capture_on_commit_callbacks(execute=True):
        assert notification_requeue_stale() == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == NotificationStatus.SENT
    assert fresh.status == NotificationStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_dead_broker_after_the_commit_keeps_the_row_for_the_sweep(
    tasks_through_broker, unused_tcp_port, caplog
):
    user = UserFactory()
    with tasks_through_broker(f"redis://127.0.0.1:{unused_tcp_port}/0"), transaction.atomic():
        notify(event="account.welcome", params={"name": "Siti"}, user=user)

    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.PENDING}
    assert "on_commit" in caplog.text
