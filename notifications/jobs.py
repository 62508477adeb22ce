"""The periodic-job registry: work that scans timestamps, run by Celery beat or `manage.py run_due_jobs`.

Apps register their jobs from AppConfig.ready()::

    register_job("orders.auto_cancel", every=timedelta(minutes=1), func=services.order_auto_cancel_due)

A job must be safe to run twice or at the same time as itself (a scan of timestamps whose changes are
conditional updates), never a countdown or ETA task: the in-process mode ignores those and Redis may run
them twice. Each run is claimed on the job's JobRun row, so beat, cron and the embedded loop may all ask
for the same job and it still runs once per period.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from notifications.models import JobRun

logger = logging.getLogger(__name__)

# A job counts as due slightly early, so beat firing exactly `every` after the last run never skips a period.
EARLY = 0.1


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    func: Callable[[], object]


_JOBS: dict[str, Job] = {}


def register_job(name: str, *, every: timedelta, func: Callable[[], object]) -> Job:
    job = Job(name=name, every=every, func=func)
    existing = _JOBS.get(name)
    if existing is not None and existing != job:
        raise ValueError(f"periodic job {name!r} is already registered")
    _JOBS[name] = job
    return job


def registered_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def beat_schedule() -> dict:
    """Celery beat's schedule: one entry per job, each running `job_run` with the job's name."""
    return {
        f"job:{job.name}": {
            "task": "notifications.tasks.job_run",
            "schedule": job.every.total_seconds(),
            "args": [job.name],
        }
        for job in registered_jobs()
    }


def job_run_if_due(name: str) -> bool:
    """Run job `name` if no runner started it during its current period; True when this call ran it.

    An exception from the job is logged and kept on its JobRun row; the next period runs it again.
    """
    job = _JOBS[name]
    if not _claim(job):
        return False
    try:
        job.func()
    except Exception as exc:
        logger.exception("periodic job %s failed", name)
        JobRun.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error=repr(exc)[:2000])
    else:
        JobRun.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error="")
    return True


def run_due_jobs() -> list[str]:
    """Run every due job once, in name order; the names of the jobs this call ran."""
    return [job.name for job in registered_jobs() if job_run_if_due(job.name)]


def _claim(job: Job) -> bool:
    now = timezone.now()
    _ensure_row(job.name)
    # Conditional update: of two runners reading the same old start time, only one changes it.
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every * (1 - EARLY))
    return bool(JobRun.objects.filter(due, name=job.name).update(last_started_at=now))


def _ensure_row(name: str) -> None:
    if JobRun.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            JobRun.objects.create(name=name)
    except IntegrityError:
        pass  # another runner created it first
