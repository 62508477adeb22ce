"""couriers' endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from couriers.api.applications import CourierApplicationViewSet
from couriers.api.companies import CompanyCourierViewSet

router = SimpleRouter()
router.register("courier/applications", CourierApplicationViewSet, basename="courier-application")
router.register("courier/company/couriers", CompanyCourierViewSet, basename="company-courier")

urlpatterns = router.urls
