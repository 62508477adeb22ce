"""What the orders API answers: carts, orders and stalls' parts, shared by the shopper's, the stall's
and the trade office's endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.models import Order, OrderEvent, OrderItem, TraderOrder
from orders.transitions import Actor, order_actions, trader_order_actions
from vendors.api.catalogue import StallRefSerializer

QUANTITY = {"max_digits": 12, "decimal_places": 3, "coerce_to_string": False}


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.pk", read_only=True)
    product = serializers.IntegerField(source="item.product_id", read_only=True)
    name = serializers.CharField(source="product.name", read_only=True)
    unit = serializers.CharField(source="product.unit", read_only=True)
    step = serializers.DecimalField(source="product.step", read_only=True, **QUANTITY)
    price = serializers.IntegerField(source="product.price", read_only=True)
    quantity = serializers.DecimalField(source="item.quantity", read_only=True, **QUANTITY)
    total = serializers.IntegerField(read_only=True)
    problem = serializers.CharField(read_only=True, help_text="Why it cannot be ordered now; empty if it can")


class CartPartSerializer(serializers.Serializer):
    stall = StallRefSerializer(source="trader", read_only=True)
    lines = CartLineSerializer(many=True, read_only=True)
    total = serializers.IntegerField(read_only=True)


class CartSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="cart.pk", read_only=True)
    market = serializers.CharField(source="cart.market.slug", read_only=True)
    stalls = CartPartSerializer(source="parts", many=True, read_only=True)
    items_total = serializers.IntegerField(read_only=True)
    can_order = serializers.BooleanField(read_only=True, help_text="False while a line has a problem")


class OrderItemSerializer(serializers.ModelSerializer):
    quantity_ordered = serializers.DecimalField(read_only=True, **QUANTITY)
    quantity = serializers.DecimalField(read_only=True, help_text="0: refused by the stall", **QUANTITY)

    class Meta:
        model = OrderItem
        fields = ["id", "product", "name", "unit", "price", "quantity_ordered", "quantity", "line_total"]
        read_only_fields = fields


class TraderOrderPartSerializer(serializers.ModelSerializer):
    stall = StallRefSerializer(source="trader", read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = TraderOrder
        fields = ["id", "stall", "status", "reason", "items_total", "accepted_at", "ready_at", "items"]
        read_only_fields = fields


class CourierSerializer(serializers.Serializer):
    name = serializers.CharField(source="courier_name", read_only=True)
    plate = serializers.CharField(source="courier_plate", read_only=True)
    whatsapp = serializers.CharField(source="courier_whatsapp", read_only=True)


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kelurahan = serializers.CharField(read_only=True)
    recipient_whatsapp = serializers.CharField(read_only=True)
    distance_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, read_only=True
    )
    delivery_status = serializers.CharField(
        read_only=True, help_text="open, assigned, picked_up, delivered, failed"
    )
    stalls = TraderOrderPartSerializer(source="trader_orders", many=True, read_only=True)
    courier = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text="What the shopper may do now (cancel)")

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "market",
            "status",
            "delivery_status",
            "placed_at",
            "deliver_from",
            "kelurahan",
            "street",
            "landmark",
            "latitude",
            "longitude",
            "recipient_name",
            "recipient_whatsapp",
            "note",
            "change_for",
            "distance_km",
            "delivery_fee",
            "items_total",
            "total",
            "confirmation_code",
            "cancel_reason",
            "stalls",
            "courier",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(CourierSerializer(allow_null=True))
    def get_courier(self, order):
        return CourierSerializer(order).data if order.courier_name else None

    def get_allowed_actions(self, order) -> list[str]:
        return order_actions(order.status, Actor.SHOPPER)


class EventSerializer(serializers.ModelSerializer):
    stall = serializers.IntegerField(source="trader_order.trader_id", allow_null=True, read_only=True)
    actor = serializers.CharField(source="actor.display_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = OrderEvent
        fields = ["from_status", "to_status", "stall", "actor", "reason", "created_at"]
        read_only_fields = fields


class StaffOrderSerializer(OrderSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [f for f in OrderSerializer.Meta.fields if f != "confirmation_code"] + ["events"]
        read_only_fields = fields

    def get_allowed_actions(self, order) -> list[str]:
        return order_actions(order.status, Actor.STAFF)


class OrderRefSerializer(serializers.ModelSerializer):
    """The delivery details a stall needs of the order its part belongs to."""

    number = serializers.CharField(read_only=True)
    kelurahan = serializers.CharField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "number", "status", "placed_at", "deliver_from", "kelurahan", "note"]
        read_only_fields = fields


class TraderOrderSerializer(serializers.ModelSerializer):
    order = OrderRefSerializer(read_only=True)
    stall = StallRefSerializer(source="trader", read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(help_text="accept, reject, ready")

    class Meta:
        model = TraderOrder
        fields = ["id", "order", "stall", "status", "reason", "items_total", "items", "allowed_actions"]
        read_only_fields = fields

    def get_allowed_actions(self, part) -> list[str]:
        return trader_order_actions(part.status)
