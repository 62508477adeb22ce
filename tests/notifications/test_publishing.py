"""A request that wrote outbox rows publishes once after the commit, and a broken broker cannot hold it."""

import pytest
from kombu import Producer

from notifications.models import Notification, NotificationStatus
from tests.notifications.urls import PHONES

pytestmark = [pytest.mark.urls("tests.notifications.urls"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publishes(monkeypatch):
    """Every message handed to the broker connection (kombu's Producer.publish), counted."""
    calls = []
    publish = Producer.publish

    def counted(self, *args, **kwargs):
        calls.append(args)
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Producer, "publish", counted)
    return calls


def test_six_rows_in_one_request_are_published_once(client, tasks_through_broker, throwaway_redis, publishes):
    with tasks_through_broker(throwaway_redis.url):
        response = client.get("/notify-six/")

    assert response.status_code == 200
    assert len(publishes) == 1
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == len(PHONES)


def test_a_refused_broker_leaves_the_request_done_and_the_rows_pending(
    client, tasks_through_broker, unused_tcp_port, publishes
):
    with tasks_through_broker(f"redis://127.0.0.1:{unused_tcp_port}/0"):
        response = client.get("/notify-six/")

    assert response.status_code == 200
    assert len(publishes) <= 2  # one try and at most one retry, for all six rows
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == len(PHONES)


def test_a_broker_that_never_answers_is_tried_at_most_twice(
    client, tasks_through_broker, silent_port, publishes
):
    with tasks_through_broker(f"redis://127.0.0.1:{silent_port.port}/0"):
        response = client.get("/notify-six/")

    assert response.status_code == 200
    # Each try waits at most the 0.5 s socket timeout (pinned in test_tasks): about a second in all.
    assert 1 <= len(silent_port.accepted) <= 2
    assert len(publishes) <= 2
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == len(PHONES)
