import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import Channel, Notification, NotificationStatus
from notifications.services import (
    MAX_ATTEMPTS,
    NotificationError,
    notification_deliver,
    notification_requeue,
    notification_sweep,
    notify,
    retry_delay,
)
from notifications.transports import TransportError, whatsapp
from tests.factories import NotificationFactory, UserFactory
from tests.notifications.conftest import EVENT, PARAMS, TEXT_EN, TEXT_ID, time_passes

pytestmark = pytest.mark.django_db


def whatsapp_row(**kwargs):
    return NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765432", event=EVENT, params=PARAMS, **kwargs
    )


def test_notify_writes_rows_in_the_callers_transaction_and_sends_nothing_on_rollback(
    django_capture_on_commit_callbacks, whatsapp_sent
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(event=EVENT, params=PARAMS, user=user)
        assert Notification.objects.filter(user=user).count() == 2
        raise RuntimeError("the caller's change failed")

    assert not Notification.objects.exists()
    assert callbacks == []
    assert whatsapp_sent == []
    assert mail.outbox == []


def test_notify_sends_only_after_the_commit(django_capture_on_commit_callbacks, whatsapp_sent):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications = notify(event=EVENT, params=PARAMS, user=user)
    assert whatsapp_sent == []
    whatsapp_row_ = next(n for n in notifications if n.channel == Channel.WHATSAPP)
    assert whatsapp_row_.status == NotificationStatus.PENDING

    for callback in callbacks:
        callback()

    assert len(whatsapp_sent) == 1
    whatsapp_row_.refresh_from_db()
    assert whatsapp_row_.status == NotificationStatus.SENT


def test_in_app_rows_are_written_delivered_and_publish_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (notification,) = notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.IN_APP])

    assert callbacks == []
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.DELIVERED
    assert notification.delivered_at == notification.sent_at == notification.created_at
    assert notification.read_at is None
    assert notification_deliver(notification_id=notification.pk) is None


def test_one_transaction_publishes_once_for_all_its_rows(django_capture_on_commit_callbacks, monkeypatch):
    published = []
    monkeypatch.setattr(services.tasks.notification_send, "apply_async", lambda args: published.append(args))
    users = UserFactory.create_batch(3)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for user in users:
            notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.IN_APP, Channel.WHATSAPP])
            notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.EMAIL])

    assert len(callbacks) == 1
    outbox = Notification.objects.exclude(channel=Channel.IN_APP)
    assert published == [[sorted(outbox.values_list("pk", flat=True))]]


def test_a_rolled_back_savepoint_takes_its_publication_along(
    django_capture_on_commit_callbacks, whatsapp_sent
):
    kept, dropped = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(event=EVENT, params=PARAMS, user=dropped, channels=[Channel.WHATSAPP])
            raise RuntimeError("this part failed")
        notify(event=EVENT, params=PARAMS, user=kept, channels=[Channel.WHATSAPP])

    assert len(callbacks) == 1
    assert [m["to"] for m in whatsapp_sent] == [str(kept.phone)]


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
        notifications = notify(event=EVENT, params=PARAMS, user=user, phone=phone)

    assert {n.channel for n in notifications} == expected
    assert Notification.objects.count() == len(expected)


