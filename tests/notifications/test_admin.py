import pytest
from django.urls import reverse

from notifications.models import Channel, NotificationStatus
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notifications_notification_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_changelist_filters_and_searches(admin_client):
    NotificationFactory(event="account.welcome", params={"name": "a"}, phone="+6281311112222")
    NotificationFactory(
        event="system.message", params={"message": "b"}, channel=Channel.WHATSAPP, phone="+6281399998888"
    )

    response = admin_client.get(CHANGELIST, {"channel": "whatsapp", "status": "pending", "q": "99998888"})

    assert response.status_code == 200
    assert [n.event for n in response.context["cl"].result_list] == ["system.message"]


def test_status_fields_are_read_only_and_rows_cannot_be_added(admin_client):
    notification = NotificationFactory(event="account.welcome", params={"name": "a"})
    change_url = reverse("admin:notifications_notification_change", args=[notification.pk])

    response = admin_client.post(change_url, {"status": "sent", "attempts": "9", "read_at": "2026-01-01"})

    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.read_at) == ("pending", 0, None)
    assert response.status_code == 302
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_send_again_action_requeues_failed_rows(admin_client, django_capture_on_commit_callbacks):
    failed = NotificationFactory(
        event="account.welcome", params={"name": "a"}, status=NotificationStatus.FAILED, attempts=4
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
        )

    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (NotificationStatus.SENT, 1)
