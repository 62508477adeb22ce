"""Meta's answers, as the local fake Cloud API gives them, through the outbox."""

import pytest
from django.core import mail

from notifications.models import Channel, Notification, NotificationStatus
from notifications.services import notification_deliver, notification_sweep
from notifications.transports import whatsapp
from tests.factories import NotificationFactory, UserFactory
from tests.notifications.conftest import EVENT, PARAMS, SENT, meta_error, time_passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def row():
    return NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765432", event=EVENT, params=PARAMS, language="id", user=None
    )


def deliver_and_retry(notification) -> Notification:
    """The first send, then the sweep once the retry is due."""
    notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    time_passes(hours=1)
    notification_sweep()
    notification.refresh_from_db()
    return notification


@pytest.mark.parametrize(
    "first_answer",
    [
        meta_error(130429, message="Rate limit hit"),
        meta_error(131056, message="Pair rate limit hit"),
        meta_error(131000, status=500, message="Something went wrong"),
        (503, {"error": {"message": "Service temporarily unavailable"}}),
        (502, {"unexpected": "gateway page"}),
    ],
    ids=["throughput-on-http-400", "pair-rate-limit", "131000", "http-503", "5xx-without-code"],
)
def test_transient_answers_are_retried_then_sent_once(cloud_api, row, first_answer):
    cloud_api.answers = [first_answer, SENT]

    notification = deliver_and_retry(row)

    assert len(cloud_api.requests) == 2
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 2)
    assert notification.external_id == "wamid.HBgN"
    assert notification.lost_answers == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (131026, "Message undeliverable"),
        (131047, "Re-engagement message"),
        (132000, "Number of parameters does not match"),
        (100, "Invalid parameter"),
    ],
)
def test_final_answers_fail_at_once_with_the_error_kept(cloud_api, row, code, message):
    cloud_api.answer = meta_error(code, message=message)

    notification_deliver(notification_id=row.pk)
    time_passes(hours=1)
    notification_sweep()

    assert len(cloud_api.requests) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.FAILED, 1)
    assert f"error {code}: {message}" in row.last_error
    assert row.failed_at is not None


def test_a_timeout_is_retried_and_recorded_as_a_lost_answer(cloud_api, row):
    cloud_api.delays = [1.0]  # above the 0.5 s timeout: the answer to the first send never arrives

    notification = deliver_and_retry(row)

    assert len(cloud_api.requests) == 2
    assert (notification.status, notification.lost_answers) == (NotificationStatus.SENT, 1)


def test_an_unreachable_api_is_retried_and_no_answer_was_lost(settings, row, unused_tcp_port):
    settings.WHATSAPP_TRANSPORT = "cloud"
    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{unused_tcp_port}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1098765"
    settings.WHATSAPP_ACCESS_TOKEN = "test-token"

    notification_deliver(notification_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.lost_answers) == (NotificationStatus.PENDING, 0)
    assert "unreachable" in row.last_error


def test_an_expired_token_fails_the_row_and_tells_the_platform_admins_once(
    cloud_api, row, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_superuser=True, is_staff=True, email="admin@example.test")
    UserFactory(is_staff=True)  # staff, not a platform admin
    second = NotificationFactory(
        channel=Channel.WHATSAPP, phone="+6281398765433", event=EVENT, params=PARAMS, user=None
    )
    cloud_api.answer = meta_error(190, status=401, message="Error validating access token")

    with django_capture_on_commit_callbacks(execute=True):
        notification_deliver(notification_id=row.pk)
        notification_deliver(notification_id=second.pk)

    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED
    assert "error 190" in row.last_error
    alerts = Notification.objects.filter(event="platform.whatsapp_token_expired")
    assert {(a.user, a.channel) for a in alerts} == {(admin, Channel.IN_APP), (admin, Channel.EMAIL)}
    assert [m.to for m in mail.outbox] == [["admin@example.test"]]
    assert "WHATSAPP_ACCESS_TOKEN" in mail.outbox[0].body


def test_after_a_message_went_out_again_a_new_expiry_alerts_again(cloud_api, row):
    UserFactory(is_superuser=True, email=None)
    cloud_api.answers = [meta_error(190, status=401), SENT, meta_error(190, status=401)]

    for _ in range(3):
        notification = NotificationFactory(
            channel=Channel.WHATSAPP, phone="+6281398765432", event=EVENT, params=PARAMS, user=None
        )
        notification_deliver(notification_id=notification.pk)
        time_passes(seconds=1)

    assert Notification.objects.filter(event="platform.whatsapp_token_expired").count() == 2


def test_a_template_missing_in_english_is_sent_in_indonesian(cloud_api, row):
    row.user = UserFactory(language="en", phone="+6281398765432")
    row.save(update_fields=["user"])
    cloud_api.answers = [
        meta_error(132001, status=404, message="Template name does not exist in the translation")
    ]

    notification_deliver(notification_id=row.pk)

    assert [r["json"]["template"]["language"]["code"] for r in cloud_api.requests] == ["en", "id"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)


def test_a_template_missing_in_indonesian_too_fails(cloud_api, row):
    cloud_api.answer = meta_error(
        132001, status=404, message="Template name does not exist in the translation"
    )

    notification_deliver(notification_id=row.pk)

    assert len(cloud_api.requests) == 1  # Indonesian was asked for: there is nothing to fall back to
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED


def test_the_error_table_is_the_one_place_codes_are_classified():
    transient = {code for code, outcome in whatsapp.ERROR_CODES.items() if outcome == whatsapp.RETRY}
    final = {code for code, outcome in whatsapp.ERROR_CODES.items() if outcome == whatsapp.FINAL}

    assert transient >= {130429, 131056, 131000, 131016}
    assert final >= {131026, 131047, 132000, 132001, 100, 190}
