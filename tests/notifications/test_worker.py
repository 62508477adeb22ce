"""The real thing: notify() -> Redis broker -> a Celery worker thread -> the row is sent."""

import time
import warnings
from collections import Counter
from urllib.parse import urlparse

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.exceptions import CPendingDeprecationWarning
from celery.signals import task_received
from django.core.management import call_command
from django.db import transaction

from config.celery import app
from notifications.models import Channel, Notification, NotificationStatus
from notifications.services import notify
from tests.conftest import REDIS_URL
from tests.factories import UserFactory
from tests.notifications.conftest import EVENT, PARAMS, TEXT_EN

# A Redis database of its own, so a developer's running worker cannot take these messages.
_redis = urlparse(REDIS_URL)
TEST_BROKER_URL = f"redis://{_redis.hostname or '127.0.0.1'}:{_redis.port or 6379}/14"

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_worker(tasks_through_broker):
    client = redis.Redis.from_url(TEST_BROKER_URL)
    client.flushdb()
    client.close()
    with (
        tasks_through_broker(TEST_BROKER_URL),
        start_worker(app, pool="solo", perform_ping_check=False) as worker,
    ):
        yield worker


def _wait_for_status(notification, status, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.status == status:
            return
        time.sleep(0.1)
    pytest.fail(f"notification stayed {notification.status!r}, expected {status!r}")


@pytest.fixture
def received_by_worker():
    """Names of the tasks the worker took from the broker (never fired for in-process tasks)."""
    names = []

    def record(sender, request, **kwargs):
        names.append(request.name)

    task_received.connect(record, weak=False)
    yield names
    task_received.disconnect(record)


# transactional_db: the worker thread has its own database connection and sees only committed rows.
@pytest.mark.django_db(transaction=True)
def test_notify_is_sent_by_a_real_worker_through_redis(redis_worker, received_by_worker, capfd):
    user = UserFactory(language="en")

    with transaction.atomic():
        notifications = notify(
            event=EVENT, params=PARAMS, user=user, channels=[Channel.WHATSAPP, Channel.EMAIL]
        )

    for notification in notifications:
        _wait_for_status(notification, NotificationStatus.SENT)
        assert notification.attempts == 1
        assert notification.sent_at is not None
    whatsapp = next(n for n in notifications if n.channel == "whatsapp")
    assert whatsapp.external_id.startswith("console-")
    assert TEXT_EN in capfd.readouterr().out
    assert received_by_worker == ["notifications.tasks.notification_send"]  # one message for both rows


@pytest.mark.django_db(transaction=True)
def test_rows_written_while_redis_is_down_are_sent_once_after_it_is_back(
    tasks_through_broker, throwaway_redis, cloud_api
):
    phones = [f"+62813444400{n}" for n in range(3)]
    with (
        tasks_through_broker(throwaway_redis.url),
        start_worker(app, pool="solo", perform_ping_check=False),
    ):
        # The worker turns Celery's deprecation warnings back on; this one is about a default that our
        # settings pin (worker_cancel_long_running_tasks_on_connection_loss).
        warnings.filterwarnings("ignore", category=CPendingDeprecationWarning)
        throwaway_redis.stop()
        with transaction.atomic():
            for phone in phones:
                notify(event=EVENT, params=PARAMS, phone=phone)
        assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.PENDING}

        throwaway_redis.start()
        call_command("run_due_jobs")  # cron, beat or `make run` would do this within a minute

        for notification in Notification.objects.all():
            _wait_for_status(notification, NotificationStatus.SENT)
    sent_to = Counter("+" + request["json"]["to"] for request in cloud_api.requests)
    assert sent_to == Counter(phones)
