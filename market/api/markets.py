from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from core.api import NOT_FOUND
from market.models import Market, MarketClosure, MarketHours, Region
from market.selectors import market_list_public, market_opening_state


class RegionSummarySerializer(serializers.ModelSerializer):
    timezone_label = serializers.CharField(read_only=True, help_text="WIB, WITA or WIT")

    class Meta:
        model = Region
        fields = [
            "slug",
            "name",
            "province",
            "timezone",
            "timezone_label",
            "tariff_base",
            "tariff_per_km",
            "tariff_min",
            "tariff_max",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$"})
class WallClockTimeField(serializers.TimeField):
    """A time of day on the region's clock, "04:30": no offset, so not OpenAPI's `time` format."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


class MarketHoursSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(read_only=True, help_text="0 Monday … 6 Sunday")
    opens = WallClockTimeField(help_text="Opening time in the region's time zone")
    closes = WallClockTimeField(help_text="Closing time; at or before `opens`: the next day")

    class Meta:
        model = MarketHours
        fields = ["weekday", "opens", "closes"]
        read_only_fields = fields


class MarketClosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = MarketClosure
        fields = ["date", "reason"]
        read_only_fields = fields


class OpeningStateSerializer(serializers.Serializer):
    """market_opening_state() now: `known` false when the market has no hours; open with `closes_at`,
    or closed with the next `opens_at` (null when none is within a month)."""

    known = serializers.BooleanField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    opens_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closes_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MarketSerializer(serializers.ModelSerializer):
    region = RegionSummarySerializer(read_only=True)
    active_stall_count = serializers.IntegerField(read_only=True)
    opening_hours = MarketHoursSerializer(
        source="hours", many=True, read_only=True, help_text="Weekdays without a row are closed days"
    )
    closed_days = MarketClosureSerializer(
        source="closures", many=True, read_only=True, help_text="Closed days from yesterday on"
    )
    opening_state = serializers.SerializerMethodField()

    class Meta:
        model = Market
        fields = [
            "slug",
            "name",
            "region",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "closed_days",
            "opening_state",
            "desk_whatsapp",
            "description",
            "active_stall_count",
        ]
        read_only_fields = fields

    @extend_schema_field(OpeningStateSerializer)
    def get_opening_state(self, market) -> dict:
        return OpeningStateSerializer(market_opening_state(market)).data


class MarketRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class CategoryRefSerializer(serializers.Serializer):
    """A category or commodity: its slug (for filters) and its name in the caller's language."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class CommodityRefSerializer(CategoryRefSerializer):
    standard_unit = serializers.CharField(read_only=True, help_text="Prices compare per this unit")


@extend_schema(tags=["catalogue"])
@extend_schema_view(retrieve=extend_schema(responses={200: MarketSerializer, 404: NOT_FOUND}))
class MarketViewSet(viewsets.ReadOnlyModelViewSet):
    """Markets open for orders, with their region's time zone and delivery tariff."""

    queryset = Market.objects.none()
    serializer_class = MarketSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        return market_list_public()
