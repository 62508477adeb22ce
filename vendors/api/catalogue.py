import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from core.api import NOT_FOUND, StableOrderingFilter
from market.api.markets import CategoryRefSerializer, CommodityRefSerializer, MarketRefSerializer
from vendors.models import Product, Trader
from vendors.selectors import product_list_public, stall_list_public


class StallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="stall_name", read_only=True)
    market = MarketRefSerializer(read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    product_count = serializers.IntegerField(read_only=True, help_text="Products on sale")

    class Meta:
        model = Trader
        fields = [
            "id",
            "name",
            "stall_number",
            "owner_name",
            "description",
            "market",
            "group",
            "product_count",
        ]
        read_only_fields = fields


class StallRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="stall_name", read_only=True)

    class Meta:
        model = Trader
        fields = ["id", "name", "stall_number"]
        read_only_fields = fields


class ProductSerializer(serializers.ModelSerializer):
    stall = StallRefSerializer(source="trader", read_only=True)
    market = MarketRefSerializer(source="trader.market", read_only=True)
    category = CategoryRefSerializer(read_only=True)
    commodity = CommodityRefSerializer(read_only=True, allow_null=True)
    thumbnail = serializers.ImageField(read_only=True, allow_null=True, help_text="URL, or null")

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
    stall = django_filters.NumberFilter(field_name="trader", help_text="Stall id")
    category = django_filters.CharFilter(field_name="category__slug", help_text="Category slug")
    commodity = django_filters.CharFilter(field_name="commodity__slug", help_text="Commodity slug")
    search = django_filters.CharFilter(
        method="filter_search", help_text="Part of the product or commodity name (Indonesian or English)"
    )

    class Meta:
        model = Product
        fields = ["market", "region", "stall", "category", "commodity", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.matching(value)


@extend_schema(tags=["catalogue"])
@extend_schema_view(retrieve=extend_schema(responses={200: StallSerializer, 404: NOT_FOUND}))
class StallViewSet(viewsets.ReadOnlyModelViewSet):
    """Approved, active stalls of open markets."""

    queryset = Trader.objects.none()
    serializer_class = StallSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    filterset_class = StallFilter

    def get_queryset(self):
        return stall_list_public().order_by("market__name", "stall_number", "pk")


@extend_schema(tags=["catalogue"])
@extend_schema_view(retrieve=extend_schema(responses={200: ProductSerializer, 404: NOT_FOUND}))
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue: products on sale at active stalls, to search and compare prices."""

    queryset = Product.objects.none()
    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ProductFilter
    ordering_fields = ["price", "name"]
    ordering = ["name"]

    def get_queryset(self):
        return product_list_public()
