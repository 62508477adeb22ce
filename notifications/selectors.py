from django.db.models import QuerySet

from notifications.models import Channel, Notification


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    """The user's in-app inbox, newest first."""
    return Notification.objects.filter(user=user, channel=Channel.IN_APP).order_by("-created_at", "-pk")


def notification_unread_count_for_user(*, user) -> int:
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).count()
