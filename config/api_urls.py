"""/api/v1/: every app's endpoints, in the namespace "api" (e.g. reverse("api:product-list"))."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import config.api_schema  # noqa: F401  (registers the X-Session-Token scheme with drf-spectacular)
from accounts.api import MeView
from market.api import MarketViewSet
from market.review_api import StaffApplicationViewSet
from vendors.api import ProductViewSet, StallViewSet
from vendors.application_api import TraderApplicationViewSet
from vendors.trader_api import TraderProductViewSet, TraderStallViewSet

app_name = "api"

router = SimpleRouter()
router.register("markets", MarketViewSet, basename="market")
router.register("stalls", StallViewSet, basename="stall")
router.register("products", ProductViewSet, basename="product")
router.register("trader/stalls", TraderStallViewSet, basename="trader-stall")
router.register("trader/products", TraderProductViewSet, basename="trader-product")
router.register("trader/applications", TraderApplicationViewSet, basename="trader-application")
router.register("staff/applications", StaffApplicationViewSet, basename="staff-application")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
