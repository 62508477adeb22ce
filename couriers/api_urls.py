"""couriers' endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from couriers.api.delivery import (
    CourierDeliveryViewSet,
    SettlementViewSet,
    StaffDeliveryViewSet,
    StallPickupViewSet,
)
from couriers.api.earnings import (
    CompanyDeliveryViewSet,
    CompanyTotalsViewSet,
    CourierActivityViewSet,
    EarningsViewSet,
)

router = SimpleRouter()
# The moves on a taken job (the job board, accept and release are the job's own routes).
router.register("courier/jobs", CourierDeliveryViewSet, basename="courier-delivery")
router.register("courier/earnings", EarningsViewSet, basename="courier-earnings")
router.register("courier/company/deliveries", CompanyDeliveryViewSet, basename="company-delivery")
router.register("courier/company/totals", CompanyTotalsViewSet, basename="company-totals")
router.register("trader/pickups", StallPickupViewSet, basename="trader-pickup")
router.register("staff/deliveries", StaffDeliveryViewSet, basename="staff-delivery")
router.register("staff/settlement", SettlementViewSet, basename="staff-settlement")
router.register("staff/courier-activity", CourierActivityViewSet, basename="staff-courier-activity")

urlpatterns = router.urls
