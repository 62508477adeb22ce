import hashlib

import django_filters
from django.db.models import F
from django.http import Http404
from django.templatetags.static import static
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.api import NOT_FOUND, StableOrderingFilter
from core.pagination import KeysFirstPaginator
from market.api.markets import CategoryRefSerializer, CommodityRefSerializer, MarketRefSerializer
from market.storefront import HOME, fragment_get, fragment_set
from vendors.models import Product, Trader
from vendors.selectors import (
    product_get_public,
    product_list_public,
    product_list_same_commodity,
    product_search,
    stall_contact,
    stall_list_public,
)


class StallContactSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["coordinator", "own", "desk"],
        read_only=True,
        help_text="The group's coordinator, the trader's own published number, or the market's desk",
    )
    whatsapp = serializers.CharField(source="phone", read_only=True)
    name = serializers.CharField(read_only=True)


class StallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="stall_name", read_only=True)
    market = MarketRefSerializer(read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    product_count = serializers.IntegerField(read_only=True, help_text="Products on sale")
    contact = serializers.SerializerMethodField(help_text="Whom shoppers message on WhatsApp, or null")

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
            "contact",
        ]
        read_only_fields = fields

    @extend_schema_field(StallContactSerializer(allow_null=True))
    def get_contact(self, stall) -> dict | None:
        contact = stall_contact(stall)
        return StallContactSerializer(contact).data if contact else None


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
    unit_price_standard = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Rupiah per the commodity's standard_unit (price ÷ commodity_factor); null without one",
    )
    sold_out = serializers.BooleanField(
        source="is_sold_out", read_only=True, help_text="Stock is 0: listed, but it cannot be ordered"
    )
    orderable = serializers.SerializerMethodField(help_text="Whether a shopper may order it now")
    illustration = serializers.SerializerMethodField(
        help_text="URL of the picture to show without a photo: the staple's, else the category's"
    )

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
            "unit_price_standard",
            "sold_out",
            "orderable",
            "thumbnail",
            "thumbnail_width",
            "thumbnail_height",
            "illustration",
        ]
        read_only_fields = fields

    def get_orderable(self, product) -> bool:
        return not product.is_sold_out

    @extend_schema_field(OpenApiTypes.URI)
    def get_illustration(self, product) -> str:
        url = static(product.illustration.path)
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ProductDetailSerializer(ProductSerializer):
    """A product with its photo and the other stalls of its market selling the same staple."""

    photo = serializers.ImageField(read_only=True, allow_null=True, help_text="URL, or null")
    same_commodity = ProductSerializer(
        source="others", many=True, read_only=True, help_text="Cheapest per standard unit first"
    )

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "photo", "photo_width", "photo_height", "same_commodity"]
        read_only_fields = fields


class CatalogueOrdering(StableOrderingFilter):
    """`?ordering=` with sold-out products last and products with no standard-unit price after the
    others when ordering by it."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view) or []
        return queryset.order_by("sold_out", *(_nulls_last(field) for field in ordering))


def _nulls_last(field: str):
    name = field.removeprefix("-")
    if name != "unit_price_standard":
        return field
    return F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)


class KeysFirstPagination(PageNumberPagination):
    """The API's pages as every list has them (count, next, previous, results), read a page's keys
    first, counted in the same query (core.pagination): a big market's thousands of products are
    filtered and sorted once, and only a page of them read whole."""

    django_paginator_class = KeysFirstPaginator


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
        return product_search(queryset, value)


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
@extend_schema_view(retrieve=extend_schema(responses={200: ProductDetailSerializer, 404: NOT_FOUND}))
class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The public catalogue: products on sale at active stalls, to search and compare prices. Sold-out
    products are listed last and marked `sold_out`; `ordering=unit_price_standard` compares per kilo."""

    queryset = Product.objects.none()
    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = KeysFirstPagination
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, CatalogueOrdering]
    filterset_class = ProductFilter
    ordering_fields = ["price", "name", "unit_price_standard"]
    ordering = ["name"]

    def get_queryset(self):
        return product_list_public()

    def list(self, request, *args, **kwargs):
        # A page as last answered while no market changed (market.storefront's home version, which
        # every market's change bumps): the same page for everyone, in their language.
        parts = [get_language(), request.build_absolute_uri()]
        key = "storefront:api-products:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        version, data = fragment_get(HOME, key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            fragment_set(key, version, data)
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        try:
            product = product_get_public(kwargs["pk"])
        except (Product.DoesNotExist, ValueError):
            raise Http404 from None
        product.others = product_list_same_commodity(product)
        return Response(ProductDetailSerializer(product, context=self.get_serializer_context()).data)
