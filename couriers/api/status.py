"""The courier's switches (`courier/status/`): online or offline, the shared location, the cash limit;
and whether their board is open (`board`: why not, if it is not)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import VALIDATION_FAILED, ErrorSerializer
from couriers.permissions import NOT_COURIER, IsCourier, courier_of
from couriers.selectors import BoardClosed, board_closed_reason
from couriers.services.status import MAX_CASH_LIMIT, UNCHANGED, courier_status_update
from vendors.api.products import RupiahApiField

BOTH_OR_NEITHER = _("Give both the latitude and the longitude, or neither.")
BUSY = OpenApiResponse(ErrorSerializer, description="Busy: the courier's row was being changed; try again")


class CourierStatusSerializer(serializers.Serializer):
    online = serializers.BooleanField(source="is_online", required=False, help_text="Only an active courier")
    latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False)
    longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, required=False)
    located_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Null until shared; forgotten after a set number of hours"
    )
    cash_limit = RupiahApiField(
        min_value=0, max_value=MAX_CASH_LIMIT, allow_null=True, required=False, help_text="Null: no limit"
    )
    status = serializers.CharField(read_only=True, help_text="The courier profile: active or suspended")
    region = serializers.CharField(source="region.name", read_only=True)
    board = serializers.SerializerMethodField(
        help_text="Why the job board shows nothing: " + ", ".join(BoardClosed.values) + "; empty when open"
    )

    def get_board(self, courier) -> str:
        return board_closed_reason(courier)

    def validate(self, data):
        given = ("latitude" in data, "longitude" in data)
        nulls = (data.get("latitude") is None, data.get("longitude") is None)
        if given[0] != given[1] or nulls[0] != nulls[1]:
            raise serializers.ValidationError({"latitude": [BOTH_OR_NEITHER]})
        return data


@extend_schema(tags=["courier"])
class CourierStatusView(APIView):
    permission_classes = [IsCourier]

    @extend_schema(responses={200: CourierStatusSerializer, 403: NOT_COURIER})
    def get(self, request):
        return Response(CourierStatusSerializer(courier_of(request.user)).data)

    @extend_schema(
        request=CourierStatusSerializer,
        responses={200: CourierStatusSerializer, 400: VALIDATION_FAILED, 403: NOT_COURIER, 409: BUSY},
    )
    def patch(self, request):
        """Change any of online, the location (both coordinates; null both to forget it) and the cash
        limit. Going offline forgets the location."""
        data = CourierStatusSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        location = UNCHANGED
        if "latitude" in values:
            location = None if values["latitude"] is None else (values["latitude"], values["longitude"])
        courier = courier_status_update(
            user=request.user,
            online=values.get("is_online", UNCHANGED),
            location=location,
            cash_limit=values.get("cash_limit", UNCHANGED),
        )
        return Response(CourierStatusSerializer(courier).data)