def test_whatsapp_goes_to_the_verified_phone_and_an_unverified_one_gets_nothing(
    django_capture_on_commit_callbacks, whatsapp_sent
):
    verified = UserFactory(phone="+6281211112222", phone_verified=True)
    unverified = UserFactory(phone="+6281233334444", phone_verified=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=EVENT, params=PARAMS, user=verified)
        notify(event=EVENT, params=PARAMS, user=unverified)

    assert [m["to"] for m in whatsapp_sent] == ["+6281211112222"]


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"event": "no.such.event", "params": {}}, "unknown_event"),
        ({"event": "account.code", "params": {"code": "123456"}}, "secret_event"),
        ({"event": EVENT, "params": {}}, "bad_params"),
        ({"event": EVENT, "params": {"stall": object(), "market": "x"}}, "bad_params"),
        ({"event": EVENT, "params": PARAMS, "user": None}, "no_destination"),
        ({"event": EVENT, "params": PARAMS, "channels": ["sms"]}, "unreachable"),
        ({"event": "platform.whatsapp_token_expired", "params": {}, "channels": ["whatsapp"]}, "unreachable"),
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
        notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.EMAIL])

    assert error.value.code == "unreachable"
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("language", "body"), [("id", TEXT_ID), ("en", TEXT_EN)])
def test_email_is_rendered_at_send_time_in_the_users_language(
    django_capture_on_commit_callbacks, language, body
):
    user = UserFactory(language="id" if language == "en" else "en", phone_verified=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.EMAIL])
    # The user changes their language before the task runs: the message follows the new choice.
    user.language = language
    user.save(update_fields=["language"])

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].body == body
    notification = Notification.objects.get()
    assert notification.status == NotificationStatus.SENT
    assert notification.external_id == mail.outbox[0].extra_headers["Message-ID"]


@pytest.mark.parametrize(("language", "text"), [("id", TEXT_ID), ("en", TEXT_EN)])
def test_whatsapp_to_a_phone_without_account_uses_the_rows_language(
    django_capture_on_commit_callbacks, capsys, whatsapp_sent, language, text
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(event=EVENT, params=PARAMS, phone="+6281398765432", language=language)

    assert whatsapp_sent == [
        {
            "to": "+6281398765432",
            "template": "pasar_stall_linked",
            "language": language,
            "params": ["Sayur Bu Siti", "Pasar Batang"],
        }
    ]
    assert text in capsys.readouterr().out
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.external_id.startswith("console-")
    assert notification.user is None


def test_delivering_twice_sends_once():
    notification = NotificationFactory(channel=Channel.EMAIL, event=EVENT, params=PARAMS)

    assert notification_deliver(notification_id=notification.pk) is not None
    assert notification_deliver(notification_id=notification.pk) is None

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)


def test_in_process_a_transient_error_waits_for_the_sweep_instead_of_retrying_inline(
    django_capture_on_commit_callbacks, monkeypatch
):
    calls = []

    def unreachable(**message):
        calls.append(message)
        raise TransportError("WhatsApp API unreachable: refused")

    monkeypatch.setattr(whatsapp, "send_template", unreachable)

    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(event=EVENT, params=PARAMS, phone="+6281398765432")

    assert len(calls) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 1)
    assert notification.last_error == "WhatsApp API unreachable: refused"
    assert notification.next_attempt_at > timezone.now()
    assert notification_deliver(notification_id=notification.pk) is None  # not due yet
    assert len(calls) == 1


def test_retries_back_off_exponentially_with_jitter():
    for attempts, base in [(1, 30), (2, 60), (3, 120), (4, 240)]:
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(base / 2 <= delay <= base for delay in delays)
        assert len(delays) > 1
    assert retry_delay(20).total_seconds() <= 30 * 60


def test_transient_errors_retry_until_the_attempts_are_spent_and_the_last_error_is_kept(monkeypatch):
    def unavailable(**message):
        raise TransportError("WhatsApp API answered HTTP 503")

    monkeypatch.setattr(whatsapp, "send_template", unavailable)
    notification = whatsapp_row()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        notification_deliver(notification_id=notification.pk)
        notification.refresh_from_db()
        assert notification.attempts == attempt
        assert "HTTP 503" in notification.last_error
        time_passes(hours=1)

    assert notification.status == NotificationStatus.FAILED
    assert notification.failed_at is not None
    assert notification.sent_at is None
    assert notification_deliver(notification_id=notification.pk) is None


def test_a_bug_fails_the_row_instead_of_leaving_it_sending(monkeypatch):
    def broken(**message):
        raise ValueError("template parameters out of order")

    monkeypatch.setattr(whatsapp, "send_template", broken)
    notification = whatsapp_row()

    with pytest.raises(ValueError):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert "template parameters out of order" in notification.last_error


