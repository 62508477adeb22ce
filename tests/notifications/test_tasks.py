import pytest

from config.celery import app
from notifications import jobs, services
from notifications.models import Channel, NotificationStatus
from notifications.tasks import notification_send
from notifications.transports import whatsapp
from tests.factories import NotificationFactory
from tests.notifications.conftest import EVENT, PARAMS

pytestmark = pytest.mark.django_db


def whatsapp_row(phone="+6281398765432"):
    return NotificationFactory(channel=Channel.WHATSAPP, phone=phone, event=EVENT, params=PARAMS)


def test_running_the_task_twice_sends_once(whatsapp_sent):
    row = whatsapp_row()

    notification_send.delay([row.pk])
    notification_send.delay([row.pk])

    assert len(whatsapp_sent) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)


def test_a_message_from_the_previous_version_with_one_id_is_still_sent(whatsapp_sent):
    row = whatsapp_row()

    notification_send.delay(row.pk)

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT


def test_a_bug_on_one_row_does_not_stop_the_others(monkeypatch, whatsapp_sent):
    broken, fine = whatsapp_row("+6281311110000"), whatsapp_row("+6281322220000")
    console = whatsapp.send_template

    def send(**message):
        if message["to"] == "+6281311110000":
            raise ValueError("bug")
        return console(**message)

    monkeypatch.setattr(whatsapp, "send_template", send)

    notification_send.delay([broken.pk, fine.pk])

    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (broken.status, fine.status) == (NotificationStatus.FAILED, NotificationStatus.SENT)


def test_a_task_stops_taking_rows_when_its_budget_is_spent(monkeypatch, whatsapp_sent):
    first, second = whatsapp_row(), whatsapp_row()
    clock = iter([0.0, 1.0, services.SEND_BUDGET.total_seconds() + 1])
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock))

    notification_send.delay([first.pk, second.pk])

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (NotificationStatus.SENT, NotificationStatus.PENDING)


def test_celery_settings_redeliver_lost_tasks_and_never_run_a_live_one_twice():
    # acks_late alone does not redeliver a task whose worker child died or hit the hard time limit.
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is False
    # Redis hands an unacknowledged task to another worker after visibility_timeout: it must outlast
    # any run (the hard time limit); nothing waits on a countdown.
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility_timeout > app.conf.task_time_limit * 10
    # A claim expires only once its run is surely dead, and before Redis would redeliver the task.
    assert app.conf.task_time_limit < services.CLAIM_TIMEOUT.total_seconds() < visibility_timeout
    assert services.SEND_BUDGET.total_seconds() < app.conf.task_soft_time_limit


def test_publishing_is_bounded_to_about_a_second():
    options = app.conf.broker_transport_options
    policy = app.conf.task_publish_retry_policy
    assert app.conf.broker_connection_timeout <= 0.5
    assert options["socket_timeout"] <= 0.5 and options["socket_connect_timeout"] <= 0.5
    assert options["max_retries"] <= 1 and policy["max_retries"] <= 1
    # one try and one retry, each bounded by the socket timeout, plus the pause between them
    worst = (1 + policy["max_retries"]) * options["socket_timeout"] + policy["interval_start"]
    assert worst <= 1.2


def test_beat_runs_the_job_registry():
    assert app.conf.beat_schedule == jobs.beat_schedule()
    assert app.conf.beat_schedule["job:notifications.sweep"] == {
        "task": "notifications.tasks.job_run",
        "schedule": 60.0,
        "args": ["notifications.sweep"],
    }
