"""What the couriers API answers about jobs and deliveries: the board's view (no address, no phone
numbers), and the courier's own delivery with where to go and whom to call."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from couriers.models import Delivery, DeliveryStop
from vendors.api.catalogue import StallContactSerializer
from vendors.selectors import stall_contact

FLOAT = {"read_only": True, "allow_null": True}


class JobStallSerializer(serializers.Serializer):
    # couriers.selectors.STOP_STALL's, of a stop or of a job's `stalls` (the board's)
    id = serializers.IntegerField(source="stall_id", read_only=True)
    name = serializers.CharField(source="stall_name", read_only=True)
    number = serializers.CharField(source="stall_number", read_only=True)
    cash_due = serializers.IntegerField(read_only=True, help_text="What the courier pays the stall")
    picked_up_at = serializers.DateTimeField(read_only=True)


class JobSerializer(serializers.ModelSerializer):
    """A job as the board shows it: the drop-off's kelurahan and distance, not its address."""

    order = serializers.CharField(source="order.number", read_only=True)
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    market_name = serializers.CharField(source="market.name", read_only=True)
    kelurahan = serializers.CharField(source="order.kelurahan", read_only=True)
    distance_km = serializers.FloatField(
        source="order.distance_km", help_text="Market to drop-off; null for a flat-fee kelurahan", **FLOAT
    )
    distance_to_market = serializers.FloatField(
        help_text="From the courier's shared location to the market; null without one", **FLOAT
    )
    over_cash_limit = serializers.BooleanField(
        read_only=True, help_text="Cannot be taken: above the cash limit"
    )
    stalls = JobStallSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "order",
            "status",
            "market",
            "market_name",
            "kelurahan",
            "distance_km",
            "distance_to_market",
            "fee",
            "cash_to_carry",
            "over_cash_limit",
            "opened_at",
            "stalls",
        ]
        read_only_fields = fields


class DropOffSerializer(serializers.Serializer):
    recipient_name = serializers.CharField(read_only=True)
    recipient_whatsapp = serializers.CharField(read_only=True)
    street = serializers.CharField(read_only=True)
    landmark = serializers.CharField(read_only=True)
    kelurahan = serializers.CharField(read_only=True)
    latitude = serializers.FloatField(**FLOAT)
    longitude = serializers.FloatField(**FLOAT)
    note = serializers.CharField(read_only=True)
    total = serializers.IntegerField(read_only=True, help_text="Cash to collect from the shopper")
    change_for = serializers.IntegerField(**FLOAT)


class DeliveryStallSerializer(JobStallSerializer):
    contact = serializers.SerializerMethodField(help_text="Who answers for the stall on WhatsApp")

    @extend_schema_field(StallContactSerializer(allow_null=True))
    def get_contact(self, stop: DeliveryStop):
        contact = stall_contact(stop.trader_order.trader)
        return StallContactSerializer(contact).data if contact else None


class JobDetailSerializer(JobSerializer):
    """A job, and once it is the caller's, where to go and whom to call (`drop_off`, the stalls'
    contacts); both null on a job still open."""

    drop_off = serializers.SerializerMethodField()
    stalls = serializers.SerializerMethodField()

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "assigned_at", "drop_off"]
        read_only_fields = fields

    def _is_mine(self, delivery) -> bool:
        return delivery.courier_id is not None and delivery.courier_id == self.context.get("courier_id")

    @extend_schema_field(DropOffSerializer(allow_null=True))
    def get_drop_off(self, delivery):
        return DropOffSerializer(delivery.order).data if self._is_mine(delivery) else None

    @extend_schema_field(DeliveryStallSerializer(many=True))
    def get_stalls(self, delivery):
        serializer = DeliveryStallSerializer if self._is_mine(delivery) else JobStallSerializer
        return serializer(delivery.stops.all(), many=True).data
