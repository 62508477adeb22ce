"""The trader's API: their stalls and products, also used by a coordinator acting for a member stall
(`?trader=<stall id>`). Thin: the same services and scoping as the pages."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.numbers import NumberError, parse_quantity, parse_rupiah
from core.api import NOT_FOUND, VALIDATION_FAILED, VALIDATION_FAILED_SCHEMA
from core.models import max_length_of
from core.parsers import MultiPartParser
from market.models import Category, Commodity
from vendors.api.catalogue import StallRefSerializer
from vendors.errors import VendorError
from vendors.forms.products import PRICE_MESSAGES, QUANTITY_MESSAGES, STOCK_MESSAGES
from vendors.models import MAX_PRICE, Product, Trader, Unit
from vendors.permissions import NO_STALL, ActsForAStall, stall_get_for_actor
from vendors.selectors import product_list_for_actor, stall_list_for_actor
from vendors.services.products import (
    PRICE_CONFIRM,
    QuickRow,
    product_create,
    product_quick_update,
    product_remove,
    product_update,
)

TRADER_PARAMETER = OpenApiParameter(
    "trader",
    int,
    description="Stall id (one of trader/stalls/); may be left out by a caller with a single stall",
)
STOCK_OUT = serializers.DecimalField(max_digits=12, decimal_places=3, coerce_to_string=False)


class TraderStallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="stall_name")
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.CharField(source="group.name", allow_null=True, default=None)
    own = serializers.SerializerMethodField(help_text="The caller's own stall (false: a member's)")

    class Meta:
        model = Trader
        fields = ["id", "name", "stall_number", "owner_name", "market", "group", "own"]
        read_only_fields = fields

    def get_own(self, stall) -> bool:
        return stall.user_id == self.context["request"].user.pk


class RupiahApiField(serializers.IntegerField):
    """Whole rupiah: a JSON integer, or a string as a person types it (accounts.numbers: "45.000",
    "Rp 45.000", "45rb")."""

    default_error_messages = PRICE_MESSAGES

    def __init__(self, **kwargs):
        super().__init__(**{"min_value": 1, "max_value": MAX_PRICE, **kwargs})

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str):
            try:
                return parse_rupiah(data)
            except NumberError as error:
                self.fail(error.code)
        return super().to_internal_value(data)


class QuantityApiField(serializers.DecimalField):
    """A quantity: a JSON number, or a string as a person types it (accounts.numbers: "1.000" is one
    thousand, "12,5" twelve and a half)."""

    default_error_messages = QUANTITY_MESSAGES

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str) and data.strip():
            try:
                data = parse_quantity(data)
            except NumberError:
                self.fail("invalid")
        return super().to_internal_value(data)


CONFIRM_PRICE_HELP = (
    "true to save a price under a tenth or over ten times the usual one (see code price_confirm)"
)


class TraderProductSerializer(serializers.ModelSerializer):
    stall = StallRefSerializer(source="trader", read_only=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commodity = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    photo = serializers.ImageField(read_only=True, allow_null=True, help_text="URL, or null")
    thumbnail = serializers.ImageField(read_only=True, allow_null=True, help_text="URL, or null")

    class Meta:
        model = Product
        fields = [
            "id",
            "stall",
            "name",
            "description",
            "category",
            "commodity",
            "commodity_factor",
            "unit",
            "step",
            "price",
            "stock",
            "negotiable",
            "available",
            "photo",
            "photo_width",
            "photo_height",
            "thumbnail",
            "thumbnail_width",
            "thumbnail_height",
            "updated_at",
        ]
        read_only_fields = fields
        # Numbers, not strings: a string "8.000" sent back would read as eight thousand.
        extra_kwargs = {name: {"coerce_to_string": False} for name in ("commodity_factor", "step", "stock")}


class ProductInputSerializer(serializers.Serializer):
    """A product as the trader enters it. Prices and quantities may be strings as people type them."""

    name = serializers.CharField(max_length=150)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=max_length_of(Product, "description")
    )
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="Left out on creation: the commodity's category",
    )
    commodity = serializers.SlugRelatedField(
        slug_field="slug", queryset=Commodity.objects.all(), required=False, allow_null=True
    )
    commodity_factor = QuantityApiField(
        max_digits=10,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        required=False,
        allow_null=True,
        help_text="Standard units per unit; derived (and ignored here) for kg, ons and gram",
    )
    unit = serializers.ChoiceField(
        choices=Unit.choices, required=False, help_text="Left out on creation: the commodity's standard unit"
    )
    step = QuantityApiField(
        max_digits=8,
        decimal_places=3,
        min_value=Decimal("0.001"),
        required=False,
        allow_null=True,
        help_text="null: the unit's default",
    )
    price = RupiahApiField()
    stock = QuantityApiField(max_digits=12, decimal_places=3, min_value=0, error_messages=STOCK_MESSAGES)
    negotiable = serializers.BooleanField(required=False)
    available = serializers.BooleanField(required=False)
    confirm_price = serializers.BooleanField(required=False, write_only=True, help_text=CONFIRM_PRICE_HELP)


class PhotoInputSerializer(serializers.Serializer):
    photo = serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB, 24 megapixels and 8:1")


class QuickRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    price = RupiahApiField()
    stock = QuantityApiField(max_digits=12, decimal_places=3, min_value=0, error_messages=STOCK_MESSAGES)
    expected_stock = serializers.DecimalField(
        max_digits=12,
        decimal_places=3,
        help_text="The stock the caller last read from this API, as it came (not as a person types it)",
    )
    confirm_price = serializers.BooleanField(required=False, default=False, help_text=CONFIRM_PRICE_HELP)


class QuickUpdateSerializer(serializers.Serializer):
    rows = QuickRowSerializer(many=True, allow_empty=False)


# An unusual price is refused until the request says "confirm_price": true.
INVALID_OR_PRICE_CONFIRM = OpenApiResponse(
    {
        "anyOf": [
            *VALIDATION_FAILED_SCHEMA["anyOf"],
            {
                "type": "object",
                "properties": {
                    "price": {"type": "array", "items": {"type": "string"}},
                    "code": {"type": "string", "enum": [PRICE_CONFIRM]},
                },
                "required": ["price", "code"],
            },
        ]
    },
    description="Messages per field, or an unusual price to confirm: "
    '{"price": ["..."], "code": "price_confirm"}; send it again with "confirm_price": true',
)


@extend_schema(tags=["trader"], responses={200: TraderStallSerializer(many=True), 403: NO_STALL})
class TraderStallViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The stalls the caller may act for: their own, and as coordinator their group's members."""

    queryset = Trader.objects.none()
    serializer_class = TraderStallSerializer
    permission_classes = [ActsForAStall]
    search_fields = ["stall_name", "owner_name", "stall_number"]
    ordering_fields = ["stall_name", "stall_number"]

    def get_queryset(self):
        return stall_list_for_actor(self.request.user)


