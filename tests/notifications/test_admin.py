import pytest
from django.urls import reverse

from notifications.models import Channel, InboundMessage, JobRun, NotificationStatus
from tests.factories import NotificationFactory, UserFactory
from tests.notifications.conftest import EVENT, PARAMS

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notification_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_changelist_filters_and_searches(admin_client):
    NotificationFactory(event=EVENT, params=PARAMS, channel=Channel.WHATSAPP, phone="+6281311112222")
    wanted = NotificationFactory(event=EVENT, params=PARAMS, channel=Channel.WHATSAPP, phone="+6281399998888")

    response = admin_client.get(CHANGELIST, {"channel": "whatsapp", "status": "pending", "q": "99998888"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


def test_final_failures_are_listed_with_their_error(admin_client):
    NotificationFactory(event=EVENT, params=PARAMS, channel=Channel.EMAIL, status=NotificationStatus.SENT)
    failed = NotificationFactory(
        event=EVENT,
        params=PARAMS,
        channel=Channel.WHATSAPP,
        phone="+6281399998888",
        status=NotificationStatus.FAILED,
        last_error="WhatsApp API answered HTTP 400, error 131026: Message undeliverable",
    )

    response = admin_client.get(CHANGELIST, {"status": "failed"})
    detail = admin_client.get(reverse("admin:notifications_notification_change", args=[failed.pk]))

    assert list(response.context["cl"].result_list) == [failed]
    assert "error 131026: Message undeliverable" in detail.content.decode()


def test_status_fields_are_read_only_and_rows_cannot_be_added(admin_client):
    notification = NotificationFactory(event=EVENT, params=PARAMS, channel=Channel.EMAIL)
    change_url = reverse("admin:notifications_notification_change", args=[notification.pk])

    response = admin_client.post(change_url, {"status": "sent", "attempts": "9", "read_at": "2026-01-01"})

    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.read_at) == ("pending", 0, None)
    assert response.status_code == 302
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_send_again_action_requeues_failed_rows(admin_client, django_capture_on_commit_callbacks):
    failed = NotificationFactory(
        event=EVENT,
        params=PARAMS,
        channel=Channel.EMAIL,
        status=NotificationStatus.FAILED,
        attempts=8,
        failed_at="2026-11-30T10:00:00Z",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
        )

    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 1)


def test_inbound_messages_and_job_runs_are_shown_and_never_edited(admin_client):
    message = InboundMessage.objects.create(
        external_id="wamid.IN",
        sender="+6281398765432",
        kind="text",
        text="Halo",
        sent_at="2026-11-30T10:00:00Z",
    )
    job = JobRun.objects.create(name="notifications.sweep")

    for model, obj in [("inboundmessage", message), ("jobrun", job)]:
        assert admin_client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200
        change_url = reverse(f"admin:notifications_{model}_change", args=[obj.pk])
        assert admin_client.get(change_url).status_code == 200
        assert admin_client.get(reverse(f"admin:notifications_{model}_add")).status_code == 403
    admin_client.post(reverse("admin:notifications_inboundmessage_change", args=[message.pk]), {"text": "x"})
    message.refresh_from_db()
    assert message.text == "Halo"
