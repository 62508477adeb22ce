from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from core.api import NOT_FOUND
from market.models import Market, Region
from market.selectors import market_list_public


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


class MarketSerializer(serializers.ModelSerializer):
    region = RegionSummarySerializer(read_only=True)
    active_stall_count = serializers.IntegerField(read_only=True)

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
            "description",
            "active_stall_count",
        ]
        read_only_fields = fields


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
