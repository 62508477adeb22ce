import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import filters, permissions, serializers, viewsets

from vendors.models import Product, Trader
from vendors.selectors import product_list_public, stall_list_public


class MarketRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class StallSerializer(serializers.ModelSerializer):
    market = MarketRefSerializer(read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    product_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Trader
        fields = [
            "id",
            "stall_name",
            "stall_number",
            "owner_name",
            "description",
            "market",
            "group",
            "product_count",
        ]
        read_only_fields = fields


class StallRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trader
        fields = ["id", "stall_name", "stall_number"]
        read_only_fields = fields


class ProductSerializer(serializers.ModelSerializer):
    stall = StallRefSerializer(source="trader", read_only=True)
    market = MarketRefSerializer(source="trader.market", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commodity = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "description",
            "price",
            "unit",
            "step",
            "stock",
            "negotiable",
            "stall",
            "market",
            "category",
            "commodity",
            "commodity_factor",
            "thumbnail",
            "thumbnail_width",
            "thumbnail_height",
        ]
        read_only_fields = fields


class StallFilter(django_filters.FilterSet):
    market = django_filters.CharFilter(field_name="market__slug", help_text="Market slug")

    class Meta:
        model = Trader
        fields = ["market"]


class ProductFilter(django_filters.FilterSet):
    market = django_filters.CharFilter(field_name="trader__market__slug", help_text="Market slug")
    region = django_filters.CharFilter(field_name="trader__market__region__slug", help_text="Region slug")
    category = django_filters.CharFilter(field_name="category__slug", help_text="Category slug")
    commodity = django_filters.CharFilter(field_name="commodity__slug", help_text="Commodity slug")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the product or commodity name"
    )

    class Meta:
        model = Product
        fields = ["market", "region", "category", "commodity", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.matching(value)


@extend_schema(tags=["catalogue"])
class StallViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved, active stalls of open markets."""

    queryset = Trader.objects.none()
    serializer_class = StallSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = StallFilter

    def get_queryset(self):
        return stall_list_public()


@extend_schema(tags=["catalogue"])
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue: products on sale at active stalls, to search and compare prices."""

    queryset = Product.objects.none()
    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter]
    filterset_class = ProductFilter
    ordering_fields = ["price", "name"]
    ordering = ["name", "id"]

    def get_queryset(self):
        return product_list_public()
