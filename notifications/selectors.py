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
