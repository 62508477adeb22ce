"""Figures in the API: the courier's deliveries and fees per day or week (`courier/earnings/`), a courier
company's deliveries and totals per courier for its admins (`courier/company/deliveries/`,
`courier/company/totals/`), and the couriers' activity per region for the trade office
(`staff/courier-activity/`). Every list is paginated; another company's courier is 404."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from core.api import NOT_FOUND
from couriers import selectors
from couriers.api.delivery import DeliverySerializer
from couriers.models import Courier, Delivery
from couriers.permissions import NOT_COMPANY_ADMIN, NOT_COURIER, IsCompanyAdmin, IsCourier, courier_of
from market.permissions import NOT_STAFF, IsRegionStaff


class EarningsSerializer(serializers.Serializer):
    period = serializers.DateField(read_only=True, help_text="The day, or the Monday of the week")
    deliveries = serializers.IntegerField(read_only=True)
    fees = serializers.IntegerField(read_only=True, help_text="Rp")


class CourierTotalsSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    company = serializers.CharField(source="company.name", read_only=True, allow_null=True)
    region = serializers.CharField(source="region.name", read_only=True)
    delivered = serializers.IntegerField(read_only=True)
    fees = serializers.IntegerField(read_only=True, help_text="Rp, delivered jobs")
    failed = serializers.IntegerField(read_only=True, help_text="Jobs that failed at least once")
    releases = serializers.IntegerField(source="release_count", read_only=True, help_text="Jobs given back")

    class Meta:
        model = Courier
        fields = [
            "id",
            "name",
            "plate_number",
            "status",
            "company",
            "region",
            "delivered",
            "fees",
            "failed",
            "releases",
        ]
        read_only_fields = fields


@extend_schema(tags=["courier"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=selectors.PERIODS, description="day (default) or week")
        ],
        responses={200: EarningsSerializer(many=True), 403: NOT_COURIER},
    )
)
class EarningsViewSet(viewsets.GenericViewSet):
    """The caller's delivered jobs and fees per day or week, newest first."""

    queryset = Delivery.objects.none()
    serializer_class = EarningsSerializer
    permission_classes = [IsCourier]

    def list(self, request):
        period = request.query_params.get("period", "day")
        period = period if period in selectors.PERIODS else "day"
        rows = selectors.courier_earnings(courier_of(request.user), period=period)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EarningsSerializer(page, many=True).data)


@extend_schema(tags=["company"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("courier", int, description="One courier's deliveries")],
        responses={200: DeliverySerializer(many=True), 403: NOT_COMPANY_ADMIN},
    )
)
class CompanyDeliveryViewSet(viewsets.GenericViewSet):
    """The deliveries of the couriers of the caller's companies, newest first."""

    queryset = Delivery.objects.none()
    serializer_class = DeliverySerializer
    permission_classes = [IsCompanyAdmin]

    def list(self, request):
        deliveries = selectors.company_delivery_list(request.user)
        courier = request.query_params.get("courier", "")
        if courier.isdigit():
            deliveries = deliveries.filter(courier_id=int(courier))
        page = self.paginate_queryset(deliveries)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)


@extend_schema(tags=["company"])
@extend_schema_view(
    list=extend_schema(responses={200: CourierTotalsSerializer(many=True), 403: NOT_COMPANY_ADMIN}),
    retrieve=extend_schema(responses={200: CourierTotalsSerializer, 403: NOT_COMPANY_ADMIN, 404: NOT_FOUND}),
)
class CompanyTotalsViewSet(viewsets.GenericViewSet):
    """Each courier of the caller's companies with their delivered jobs, fees, failures and releases."""

    queryset = Courier.objects.none()
    serializer_class = CourierTotalsSerializer
    permission_classes = [IsCompanyAdmin]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.company_courier_totals(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CourierTotalsSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(CourierTotalsSerializer(self.get_object()).data)


@extend_schema(tags=["staff"])
@extend_schema_view(list=extend_schema(responses={200: CourierTotalsSerializer(many=True), 403: NOT_STAFF}))
class CourierActivityViewSet(viewsets.GenericViewSet):
    """The couriers of the caller's regions: delivered jobs, fees, failures and releases, busiest first."""

    queryset = Courier.objects.none()
    serializer_class = CourierTotalsSerializer
    permission_classes = [IsRegionStaff]

    def list(self, request):
        page = self.paginate_queryset(selectors.courier_activity_for_staff(request.user))
        return self.get_paginated_response(CourierTotalsSerializer(page, many=True).data)
