"""orders' endpoints under /api/v1/."""

from rest_framework.routers import SimpleRouter

from orders.api.shopper import CartItemViewSet, CartViewSet, KelurahanViewSet, OrderViewSet
from orders.api.staff import StaffOrderViewSet
from orders.api.trader import TraderOrderViewSet

router = SimpleRouter()
router.register("cart", CartViewSet, basename="cart")
router.register("cart/items", CartItemViewSet, basename="cart-item")
router.register("kelurahan", KelurahanViewSet, basename="kelurahan")
router.register("orders", OrderViewSet, basename="order")
router.register("trader/orders", TraderOrderViewSet, basename="trader-order")
router.register("staff/orders", StaffOrderViewSet, basename="staff-order")

urlpatterns = router.urls
