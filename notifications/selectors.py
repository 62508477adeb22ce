from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from notifications.models import Channel, Notification


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    """The user's in-app inbox: unread first, each part newest first."""
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (
        Notification.objects.filter(user=user, channel=Channel.IN_APP)
        .annotate(unread=unread)
        .order_by("-unread", "-created_at", "-pk")
    )


def _unread_for_user(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True)


def notification_unread_count_for_user(*, user) -> int:
    return _unread_for_user(user).count()


def notification_unread_count_expression(*, user) -> Coalesce:
    """The same count as an expression, for the header's one query (portal.header)."""
    count = _unread_for_user(user).order_by().values("user").annotate(n=Count("*")).values("n")[:1]
    return Coalesce(Subquery(count), 0)


def notification_last_created_at(*, user, event: str):
    """When `event` was last written for the user on any channel (None if never)."""
    return (
        Notification.objects.filter(user=user, event=event)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
