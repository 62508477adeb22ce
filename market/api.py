from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets

from market.models import Market, Region
from market.selectors import market_list_public


class RegionSummarySerializer(serializers.ModelSerializer):
    timezone_label = serializers.CharField(read_only=True)

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


@extend_schema(tags=["catalogue"])
class MarketViewSet(viewsets.ReadOnlyModelViewSet):
    """Markets open for orders, with their region's time zone and delivery tariff."""

    queryset = Market.objects.none()
    serializer_class = MarketSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        return market_list_public()
