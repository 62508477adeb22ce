from celery import shared_task

from notifications import services
from notifications.transports import TransportError


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: 30, 60, 120..."""
    return 30 * 2**retries


# No Celery retry limit: the service counts attempts in the row and stops raising on the last one.
@shared_task(bind=True, max_retries=None)
def notification_send(self, notification_id: int) -> None:
    while True:
        try:
            services.notification_deliver(notification_id=notification_id)
            return
        except TransportError as exc:
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
            # In-process (no broker) there is nothing to wait on: try again at once.


@shared_task
def notification_requeue_stale() -> int:
    return services.notification_requeue_stale()
