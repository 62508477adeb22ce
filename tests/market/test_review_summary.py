"""The staff's hourly WhatsApp summary of what waits for their review (market.summaries)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from market import summaries
from market.models import Application, ApplicationKind
from notifications import jobs
from notifications.models import Notification
from notifications.transports import whatsapp
from tests.factories import ApplicationFactory, RegionStaffFactory, UserFactory
from tests.locks import run_at_once

pytestmark = pytest.mark.django_db

QUEUE = "http://testserver.example/dinas/pendaftaran/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver.example/"


@pytest.fixture
def sent(monkeypatch):
    """The WhatsApp messages handed to the transport: (to, template, params)."""
    messages = []

    def record(*, to, template, language, params):
        messages.append((to, template, params))
        return f"wamid.{len(messages)}"

    monkeypatch.setattr(whatsapp, "send_template", record)
    return messages


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the job as the registry would, and deliver what it queued."""

    def run_job() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return summaries.review_summaries_send_due()

    return run_job


def pending(region, kind=ApplicationKind.TRADER, **fields) -> Application:
    return ApplicationFactory(region=region, kind=kind, **fields)


def an_hour_passes() -> None:
    """Move every summary and application an hour and a minute into the past."""
    earlier = timezone.now() - timedelta(hours=1, minutes=1)
    Notification.objects.update(created_at=earlier)
    Application.objects.update(created_at=earlier)


def test_each_staff_member_with_new_applications_gets_one_summary_per_kind_with_the_queue_link(
    people, run, sent
):
    pending(people.batang)
    pending(people.batang)
    pending(people.batang, kind=ApplicationKind.COURIER)
    pending(people.karangasem)
    colleague = RegionStaffFactory(region=people.batang).user

    assert run() == 3

    assert sorted(sent) == sorted(
        [
            (str(people.staff.phone), "pasar_review_summary", ["2", "1", "0", QUEUE]),
            (str(colleague.phone), "pasar_review_summary", ["2", "1", "0", QUEUE]),
            # Karangasem's staff count Karangasem's application only, Batang's staff never see it.
            (str(people.karangasem_staff.phone), "pasar_review_summary", ["1", "0", "0", QUEUE]),
        ]
    )
    assert set(Notification.objects.values_list("channel", flat=True)) == {"whatsapp"}


def test_the_summary_reads_in_the_staff_members_language(batang, batang_staff, run, capsys):
    pending(batang.region)

    run()

    assert (
        "Menunggu pemeriksaan Anda di Pasar Daring: 1 pendaftaran pedagang, 0 kurir, dan 0 perusahaan "
        f"kurir. Buka antrean di {QUEUE} untuk memutuskannya."
    ) in capsys.readouterr().out


def test_staff_of_two_regions_get_one_summary_counting_both(people, run, sent):
    both = RegionStaffFactory(region=people.batang).user
    RegionStaffFactory(region=people.karangasem, user=both)
    pending(people.batang)
    pending(people.karangasem, kind=ApplicationKind.COMPANY)

    run()

    assert [params for to, _template, params in sent if to == str(both.phone)] == [["1", "0", "1", QUEUE]]


def test_nothing_is_sent_again_within_the_hour_even_for_a_new_application(people, run, sent):
    pending(people.batang)
    run()
    sent.clear()
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=59))
    pending(people.batang)

    assert run() == 0

    assert sent == []


def test_after_the_hour_a_new_application_brings_the_next_summary(people, run, sent):
    pending(people.batang)
    run()
    an_hour_passes()
    sent.clear()
    pending(people.batang, kind=ApplicationKind.COURIER)

    assert run() == 1

    assert sent == [(str(people.staff.phone), "pasar_review_summary", ["1", "1", "0", QUEUE])]


def test_nothing_is_sent_when_nothing_is_new_since_the_last_summary(people, run, sent):
    pending(people.batang)
    run()
    an_hour_passes()
    sent.clear()

    assert run() == 0

    assert sent == []


def test_nothing_is_sent_when_nothing_waits(people, run, sent):
    pending(people.batang, status="approved")
    pending(people.batang, status="rejected")

    assert run() == 0

    assert sent == []


def test_staff_without_a_verified_whatsapp_number_are_skipped(batang, run, sent):
    unverified = RegionStaffFactory(region=batang.region, user__phone_verified=False).user
    email_only = RegionStaffFactory(region=batang.region, user=UserFactory(phone=None)).user
    reachable = RegionStaffFactory(region=batang.region).user
    pending(batang.region)

    assert run() == 1

    assert [to for to, _template, _params in sent] == [str(reachable.phone)]
    assert not Notification.objects.filter(user__in=[unverified, email_only]).exists()


def test_the_summary_is_a_registered_job_run_by_run_due_jobs(
    people, sent, django_capture_on_commit_callbacks
):
    (job,) = [job for job in jobs.registered_jobs() if job.name == "market.review_summary"]
    assert job.func == summaries.review_summaries_send_due
    pending(people.batang)

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.job_run_if_due("market.review_summary") is True

    assert [to for to, _template, _params in sent] == [str(people.staff.phone)]


# Real concurrent transactions need PostgreSQL.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_staff_member_one_summary(batang, monkeypatch, sent):
    staff = [RegionStaffFactory(region=batang.region).user for _ in range(2)]
    pending(batang.region)
    counts = summaries.pending_application_counts_for_staff

    def slow_counts(**kwargs):
        time.sleep(0.2)  # both runs are past the staff query before either has sent
        return counts(**kwargs)

    monkeypatch.setattr(summaries, "pending_application_counts_for_staff", slow_counts)

    outcomes = run_at_once(summaries.review_summaries_send_due, summaries.review_summaries_send_due)

    assert sum(outcomes) == len(staff)
    assert sorted(to for to, _template, _params in sent) == sorted(str(user.phone) for user in staff)
    assert Notification.objects.filter(event="review.summary").count() == len(staff)
