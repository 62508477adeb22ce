"""The shopper's API: carts (`cart/`), the fee before placing (`orders/quote/`), placing with an
Idempotency-Key (`orders/`), the orders and their cancellation. The same services as the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from orders.api.serializers import CartSerializer, OrderSerializer
from orders.errors import OrderError
from orders.models import Cart, CartItem, Kelurahan, Order
from orders.selectors import cart_list_for_shopper, cart_view, order_list_for_shopper
from orders.services.cart import cart_add, cart_item_remove, cart_item_set
from orders.services.checkout import DeliveryDetails, delivery_windows, order_place, order_quote
from orders.services.orders import order_cancel
from vendors.api.products import QuantityApiField

CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="A conflict: stock_short (with `items`: product id -> message), cart_empty (already "
    "placed, e.g. from another tab), cart_changed, invalid_transition, or busy (with Retry-After)",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    description="Any unique string up to 64 characters per checkout attempt: a repeat returns the first "
    "order (200) and changes nothing",
)


def _stock_short(error: OrderError) -> Response:
    items = {str(pk): row["quantity"] for pk, row in error.rows.items()}
    return Response(
        {"detail": error.message, "code": error.code, "items": items}, status=status.HTTP_409_CONFLICT
    )


# --- Carts ------------------------------------------------------------------------------------------


class CartAddSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    quantity = QuantityApiField(max_digits=12, decimal_places=3, help_text="In the product's step")


class CartItemChangeSerializer(serializers.Serializer):
    quantity = QuantityApiField(max_digits=12, decimal_places=3, help_text="0 removes the line")


def _cart_answer(cart: Cart, code=status.HTTP_200_OK) -> Response:
    return Response(CartSerializer(cart_view(cart)).data, status=code)


@extend_schema(tags=["cart"])
@extend_schema_view(
    list=extend_schema(responses={200: CartSerializer(many=True)}),
    create=extend_schema(
        request=CartAddSerializer,
        responses={201: CartSerializer, 400: VALIDATION_FAILED, 404: NOT_FOUND, 409: CONFLICT},
        description="Add a product on sale to the cart of its market (added to a line already there).",
    ),
)
class CartViewSet(viewsets.GenericViewSet):
    """The caller's carts, one per market, each by stall with its lines flagged when they cannot be
    ordered."""

    queryset = Cart.objects.none()
    serializer_class = CartSerializer

    def list(self, request):
        page = self.paginate_queryset(cart_list_for_shopper(shopper=request.user, session=None))
        return self.get_paginated_response([CartSerializer(cart_view(cart)).data for cart in page])

    def create(self, request):
        data = CartAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = cart_add(
            shopper=request.user,
            session=None,
            product_id=data.validated_data["product"],
            quantity=data.validated_data["quantity"],
        )
        return _cart_answer(item.cart, status.HTTP_201_CREATED)


@extend_schema(tags=["cart"])
@extend_schema_view(
    partial_update=extend_schema(
        request=CartItemChangeSerializer,
        responses={200: CartSerializer, 400: VALIDATION_FAILED, 404: NOT_FOUND, 409: CONFLICT},
    ),
    destroy=extend_schema(responses={200: CartSerializer, 404: NOT_FOUND}),
)
class CartItemViewSet(viewsets.GenericViewSet):
    """A line of one of the caller's carts: change its quantity, or remove it; answers the cart."""

    queryset = CartItem.objects.none()
    serializer_class = CartSerializer
    lookup_value_regex = r"\d+"

    def _cart_of(self, pk) -> Cart:
        cart = Cart.objects.filter(items__pk=pk, shopper=self.request.user).select_related("market__region")
        found = cart.first()
        if found is None:
            raise Http404
        return found

    def partial_update(self, request, pk=None):
        cart = self._cart_of(pk)
        data = CartItemChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart_item_set(
            shopper=request.user, session=None, item_id=pk, quantity=data.validated_data["quantity"]
        )
        return _cart_answer(cart)

    def destroy(self, request, pk=None):
        cart = self._cart_of(pk)
        cart_item_remove(shopper=request.user, session=None, item_id=pk)
        return _cart_answer(cart)


# --- Checkout and orders -----------------------------------------------------------------------------

COORDINATE = {"max_digits": 9, "decimal_places": 6, "required": False, "allow_null": True}


class DeliverySerializer(serializers.Serializer):
    cart = serializers.IntegerField(min_value=1, help_text="The id of one of the caller's carts")
    kelurahan = serializers.IntegerField(min_value=1, help_text="One of kelurahan/?market=")
    latitude = serializers.DecimalField(min_value=-90, max_value=90, **COORDINATE)
    longitude = serializers.DecimalField(min_value=-180, max_value=180, **COORDINATE)

    def validate(self, attrs):
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            raise serializers.ValidationError(
                {"longitude": ["Give both coordinates of the pin, or neither."]}
            )
        return attrs


