"""market's endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from market.api import MarketViewSet
from market.review_api import StaffApplicationViewSet

router = SimpleRouter()
router.register("markets", MarketViewSet, basename="market")
router.register("staff/applications", StaffApplicationViewSet, basename="staff-application")

urlpatterns = router.urls
