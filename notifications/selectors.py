from django.db.models import BooleanField, ExpressionWrapper, IntegerField, Q, QuerySet, Subquery

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


# The header counts this many unread rows at most and shows "99+" beyond: a trader who follows their
# orders on WhatsApp never reads the inbox, and counting years of its rows on every page would not end.
UNREAD_COUNTED_AT_MOST = 100


class _CountOf(Subquery):
    """The number of rows a (sliced) subquery gives."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def notification_unread_count_expression(*, user) -> Subquery:
    """The same count, up to UNREAD_COUNTED_AT_MOST, as an expression for the header's one query
    (portal.header)."""
    return _CountOf(_unread_for_user(user).order_by().values("pk")[:UNREAD_COUNTED_AT_MOST])


def notification_last_created_at(*, user, event: str):
    """When `event` was last written for the user on any channel (None if never)."""
    return (
        Notification.objects.filter(user=user, event=event)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
