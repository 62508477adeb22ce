from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications import services
from notifications.models import InboundMessage, JobRun, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Only services write these rows: the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "channel",
        "status",
        "user",
        "phone",
        "attempts",
        "lost_answers",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "delivered_at",
        "read_at",
        "failed_at",
    ]
    list_filter = ["status", "channel", "event", "created_at"]
    search_fields = [
        "event",
        "phone",
        "external_id",
        "user__name",
        "user__email",
        "user__phone",
        "last_error",
    ]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user"]
    actions = ["send_again"]
    # Only notify() writes rows and only the send service changes their status: everything is read-only here.
    readonly_fields = [
        "user",
        "phone",
        "language",
        "event",
        "params",
        "channel",
        "status",
        "attempts",
        "lost_answers",
        "last_error",
        "external_id",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "delivered_at",
        "read_at",
        "failed_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed or waiting notifications again"))
    def send_again(self, request, queryset):
        count = services.notification_requeue(notification_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            _("Notifications queued: %(count)d") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["sender", "sender_name", "kind", "text", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["sender", "sender_name", "text"]
    date_hierarchy = "sent_at"


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_started_at", "last_finished_at", "last_error"]
