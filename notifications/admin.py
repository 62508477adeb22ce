from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications import services
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "channel",
        "status",
        "user",
        "phone",
        "attempts",
        "created_at",
        "sent_at",
        "read_at",
    ]
    list_filter = ["channel", "status", "event", "created_at"]
    search_fields = ["event", "phone", "user__name", "user__email", "user__phone", "last_error"]
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
        "last_error",
        "external_id",
        "created_at",
        "sent_at",
        "read_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed notifications again"))
    def send_again(self, request, queryset):
        count = services.notification_requeue(notification_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            _("Notifications queued: %(count)d") % {"count": count},
            messages.SUCCESS,
        )