@extend_schema(tags=["trader"])
@extend_schema_view(
    list=extend_schema(parameters=[TRADER_PARAMETER], responses={200: TraderProductSerializer(many=True)}),
    create=extend_schema(
        parameters=[TRADER_PARAMETER],
        request=ProductInputSerializer,
        responses={
            201: TraderProductSerializer,
            400: INVALID_OR_PRICE_CONFIRM,
            403: NO_STALL,
            404: NOT_FOUND,
        },
    ),
    retrieve=extend_schema(responses={200: TraderProductSerializer, 404: NOT_FOUND}),
    partial_update=extend_schema(
        request=ProductInputSerializer(partial=True),
        responses={200: TraderProductSerializer, 400: INVALID_OR_PRICE_CONFIRM, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        description="Takes the product off the stall: archived, never deleted (orders will refer to it).",
        responses={204: None, 404: NOT_FOUND},
    ),
)
class TraderProductViewSet(viewsets.ModelViewSet):
    """A stall's products as its trader (or the group's coordinator) manages them, hidden ones included."""

    queryset = Product.objects.none()
    serializer_class = TraderProductSerializer
    permission_classes = [ActsForAStall]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        products = product_list_for_actor(self.request.user)
        if self.action == "list" and "trader" in self.request.query_params:
            products = products.filter(trader=self._stall())
        return products.order_by("name", "pk")

    def _stall(self) -> Trader:
        """The stall named by ?trader=, or the caller's only stall (400 if they have several)."""
        trader_id = self.request.query_params.get("trader")
        if trader_id is None:
            stalls = list(stall_list_for_actor(self.request.user)[:2])
            if len(stalls) != 1:
                raise ValidationError({"trader": [_("Choose the stall: ?trader=<stall id>.")]})
            return stalls[0]
        return stall_get_for_actor(self.request.user, trader_id)

    def create(self, request, *args, **kwargs):
        stall = self._stall()
        data = ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            product = product_create(actor=request.user, trader=stall, **data.validated_data)
        except VendorError as error:
            return _price_confirm_or_raise(error)
        return Response(self.get_serializer(product).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        product = self.get_object()
        data = ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            product = product_update(actor=request.user, product=product, **data.validated_data)
        except VendorError as error:
            return _price_confirm_or_raise(error)
        return Response(self.get_serializer(product).data)

    def destroy(self, request, *args, **kwargs):
        product_remove(actor=request.user, product=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request={"multipart/form-data": PhotoInputSerializer},
        responses={200: TraderProductSerializer, 400: VALIDATION_FAILED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photo(self, request, pk=None):
        """Replace the product's photo; it is checked, turned upright, resized and stripped of EXIF."""
        product = self.get_object()
        data = PhotoInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = product_update(actor=request.user, product=product, photo=data.validated_data["photo"])
        return Response(self.get_serializer(product).data)

    @extend_schema(
        parameters=[TRADER_PARAMETER],
        request=QuickUpdateSerializer,
        responses={
            200: TraderProductSerializer(many=True),
            400: OpenApiResponse(description='Per-row messages: {"rows": [{}, {"price": ["..."]}]}'),
            409: OpenApiResponse(
                description="Stock changed since the caller saw it: detail, code `stock_changed`, and rows "
                "with each refused row's message and `current_stock`"
            ),
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """The quick update: new prices and stock for several products of one stall, all or nothing."""
        stall = self._stall()
        data = QuickUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = data.validated_data["rows"]
        quick_rows = [
            QuickRow(row["id"], row["price"], row["stock"], row["expected_stock"], row["confirm_price"])
            for row in rows
        ]
        try:
            products = product_quick_update(actor=request.user, trader=stall, rows=quick_rows)
        except VendorError as error:
            if not error.rows:
                raise
            return _row_errors(error, [row["id"] for row in rows])
        return Response(self.get_serializer(products, many=True).data)


def _price_confirm_or_raise(error: VendorError) -> Response:
    """An unusual price: 400 with the warning on the price and code price_confirm; any other refusal
    goes on to the API's error handling."""
    if error.code != PRICE_CONFIRM:
        raise error
    return Response({"price": [error.message], "code": PRICE_CONFIRM}, status=status.HTTP_400_BAD_REQUEST)


def _row_errors(error: VendorError, ids: list[int]) -> Response:
    """The service's per-row problems, aligned with the rows sent ({} for a row without a problem); a row
    whose price waits for a confirmation carries code price_confirm."""
    rows = []
    for product_id in ids:
        problems = {field: [message] for field, message in error.rows.get(product_id, {}).items()}
        if product_id in error.current_stock:
            problems["current_stock"] = STOCK_OUT.to_representation(error.current_stock[product_id])
        if product_id in error.price_confirm:
            problems["code"] = PRICE_CONFIRM
        rows.append(problems)
    if error.code == "stock_changed":
        body = {"detail": error.message, "code": error.code, "rows": rows}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if error.code == PRICE_CONFIRM:
        return Response(
            {"detail": error.message, "code": error.code, "rows": rows}, status=status.HTTP_400_BAD_REQUEST
        )
    return Response({"rows": rows}, status=status.HTTP_400_BAD_REQUEST)
