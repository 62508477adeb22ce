import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# DjangoTask gives every task delay_on_commit(), so nothing is enqueued before its transaction commits.
app = Celery("pasar_daring", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Kept in code: django-celery-beat does not support Django 6.1.
app.conf.beat_schedule = {
    "notifications-requeue-stale": {
        "task": "notifications.tasks.notification_requeue_stale",
        "schedule": 5 * 60,
    },
}
