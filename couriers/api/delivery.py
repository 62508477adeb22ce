"""A taken job in the API: the courier's pickup per stall, handover with the shopper's code and failure
report (`courier/jobs/{id}/pickup/`, `/deliver/`, `/fail/`); the stall's confirmation of the cash
(`trader/pickups/`); the trade office's decisions (`staff/deliveries/`, `/retry/`, `/return/`,
`/unlock/`) and what couriers are owed for returned deliveries (`staff/settlement/`).

Another courier's job, another stall's pickup and another region's delivery are 404; a caller without
the role 403; a move the delivery's status does not allow 409 (also "locked" after too many codes)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from couriers import selectors
from couriers.models import Courier, Delivery, DeliveryStop
from couriers.permissions import NOT_COURIER, IsCourier, courier_of
from couriers.services import delivery as services
from market.permissions import NOT_STAFF, IsRegionStaff
from vendors.permissions import NO_STALL, ActsForAStall

INVALID_MOVE = OpenApiResponse(
    ErrorSerializer,
    description="The delivery's status does not allow this (invalid_transition), picked up or confirmed "
    "already, the handover locked after too many wrong codes (locked), or busy",
)
CASH = {"min_value": 0, "max_value": services.MAX_CASH}


class StopSerializer(serializers.ModelSerializer):
    stall = serializers.CharField(source="trader_order.trader.stall_name", read_only=True)
    stall_number = serializers.CharField(source="trader_order.trader.stall_number", read_only=True)
    cash_mismatch = serializers.BooleanField(read_only=True)

    class Meta:
        model = DeliveryStop
        fields = [
            "id",
            "stall",
            "stall_number",
            "cash_due",
            "picked_up_at",
            "cash_paid",
            "cash_confirmed",
            "confirmed_at",
            "cash_mismatch",
            "returned_at",
        ]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    market = serializers.CharField(source="market.name", read_only=True)
    courier = serializers.CharField(source="courier.user.name", read_only=True, allow_null=True)
    locked = serializers.SerializerMethodField()
    stops = StopSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "order",
            "market",
            "status",
            "courier",
            "fee",
            "cash_to_carry",
            "attempts",
            "wrong_codes",
            "locked",
            "failure_reason",
            "assigned_at",
            "picked_up_at",
            "failed_at",
            "finished_at",
            "stops",
        ]
        read_only_fields = fields

    def get_locked(self, delivery) -> bool:
        return delivery.locked_at is not None


class PickupSerializer(serializers.Serializer):
    stop = serializers.IntegerField(min_value=1, help_text="One of the delivery's stops (its id)")
    cash_paid = serializers.IntegerField(
        **CASH, required=False, help_text="Rp paid to the stall; empty: the cash due, at most that"
    )


class HandoverSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\d{4}$", help_text="The shopper's 4-digit code")


class FailSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="What happened; the shopper and staff read it")


class ConfirmSerializer(serializers.Serializer):
    cash_received = serializers.IntegerField(
        **CASH, required=False, help_text="Rp the stall received; empty: what the courier says"
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="The shopper reads it")
    taken_back = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=50,
        default=list,
        help_text="The stops whose stall takes the goods back into stock",
    )


class PickupListSerializer(StopSerializer):
    order = serializers.CharField(source="delivery.order.number", read_only=True)
    courier = serializers.CharField(source="delivery.courier.user.name", read_only=True)

    class Meta(StopSerializer.Meta):
        fields = ["order", "courier", *StopSerializer.Meta.fields]
        read_only_fields = fields


class SettlementSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    region = serializers.CharField(source="region.name", read_only=True)
    owed = serializers.IntegerField(read_only=True, help_text="Rp paid to stalls for returned deliveries")
    returned = serializers.IntegerField(read_only=True, help_text="Returned deliveries")

    class Meta:
        model = Courier
        fields = ["id", "name", "plate_number", "region", "owed", "returned"]
        read_only_fields = fields


def _move_schema(request, forbidden, responses=None):
    return extend_schema(
        request=request,
        responses={
            200: DeliverySerializer,
            400: VALIDATION_FAILED,
            403: forbidden,
            404: NOT_FOUND,
            409: INVALID_MOVE,
            **(responses or {}),
        },
    )


@extend_schema(tags=["courier"])
class CourierDeliveryViewSet(viewsets.GenericViewSet):
    """The courier's moves on a job they hold: `{id}` is the job's (the delivery's) id."""

    queryset = Delivery.objects.none()
    serializer_class = DeliverySerializer
    permission_classes = [IsCourier]
    lookup_value_regex = r"\d+"

    def _held(self):
        """The caller's delivery `pk` (404 for another courier's), looked up before the body is read."""
        return selectors.delivery_for_courier(self.request.user, self.kwargs["pk"])

    def _answer(self, pk) -> Response:
        return Response(DeliverySerializer(selectors.delivery_for_courier(self.request.user, pk)).data)

    def _courier(self):
        return courier_of(self.request.user)

    @_move_schema(PickupSerializer, NOT_COURIER)
    @action(detail=True, methods=["post"])
    def pickup(self, request, pk=None):
        """Picked up at one stall and paid it; the last stall puts the order on its way."""
        self._held()
        data = PickupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        courier = self._courier()
        services.delivery_stop_pickup(
            courier=courier,
            delivery_id=pk,
            stop_id=data.validated_data["stop"],
            cash_paid=data.validated_data.get("cash_paid"),
        )
        return self._answer(pk)

    @_move_schema(HandoverSerializer, NOT_COURIER)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        """The shopper's code completes the delivery; a wrong one is 400 on `code` and counted."""
        self._held()
        data = HandoverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        courier = self._courier()
        services.delivery_handover(courier=courier, delivery_id=pk, code=data.validated_data["code"])
        return self._answer(pk)

    @_move_schema(FailSerializer, NOT_COURIER)
    @action(detail=True, methods=["post"])
    def fail(self, request, pk=None):
        """The shopper cannot be reached (after calling): staff decide what follows."""
        self._held()
        data = FailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        courier = self._courier()
        services.delivery_fail(courier=courier, delivery_id=pk, reason=data.validated_data["reason"])
        return self._answer(pk)


@extend_schema(tags=["trader"])
@extend_schema_view(list=extend_schema(responses={200: PickupListSerializer(many=True), 403: NO_STALL}))
class StallPickupViewSet(viewsets.GenericViewSet):
    """The couriers' pickups at the caller's stalls (their own, their group's as coordinator)."""

    queryset = DeliveryStop.objects.none()
    serializer_class = PickupListSerializer
    permission_classes = [ActsForAStall]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.stop_list_for_stall(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(PickupListSerializer(page, many=True).data)

    @extend_schema(
        request=ConfirmSerializer,
        responses={
            200: PickupListSerializer,
            400: VALIDATION_FAILED,
            403: NO_STALL,
            404: NOT_FOUND,
            409: INVALID_MOVE,
        },
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The cash the stall received; an amount other than the courier's is flagged to staff."""
        stop = self.get_object()
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.delivery_stop_cash_confirm(
            user=request.user, stop_id=stop.pk, cash_received=data.validated_data.get("cash_received")
        )
        return Response(PickupListSerializer(self.get_queryset().get(pk=stop.pk)).data)


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(responses={200: DeliverySerializer(many=True), 403: NOT_STAFF}),
    retrieve=extend_schema(responses={200: DeliverySerializer, 403: NOT_STAFF, 404: NOT_FOUND}),
)
class StaffDeliveryViewSet(viewsets.GenericViewSet):
    """Deliveries of the caller's regions waiting for the trade office: failed, locked, or with a stall's
    cash differing from the courier's."""

    queryset = Delivery.objects.none()
    serializer_class = DeliverySerializer
    permission_classes = [IsRegionStaff]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if self.action == "list":
            return selectors.delivery_list_for_staff(self.request.user)
        return selectors.delivery_list_for_region_staff(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(DeliverySerializer(self.get_object()).data)

    def _answer(self, delivery) -> Response:
        return Response(DeliverySerializer(self.get_queryset().get(pk=delivery.pk)).data)

    @_move_schema(None, NOT_STAFF)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """The same courier delivers once more."""
        delivery = self.get_object()
        return self._answer(services.delivery_retry(staff=request.user, delivery_id=delivery.pk))

    @_move_schema(ReturnSerializer, NOT_STAFF)
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_stalls(self, request, pk=None):
        """The goods go back to the stalls; stock goes back where the stall takes them back."""
        delivery = self.get_object()
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = services.delivery_return(
            staff=request.user,
            delivery_id=delivery.pk,
            reason=data.validated_data["reason"],
            taken_back=data.validated_data["taken_back"],
        )
        return self._answer(delivery)

    @_move_schema(None, NOT_STAFF)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        """The handover locked after wrong codes takes codes again."""
        delivery = self.get_object()
        return self._answer(services.delivery_unlock(staff=request.user, delivery_id=delivery.pk))


@extend_schema(tags=["staff"])
@extend_schema_view(list=extend_schema(responses={200: SettlementSerializer(many=True), 403: NOT_STAFF}))
class SettlementViewSet(viewsets.GenericViewSet):
    """What each courier of the caller's regions paid stalls for deliveries that came back."""

    queryset = Courier.objects.none()
    serializer_class = SettlementSerializer
    permission_classes = [IsRegionStaff]

    def list(self, request):
        page = self.paginate_queryset(selectors.settlement_for_staff(request.user))
        return self.get_paginated_response(SettlementSerializer(page, many=True).data)
