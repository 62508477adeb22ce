from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from notifications.models import Channel, Notification


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    """The user's in-app inbox: unread first, each part newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (
        Notification.objects.filter(user=user, channel=Channel.IN_APP)
        .annotate(unread=unread)
        .order_by("-unread", "-created_at", "-pk")
    )


def notification_unread_count_for_user(*, user) -> int:
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).count()


def notification_last_created_at(*, user, event: str):
    """When `event` was last written for the user on any channel (None if never)."""
    return (
        Notification.objects.filter(user=user, event=event)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
