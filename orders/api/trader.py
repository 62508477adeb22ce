"""The stall's API (`trader/orders/`): the parts of orders for the stalls the caller may act for (their
own, and their group's members as coordinator), and the stall's answers. Another stall's part is 404;
a caller who runs no stall 403; a move the part's status does not allow 409."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from core.pagination import CountedApart
from orders.api.serializers import TraderOrderSerializer
from orders.models import TraderOrder, TraderOrderStatus
from orders.selectors import trader_order_history_for_stall, trader_order_list_for_stall
from orders.services import orders as services
from vendors.api.products import ActsForAStall, QuantityApiField

NO_STALL = OpenApiResponse(ErrorSerializer, description="The caller may act for no stall")
INVALID_MOVE = OpenApiResponse(
    ErrorSerializer, description="The part's status does not allow this (code invalid_transition), or busy"
)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="The shopper reads it")


class ItemChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    quantity = QuantityApiField(max_digits=12, decimal_places=3, help_text="Less than now; 0 refuses it")


class RejectItemsSerializer(serializers.Serializer):
    items = ItemChangeSerializer(many=True, allow_empty=False)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _move_schema(request=None):
    return extend_schema(
        request=request,
        responses={
            200: TraderOrderSerializer,
            400: VALIDATION_FAILED,
            403: NO_STALL,
            404: NOT_FOUND,
            409: INVALID_MOVE,
        },
    )


@extend_schema(tags=["trader"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=TraderOrderStatus.values),
            OpenApiParameter("trader", int, description="One stall's parts (one of trader/stalls/)"),
        ],
        responses={200: TraderOrderSerializer(many=True), 403: NO_STALL},
    ),
    retrieve=extend_schema(responses={200: TraderOrderSerializer, 403: NO_STALL, 404: NOT_FOUND}),
)
class TraderOrderViewSet(viewsets.GenericViewSet):
    queryset = TraderOrder.objects.none()
    serializer_class = TraderOrderSerializer
    permission_classes = [ActsForAStall]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return trader_order_list_for_stall(self.request.user)

    def list(self, request):
        history = trader_order_history_for_stall(request.user)
        rows, counted = (self._filtered(parts) for parts in (history.rows, history.counted))
        page = self.paginate_queryset(CountedApart(rows, counted=counted))
        return self.get_paginated_response(TraderOrderSerializer(page, many=True).data)

    def _filtered(self, parts):
        status = self.request.query_params.get("status")
        trader = self.request.query_params.get("trader")
        if status in TraderOrderStatus.values:
            parts = parts.filter(status=status)
        if trader and trader.isdigit():
            parts = parts.filter(trader_id=int(trader))
        return parts

    def retrieve(self, request, pk=None):
        return Response(TraderOrderSerializer(self.get_object()).data)

    def _answer(self, part) -> Response:
        return Response(TraderOrderSerializer(self.get_queryset().get(pk=part.pk)).data)

    @_move_schema()
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        part = self.get_object()
        services.trader_order_accept(trader_order_id=part.pk, user=request.user)
        return self._answer(part)

    @_move_schema(RejectSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        part = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.trader_order_reject(trader_order_id=part.pk, user=request.user, **data.validated_data)
        return self._answer(part)

    @_move_schema(RejectItemsSerializer)
    @action(detail=True, methods=["post"], url_path="reject-items")
    def reject_items(self, request, pk=None):
        """Refuse single items (quantity 0) or hand over less of a weighed one; the difference goes back
        to stock and the shopper is told."""
        part = self.get_object()
        data = RejectItemsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.trader_order_items_change(
            trader_order_id=part.pk,
            user=request.user,
            quantities={row["id"]: row["quantity"] for row in data.validated_data["items"]},
            reason=data.validated_data["reason"],
        )
        return self._answer(part)

    @_move_schema()
    @action(detail=True, methods=["post"])
    def ready(self, request, pk=None):
        part = self.get_object()
        services.trader_order_ready(trader_order_id=part.pk, user=request.user)
        return self._answer(part)
