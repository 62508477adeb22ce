"""market's endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from market.api.markets import MarketViewSet
from market.api.review import StaffApplicationViewSet

router = SimpleRouter()
router.register("markets", MarketViewSet, basename="market")
router.register("staff/applications", StaffApplicationViewSet, basename="staff-application")

urlpatterns = router.urls
