"""staff/groups/: the trade office's trader groups, with the same scoping and services as the pages.

A group or stall of another region answers 404, a caller who is not staff 403, a bad value 400 with a
message per field (core.api maps the services' VendorError).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from market.permissions import NOT_STAFF, IsRegionStaff
from vendors.models import Trader, TraderGroup
from vendors.selectors import group_detail_list_for_staff, group_list_for_staff, group_markets_for_staff
from vendors.services import groups

BUSY = OpenApiResponse(ErrorSerializer, description="Another request is changing these rows (code busy)")


class GroupStallSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="stall_name", read_only=True)
    whatsapp = serializers.CharField(read_only=True)

    class Meta:
        model = Trader
        fields = ["id", "name", "stall_number", "owner_name", "whatsapp", "status"]
        read_only_fields = fields


class GroupSerializer(serializers.ModelSerializer):
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    coordinator = GroupStallSerializer(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, help_text="Members, rejected applications aside")
    active_count = serializers.IntegerField(read_only=True, help_text="Active members")

    class Meta:
        model = TraderGroup
        fields = ["id", "market", "name", "coordinator", "member_count", "active_count", "created_at"]
        read_only_fields = fields


class GroupDetailSerializer(GroupSerializer):
    members = GroupStallSerializer(source="member_list", many=True, read_only=True)

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "members"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.STR)
class StaffMarketField(serializers.SlugRelatedField):
    """A market of the caller's regions, by slug."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        return group_markets_for_staff(self.context["request"].user)


class GroupCreateSerializer(serializers.Serializer):
    market = StaffMarketField(help_text="Slug of a market of the caller's regions")
    name = serializers.CharField(max_length=150)


class GroupUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    coordinator = serializers.IntegerField(
        required=False, allow_null=True, help_text="Stall id of an active member; null clears it"
    )


class GroupFilterSerializer(serializers.Serializer):
    market = StaffMarketField(required=False)


class MemberSerializer(serializers.Serializer):
    trader = serializers.IntegerField(help_text="Stall id of the group's market; it leaves its former group")


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("market", str, description="Slug of a market of the caller's regions")],
        responses={200: GroupSerializer(many=True), 400: VALIDATION_FAILED, 403: NOT_STAFF},
    ),
    create=extend_schema(
        request=GroupCreateSerializer,
        responses={201: GroupDetailSerializer, 400: VALIDATION_FAILED, 403: NOT_STAFF},
    ),
    retrieve=extend_schema(responses={200: GroupDetailSerializer, 403: NOT_STAFF, 404: NOT_FOUND}),
    partial_update=extend_schema(
        request=GroupUpdateSerializer,
        responses={
            200: GroupDetailSerializer,
            400: VALIDATION_FAILED,
            403: NOT_STAFF,
            404: NOT_FOUND,
            409: BUSY,
        },
    ),
)
class StaffGroupViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Trader groups of the caller's regions: create, rename, appoint or clear the coordinator, and
    move stalls in and out. A coordinator moved out leaves the group without one."""

    queryset = TraderGroup.objects.none()
    serializer_class = GroupDetailSerializer
    permission_classes = [IsRegionStaff]
    lookup_value_regex = r"\d+"
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            query = GroupFilterSerializer(data=self.request.query_params, context={"request": self.request})
            query.is_valid(raise_exception=True)
            return group_list_for_staff(user=user, **query.validated_data)
        return group_detail_list_for_staff(user=user)

    def _answer(self, pk, status_code=status.HTTP_200_OK) -> Response:
        group = self.get_queryset().get(pk=pk)
        return Response(GroupDetailSerializer(group).data, status=status_code)

    def get_serializer_class(self):
        return GroupSerializer if self.action == "list" else GroupDetailSerializer

    def create(self, request):
        data = GroupCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        group = groups.group_create(actor=request.user, **data.validated_data)
        return self._answer(group.pk, status.HTTP_201_CREATED)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        group = self.get_object()
        data = GroupUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        groups.group_update(actor=request.user, group_id=group.pk, changes=data.validated_data)
        return self._answer(group.pk)

    @extend_schema(
        request=MemberSerializer,
        responses={
            200: GroupDetailSerializer,
            400: VALIDATION_FAILED,
            403: NOT_STAFF,
            404: NOT_FOUND,
            409: BUSY,
        },
    )
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        """Put a stall of the group's market into this group (moving it from its former group)."""
        group = self.get_object()
        data = MemberSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        groups.trader_move(actor=request.user, trader_id=data.validated_data["trader"], group_id=group.pk)
        return self._answer(group.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter("trader_id", int, OpenApiParameter.PATH, description="The member's stall id")
        ],
        request=None,
        responses={200: GroupDetailSerializer, 403: NOT_STAFF, 404: NOT_FOUND, 409: BUSY},
    )
    @action(detail=True, methods=["delete"], url_path=r"members/(?P<trader_id>\d+)")
    def member_remove(self, request, pk=None, trader_id=None):
        """Take a member out of the group: the stall then belongs to no group."""
        group = self.get_object()
        groups.group_member_remove(actor=request.user, group_id=group.pk, trader_id=int(trader_id))
        return self._answer(group.pk)
