"""/api/v1/: every app's endpoints, in the namespace "api" (e.g. reverse("api:product-list"))."""

from django.urls import path
from rest_framework.routers import SimpleRouter

import config.api_schema  # noqa: F401  (registers the X-Session-Token scheme with drf-spectacular)
from accounts.api import MeView
from market.api import MarketViewSet
from market.review_api import StaffApplicationViewSet
from notifications.api import NotificationViewSet
from vendors.api import ProductViewSet, StallViewSet
from vendors.application_api import TraderApplicationViewSet
from vendors.group_api import StaffGroupViewSet
from vendors.registration_api import MemberViewSet, StaffTraderViewSet, StallClaimViewSet
from vendors.trader_api import TraderProductViewSet, TraderStallViewSet

app_name = "api"

router = SimpleRouter()
router.register("markets", MarketViewSet, basename="market")
router.register("stalls", StallViewSet, basename="stall")
router.register("products", ProductViewSet, basename="product")
router.register("trader/stalls", TraderStallViewSet, basename="trader-stall")
router.register("trader/products", TraderProductViewSet, basename="trader-product")
router.register("trader/applications", TraderApplicationViewSet, basename="trader-application")
router.register("trader/members", MemberViewSet, basename="trader-member")
router.register("trader/stall-claims", StallClaimViewSet, basename="trader-stall-claim")
router.register("staff/applications", StaffApplicationViewSet, basename="staff-application")
router.register("staff/groups", StaffGroupViewSet, basename="staff-group")
router.register("staff/traders", StaffTraderViewSet, basename="staff-trader")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [path("me/", MeView.as_view(), name="me"), *router.urls]
