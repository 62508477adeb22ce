"""vendors' endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from vendors.api.applications import TraderApplicationViewSet
from vendors.api.catalogue import ProductViewSet, StallViewSet
from vendors.api.groups import StaffGroupViewSet
from vendors.api.products import TraderProductViewSet, TraderStallViewSet
from vendors.api.registration import MemberViewSet, StaffTraderViewSet, StallClaimViewSet

router = SimpleRouter()
router.register("stalls", StallViewSet, basename="stall")
router.register("products", ProductViewSet, basename="product")
router.register("trader/stalls", TraderStallViewSet, basename="trader-stall")
router.register("trader/products", TraderProductViewSet, basename="trader-product")
router.register("trader/applications", TraderApplicationViewSet, basename="trader-application")
router.register("trader/members", MemberViewSet, basename="trader-member")
router.register("trader/stall-claims", StallClaimViewSet, basename="trader-stall-claim")
router.register("staff/groups", StaffGroupViewSet, basename="staff-group")
router.register("staff/traders", StaffTraderViewSet, basename="staff-trader")

urlpatterns = router.urls