class PlaceSerializer(DeliverySerializer):
    street = serializers.CharField(max_length=200)
    landmark = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    recipient_name = serializers.CharField(max_length=150)
    recipient_whatsapp = serializers.CharField(max_length=30, help_text="0812…, 62812… or +62812…")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    change_for = serializers.IntegerField(
        min_value=0, max_value=100_000_000, required=False, allow_null=True, help_text="Bring change for Rp …"
    )
    deliver_from = serializers.DateTimeField(
        required=False, allow_null=True, help_text="One of the quote's `windows`; empty: as soon as possible"
    )


class QuoteSerializer(serializers.Serializer):
    fee = serializers.IntegerField()
    distance_km = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    explanation = serializers.CharField(help_text="e.g. 3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000")
    items_total = serializers.IntegerField()
    total = serializers.IntegerField(help_text="Items and fee: what the courier collects in cash")
    windows = serializers.ListField(child=serializers.DateTimeField(), help_text="Delivery times to choose")


def _details(data: dict) -> DeliveryDetails:
    fields = {key: value for key, value in data.items() if key not in ("cart", "kelurahan")}
    return DeliveryDetails(kelurahan_id=data["kelurahan"], **fields)


@extend_schema(tags=["orders"])
@extend_schema_view(
    list=extend_schema(responses={200: OrderSerializer(many=True)}),
    retrieve=extend_schema(responses={200: OrderSerializer, 404: NOT_FOUND}),
)
class OrderViewSet(viewsets.GenericViewSet):
    """The caller's orders, newest first: placing, reading and cancelling them."""

    queryset = Order.objects.none()
    serializer_class = OrderSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return order_list_for_shopper(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OrderSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(OrderSerializer(self.get_object()).data)

    @extend_schema(
        parameters=[IDEMPOTENCY_KEY],
        request=PlaceSerializer,
        responses={
            201: OrderSerializer,
            200: OpenApiResponse(
                OrderSerializer, description="The first order of a repeated Idempotency-Key"
            ),
            400: VALIDATION_FAILED,
            404: NOT_FOUND,
            409: CONFLICT,
        },
        description="Place one of the caller's carts as an order paid in cash on delivery. Refused with "
        "400 `cod_limit` beyond the limits for shoppers with no delivered order, `outside_area`, "
        "`phone_unverified`, `market_closed`.",
    )
    def create(self, request):
        data = PlaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            order = order_place(
                shopper=request.user,
                cart_id=data.validated_data["cart"],
                details=_details(data.validated_data),
                idempotency_key=request.headers.get("Idempotency-Key", ""),
            )
        except OrderError as error:
            if error.code == "stock_short":
                return _stock_short(error)
            raise
        if order.repeated:
            return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)
        # A new order comes with its parts and items as reading it back would give them.
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DeliverySerializer,
        responses={200: QuoteSerializer, 400: VALIDATION_FAILED, 404: NOT_FOUND},
        description="The delivery fee and the total of a cart to an address, before placing it.",
    )
    @action(detail=False, methods=["post"])
    def quote(self, request):
        data = DeliverySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = Cart.objects.select_related("market__region").filter(
            pk=data.validated_data["cart"], shopper=request.user
        )
        cart = cart.first()
        if cart is None:
            raise Http404
        details = DeliveryDetails(
            kelurahan_id=data.validated_data["kelurahan"],
            street="",
            recipient_name="",
            recipient_whatsapp="",
            latitude=data.validated_data.get("latitude"),
            longitude=data.validated_data.get("longitude"),
        )
        quote = order_quote(market=cart.market, details=details)
        items_total = cart_view(cart).items_total
        answer = {
            "fee": quote.fee,
            "distance_km": quote.distance_km,
            "explanation": quote.explanation,
            "items_total": items_total,
            "total": items_total + quote.fee,
            "windows": delivery_windows(cart.market),
        }
        return Response(QuoteSerializer(answer).data)

    @extend_schema(
        request=None,
        responses={200: OrderSerializer, 404: NOT_FOUND, 409: CONFLICT},
        description="Cancel while no stall has accepted (409 invalid_transition after).",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        order_cancel(order_id=order.pk, shopper=request.user)
        return Response(OrderSerializer(self.get_queryset().get(pk=order.pk)).data)


class KelurahanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kelurahan
        fields = ["id", "name", "district", "latitude", "longitude", "flat_fee"]
        read_only_fields = fields


@extend_schema(tags=["orders"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("market", str, required=True, description="A market's slug")],
        responses={200: KelurahanSerializer(many=True)},
    )
)
class KelurahanViewSet(viewsets.GenericViewSet):
    """The kelurahan and desa a market delivers to."""

    queryset = Kelurahan.objects.none()
    serializer_class = KelurahanSerializer

    def list(self, request):
        rows = Kelurahan.objects.filter(
            region__markets__slug=request.query_params.get("market", ""), delivers=True
        ).order_by("name", "district", "pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(KelurahanSerializer(page, many=True).data)
