"""notifications/ in the API: the caller's in-app inbox. Thin: the same selectors and services as the page."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, NOT_SIGNED_IN
from notifications import selectors, services
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField(help_text="In the request's language")
    body = serializers.SerializerMethodField(help_text="In the request's language")
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "event", "title", "body", "params", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_title(self, notification) -> str:
        return notification.render()[0]

    def get_body(self, notification) -> str:
        return notification.render()[1]

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


COUNT = inline_serializer("NotificationCount", {"count": serializers.IntegerField()})


@extend_schema(tags=["notifications"])
@extend_schema_view(
    list=extend_schema(responses={200: NotificationSerializer(many=True), 401: NOT_SIGNED_IN}),
    retrieve=extend_schema(responses={200: NotificationSerializer, 404: NOT_FOUND}),
    read=extend_schema(request=None, responses={200: NotificationSerializer, 404: NOT_FOUND}),
    read_all=extend_schema(request=None, responses={200: COUNT}),
    unread_count=extend_schema(responses={200: COUNT}),
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's in-app notifications, unread first, newest first within each."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.notification_list_for_user(user=self.request.user)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read (again: no change)."""
        try:
            notification = services.notification_mark_read(user=request.user, notification_id=int(pk))
        except Notification.DoesNotExist:
            raise Http404 from None
        return Response(self.get_serializer(notification).data)

    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every notification read; `count` is how many were unread."""
        return Response({"count": services.notification_mark_all_read(user=request.user)})

    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        """How many notifications the caller has not read (the header badge)."""
        return Response({"count": selectors.notification_unread_count_for_user(user=request.user)})
