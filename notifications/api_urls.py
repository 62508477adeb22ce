"""notifications' endpoints under /api/v1/: the caller's inbox."""

from rest_framework.routers import SimpleRouter

from notifications.api import NotificationViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
