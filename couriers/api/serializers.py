"""What the couriers API answers about jobs and deliveries: the board's view (no address, no phone
numbers), and the courier's own delivery with where to go and whom to call."""

from django.utils.text import capfirst
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from couriers.models import Delivery, DeliveryStatus, DeliveryStop
from vendors.api.catalogue import StallContactSerializer
from vendors.selectors import stall_contact

FLOAT = {"read_only": True, "allow_null": True}
DROP_OFF_KM = "Market to drop-off; null for a flat-fee kelurahan"
TO_MARKET = "From the courier's shared location to the market; null without one"
OVER_LIMIT = "Cannot be taken: above the cash limit"
_STAMP = serializers.DateTimeField()
# A job's fields, in the order the board's answers give them.
JOB_FIELDS = [
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


def _as_model(name: str) -> dict:
    """The label and help a ModelSerializer gives the read-only field of Delivery's `name`."""
    field = Delivery._meta.get_field(name)
    return {"read_only": True, "label": capfirst(field.verbose_name), "help_text": field.help_text or None}


class JobStallSerializer(serializers.Serializer):
    # couriers.selectors.STOP_STALL's, of a stop or of a job's `stalls` (the board's)
    id = serializers.IntegerField(source="stall_id", read_only=True)
    name = serializers.CharField(source="stall_name", read_only=True)
    number = serializers.CharField(source="stall_number", read_only=True)
    cash_due = serializers.IntegerField(read_only=True, help_text="What the courier pays the stall")
    picked_up_at = serializers.DateTimeField(read_only=True)


# A plain serializer of declared fields over the board's rows: a ModelSerializer built its fields from
# the model at each answer.
class JobSerializer(serializers.Serializer):
    """A job as the board shows it: the drop-off's kelurahan and distance, not its address."""

    id = serializers.IntegerField(read_only=True)
    order = serializers.CharField(source="order_number", read_only=True)
    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    market = serializers.CharField(source="market_slug", read_only=True)
    market_name = serializers.CharField(read_only=True)
    kelurahan = serializers.CharField(read_only=True)
    distance_km = serializers.FloatField(help_text=DROP_OFF_KM, **FLOAT)
    distance_to_market = serializers.FloatField(help_text=TO_MARKET, **FLOAT)
    fee = serializers.IntegerField(**_as_model("fee"))
    cash_to_carry = serializers.IntegerField(**_as_model("cash_to_carry"))
    over_cash_limit = serializers.BooleanField(read_only=True, help_text=OVER_LIMIT)
    opened_at = serializers.DateTimeField(**_as_model("opened_at"))
    stalls = JobStallSerializer(many=True, read_only=True)

    def to_representation(self, job: dict) -> dict:
        # What the fields above answer (a test compares), written out: their calls, a dozen a job and
        # five a stall, were most of the list's answer. The fields stay what the schema describes.
        stamp = _STAMP.to_representation
        return {
            "id": job["id"],
            "order": job["order_number"],
            "status": job["status"],
            "market": job["market_slug"],
            "market_name": job["market_name"],
            "kelurahan": job["kelurahan"],
            "distance_km": None if job["distance_km"] is None else float(job["distance_km"]),
            "distance_to_market": job["distance_to_market"],
            "fee": job["fee"],
            "cash_to_carry": job["cash_to_carry"],
            "over_cash_limit": job["over_cash_limit"],
            "opened_at": stamp(job["opened_at"]),
            "stalls": [
                {
                    "id": stall["stall_id"],
                    "name": stall["stall_name"],
                    "number": stall["stall_number"],
                    "cash_due": stall["cash_due"],
                    "picked_up_at": stamp(stall["picked_up_at"]),
                }
                for stall in job["stalls"]
            ],
        }


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


class JobDetailSerializer(serializers.ModelSerializer):
    """A job, and once it is the caller's, where to go and whom to call (`drop_off`, the stalls'
    contacts); both null on a job still open."""

    order = serializers.CharField(source="order.number", read_only=True)
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    market_name = serializers.CharField(source="market.name", read_only=True)
    kelurahan = serializers.CharField(source="order.kelurahan", read_only=True)
    distance_km = serializers.FloatField(source="order.distance_km", help_text=DROP_OFF_KM, **FLOAT)
    distance_to_market = serializers.FloatField(help_text=TO_MARKET, **FLOAT)
    over_cash_limit = serializers.BooleanField(read_only=True, help_text=OVER_LIMIT)
    drop_off = serializers.SerializerMethodField()
    stalls = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = [*JOB_FIELDS, "assigned_at", "drop_off"]
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