def test_the_sweep_sends_due_rows_and_leaves_fresh_ones_to_their_task(whatsapp_sent):
    due = whatsapp_row(next_attempt_at=timezone.now())
    fresh = whatsapp_row(next_attempt_at=timezone.now() + services.PUBLISH_GRACE)

    assert notification_sweep() == 1

    due.refresh_from_db()
    fresh.refresh_from_db()
    assert due.status == NotificationStatus.SENT
    assert fresh.status == NotificationStatus.PENDING
    assert len(whatsapp_sent) == 1


def test_a_killed_run_is_sent_again_once_after_the_claim_timeout_and_a_late_original_sends_nothing(
    cloud_api,
):
    notification = whatsapp_row()
    killed_run = services._claim(notification.pk)  # the run's worker died right after claiming
    time_passes(minutes=1)

    assert notification_sweep() == 0  # a claim younger than the timeout is left alone
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENDING

    time_passes(seconds=services.CLAIM_TIMEOUT.total_seconds())
    killed_run.claimed_at = Notification.objects.get().claimed_at  # the same claim, now old
    assert notification_sweep() == 1

    assert len(cloud_api.requests) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.lost_answers) == ("sent", 2, 1)

    # The original run wakes up: its claim is gone, so it neither sends nor overwrites the outcome.
    assert services._deliver_claimed(killed_run) is None
    assert len(cloud_api.requests) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("sent", 2)


def test_a_late_original_run_finishing_its_send_does_not_overwrite_the_resend(cloud_api):
    notification = whatsapp_row()
    slow_run = services._claim(notification.pk)
    time_passes(seconds=services.CLAIM_TIMEOUT.total_seconds() + 1)
    slow_run.claimed_at = Notification.objects.get().claimed_at
    notification_sweep()
    notification.refresh_from_db()
    resent_id = notification.external_id

    assert services._finish(slow_run, status=NotificationStatus.FAILED, last_error="late") is False

    notification.refresh_from_db()
    assert (notification.status, notification.external_id) == (NotificationStatus.SENT, resent_id)


def test_a_killed_run_on_the_last_attempt_fails_the_row():
    notification = whatsapp_row(attempts=MAX_ATTEMPTS - 1, next_attempt_at=timezone.now())
    services._claim(notification.pk)
    time_passes(seconds=services.CLAIM_TIMEOUT.total_seconds() + 1)

    notification_sweep()

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.lost_answers == 1
    assert "may have gone out" in notification.last_error


def test_requeue_sends_failed_rows_again_and_leaves_sent_ones(django_capture_on_commit_callbacks):
    failed = NotificationFactory(
        channel=Channel.EMAIL, event=EVENT, params=PARAMS, status="failed", attempts=MAX_ATTEMPTS
    )
    sent = NotificationFactory(channel=Channel.EMAIL, event=EVENT, params=PARAMS, status="sent", attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        count = notification_requeue(notification_ids=[failed.pk, sent.pk])

    assert count == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 1)
    assert len(mail.outbox) == 1
    sent.refresh_from_db()
    assert sent.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_dead_broker_after_the_commit_keeps_the_rows_due_for_the_sweep(
    tasks_through_broker, unused_tcp_port, caplog
):
    user = UserFactory()
    with tasks_through_broker(f"redis://127.0.0.1:{unused_tcp_port}/0"), transaction.atomic():
        notify(event=EVENT, params=PARAMS, user=user, channels=[Channel.WHATSAPP])

    notification = Notification.objects.get()
    assert notification.status == NotificationStatus.PENDING
    assert notification.next_attempt_at <= timezone.now()
    assert "could not publish notifications" in caplog.text


def test_notify_writes_its_rows_in_one_query(django_assert_num_queries, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_assert_num_queries(1), django_capture_on_commit_callbacks(execute=False):
        notifications = notify(event=EVENT, params=PARAMS, user=user)

    assert {n.channel for n in Notification.objects.filter(user=user)} == {Channel.IN_APP, Channel.WHATSAPP}
    assert all(n.pk for n in notifications)


def test_notify_refuses_a_row_its_fields_forbid_and_writes_nothing():
    user = UserFactory()

    with pytest.raises(ValidationError):
        notify(event=EVENT, params=PARAMS, user=user, phone="+62" + "8" * 40)

    assert not Notification.objects.exists()
