import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# DjangoTask gives every task delay_on_commit(), so nothing is enqueued before its transaction commits.
app = Celery("pasar_daring", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_periodic_jobs(sender, **kwargs):
    """Beat runs notifications' job registry (kept in code: django-celery-beat does not support Django
    6.1). The app is finalized once Django is set up, after every app registered its jobs in ready()."""
    from notifications.jobs import beat_schedule

    sender.conf.beat_schedule = beat_schedule()
