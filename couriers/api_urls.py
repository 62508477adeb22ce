"""couriers' endpoints under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from couriers.api.applications import CourierApplicationViewSet
from couriers.api.companies import CompanyCourierViewSet
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
from couriers.api.jobs import CourierJobViewSet
from couriers.api.status import CourierStatusView

router = SimpleRouter()
router.register("courier/jobs", CourierJobViewSet, basename="courier-job")
# The moves on a taken job: pickup, deliver, fail (the same `courier/jobs/{id}/`).
router.register("courier/jobs", CourierDeliveryViewSet, basename="courier-delivery")
router.register("courier/earnings", EarningsViewSet, basename="courier-earnings")
router.register("courier/company/deliveries", CompanyDeliveryViewSet, basename="company-delivery")
router.register("courier/company/totals", CompanyTotalsViewSet, basename="company-totals")
router.register("trader/pickups", StallPickupViewSet, basename="trader-pickup")
router.register("staff/deliveries", StaffDeliveryViewSet, basename="staff-delivery")
router.register("staff/settlement", SettlementViewSet, basename="staff-settlement")
router.register("staff/courier-activity", CourierActivityViewSet, basename="staff-courier-activity")
router.register("courier/applications", CourierApplicationViewSet, basename="courier-application")
router.register("courier/company/couriers", CompanyCourierViewSet, basename="company-courier")

urlpatterns = [
    path("courier/status/", CourierStatusView.as_view(), name="courier-status"),
    *router.urls,
]
