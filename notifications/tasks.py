from celery import shared_task

from notifications import jobs, services


@shared_task
def notification_send(notification_ids: list[int]) -> None:
    """Send the outbox rows one transaction wrote (or one sweep found due). Never retried by Celery:
    a transient failure leaves its row due again at `next_attempt_at`, which the sweeper reads."""
    if isinstance(notification_ids, int):  # a message published by the previous version: one id
        notification_ids = [notification_ids]
    services.notification_send_batch(notification_ids=notification_ids)


@shared_task
def job_run(name: str) -> bool:
    """Beat's entry point to the job registry: runs job `name` unless a runner did this period."""
    return jobs.job_run_if_due(name)
