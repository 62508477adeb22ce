"""The trade office's API (`staff/orders/`): orders of the caller's regions, found by number, phone or
stall, with their events; cancelling one before pickup, with a reason."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from market.api.review import IsRegionStaff
from orders.api.serializers import StaffOrderSerializer
from orders.models import Order
from orders.selectors import order_list_for_staff
from orders.services.orders import order_cancel_by_staff

NOT_STAFF = OpenApiResponse(ErrorSerializer, description="The caller is not trade-office staff")


class StaffCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="The shopper and the stalls read it")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="Order number (PD-000042), a phone, a stall or los no."
            )
        ],
        responses={200: StaffOrderSerializer(many=True), 403: NOT_STAFF},
    ),
    retrieve=extend_schema(responses={200: StaffOrderSerializer, 403: NOT_STAFF, 404: NOT_FOUND}),
)
class StaffOrderViewSet(viewsets.GenericViewSet):
    queryset = Order.objects.none()
    serializer_class = StaffOrderSerializer
    permission_classes = [IsRegionStaff]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        search = self.request.query_params.get("search", "")[:100] if self.action == "list" else ""
        return order_list_for_staff(self.request.user, search=search).prefetch_related(
            "events__actor", "events__trader_order"
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(StaffOrderSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(StaffOrderSerializer(self.get_object()).data)

    @extend_schema(
        request=StaffCancelSerializer,
        responses={
            200: StaffOrderSerializer,
            400: VALIDATION_FAILED,
            403: NOT_STAFF,
            404: NOT_FOUND,
            409: OpenApiResponse(
                ErrorSerializer, description="Picked up already (invalid_transition), or busy"
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        data = StaffCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order_cancel_by_staff(order_id=order.pk, staff=request.user, reason=data.validated_data["reason"])
        return Response(StaffOrderSerializer(self.get_queryset().get(pk=order.pk)).data)
