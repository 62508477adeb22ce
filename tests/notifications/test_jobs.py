import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications import jobs, services
from notifications.models import Channel, JobRun, NotificationStatus
from notifications.tasks import job_run
from notifications.transports import whatsapp
from tests.factories import NotificationFactory
from tests.locks import run_at_once
from tests.notifications.conftest import EVENT, PARAMS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_the_sweep(monkeypatch):
    """These tests watch the registry run the sweep; other apps' jobs (market's summary) stay out."""
    monkeypatch.setattr(jobs, "_JOBS", {"notifications.sweep": jobs._JOBS["notifications.sweep"]})


@pytest.fixture
def due_rows():
    return [
        NotificationFactory(
            channel=Channel.WHATSAPP,
            phone=f"+62813222200{n:02d}",
            event=EVENT,
            params=PARAMS,
            next_attempt_at=timezone.now() - timedelta(minutes=1),
        )
        for n in range(5)
    ]


@pytest.fixture
def only_the_sweep(monkeypatch):
    """The registry with the sweep alone, for tests that read run_due_jobs' whole output."""
    monkeypatch.setattr(jobs, "_JOBS", {"notifications.sweep": jobs._JOBS["notifications.sweep"]})


def run_due_jobs() -> str:
    out = StringIO()
    call_command("run_due_jobs", stdout=out)
    return out.getvalue()


def test_the_sweeper_is_a_registered_job():
    (sweep,) = [job for job in jobs.registered_jobs() if job.name == "notifications.sweep"]
    assert sweep.every == timedelta(minutes=1)
    assert sweep.func == services.notification_sweep


def test_run_due_jobs_sends_due_rows_and_a_second_run_does_nothing(due_rows, whatsapp_sent, only_the_sweep):
    assert "ran notifications.sweep" in run_due_jobs()
    assert len(whatsapp_sent) == len(due_rows)
    first = JobRun.objects.get(name="notifications.sweep")
    assert first.last_finished_at >= first.last_started_at

    assert run_due_jobs() == ""

    assert len(whatsapp_sent) == len(due_rows)
    assert JobRun.objects.get(name="notifications.sweep").last_started_at == first.last_started_at


def test_a_job_is_due_again_after_its_period(due_rows, whatsapp_sent):
    run_due_jobs()
    JobRun.objects.update(last_started_at=timezone.now() - timedelta(minutes=1))

    assert "ran notifications.sweep" in run_due_jobs()


def test_beat_and_cron_asking_for_the_same_job_run_it_once(whatsapp_sent, only_the_sweep):
    assert job_run.delay("notifications.sweep").get() is True
    assert job_run.delay("notifications.sweep").get() is False
    assert run_due_jobs() == ""


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch):
    ran = []
    monkeypatch.setattr(jobs, "_JOBS", {})
    jobs.register_job("a.broken", every=timedelta(minutes=5), func=lambda: 1 / 0)
    jobs.register_job("b.fine", every=timedelta(minutes=5), func=lambda: ran.append("b"))

    assert jobs.run_due_jobs() == ["a.broken", "b.fine"]

    assert ran == ["b"]
    assert "ZeroDivisionError" in JobRun.objects.get(name="a.broken").last_error
    assert JobRun.objects.get(name="b.fine").last_error == ""


def test_registering_another_job_under_a_taken_name_is_refused():
    with pytest.raises(ValueError):
        jobs.register_job("notifications.sweep", every=timedelta(hours=1), func=print)


# Real concurrent transactions need PostgreSQL: SQLite's in-memory test database refuses a second writer.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_run_the_job_once_and_send_each_row_once(due_rows, whatsapp_sent, only_the_sweep):
    outputs = run_at_once(run_due_jobs, run_due_jobs)

    assert sorted(outputs) == ["", "ran notifications.sweep\n"]
    assert sorted(m["to"] for m in whatsapp_sent) == sorted(str(row.phone) for row in due_rows)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_row_once(due_rows, monkeypatch):
    sent = []

    def slow_send(**message):
        sent.append(message["to"])
        time.sleep(0.05)  # both sweeps find the rows due before either has sent them all
        return "wamid.X"

    monkeypatch.setattr(whatsapp, "send_template", slow_send)

    outcomes = run_at_once(services.notification_sweep, services.notification_sweep)

    assert sum(outcomes) > len(due_rows)  # both published rows the other one was sending
    assert sorted(sent) == sorted(str(row.phone) for row in due_rows)
    for row in due_rows:
        row.refresh_from_db()
        assert (row.status, row.attempts) == (NotificationStatus.SENT, 1)
