"""couriers' endpoints under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from couriers.api.applications import CourierApplicationViewSet
from couriers.api.companies import CompanyCourierViewSet
from couriers.api.jobs import CourierJobViewSet
from couriers.api.status import CourierStatusView

router = SimpleRouter()
router.register("courier/jobs", CourierJobViewSet, basename="courier-job")
router.register("courier/applications", CourierApplicationViewSet, basename="courier-application")
router.register("courier/company/couriers", CompanyCourierViewSet, basename="company-courier")

urlpatterns = [
    path("courier/status/", CourierStatusView.as_view(), name="courier-status"),
    *router.urls,
]
