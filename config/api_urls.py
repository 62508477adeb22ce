from django.urls import path
from rest_framework.routers import DefaultRouter

import config.api_schema  # noqa: F401  (registers the X-Session-Token scheme with drf-spectacular)
from accounts.api import MeView
from market.api import MarketViewSet
from vendors.api import ProductViewSet, StallViewSet

router = DefaultRouter()
router.register("markets", MarketViewSet, basename="market")
router.register("stalls", StallViewSet, basename="stall")
router.register("products", ProductViewSet, basename="product")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
