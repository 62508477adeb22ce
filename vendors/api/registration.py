"""Assisted registration in the API: staff/traders/ (staff register, list, suspend, reinstate),
trader/members/ (a coordinator registers a member of their group) and trader/stall-claims/ (the code that
joins a stall to the account of its number). The same services and scoping as the pages."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from market.api.review import DecisionInputSerializer
from market.models import DecisionAction, ProfileStatus
from market.permissions import NOT_STAFF, IsRegionStaff
from market.services import application_decide
from vendors.api.applications import TraderApplicationInputSerializer
from vendors.api.catalogue import KeysFirstPagination
from vendors.api.groups import StaffMarketField
from vendors.models import StallClaim, Trader, TraderGroup
from vendors.permissions import NOT_COORDINATOR, CoordinatesAGroup
from vendors.selectors import (
    groups_coordinated_by,
    registered_stall_get,
    stall_claim_list_for_user,
    stall_list_for_coordinator,
    trader_detail_list_for_staff,
)
from vendors.services.registration import stall_claim_confirm, stall_claim_resend, trader_register

REFUSED = OpenApiResponse(ErrorSerializer, description="The domain refused it (detail and code)")
WRONG_STATUS = OpenApiResponse(
    ErrorSerializer, description="The stall's status allows no such move (code invalid_transition)"
)


class RegisteredStallSerializer(serializers.ModelSerializer):
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    whatsapp = serializers.CharField(read_only=True)
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    has_account = serializers.SerializerMethodField(
        help_text="The trader signs in with an account of their own"
    )
    awaiting_code = serializers.SerializerMethodField(
        help_text="An open link (trader/stall-claims/) waits for the code sent to the number"
    )
    waiting_for_trader = serializers.SerializerMethodField(
        help_text="Nobody can run the stall yet (no account, no active coordinator): it is out of the "
        "storefront until its trader signs up with the number and confirms it, or it joins a "
        "coordinated group"
    )

    class Meta:
        model = Trader
        fields = [
            "id",
            "status",
            "market",
            "group",
            "stall_number",
            "stall_name",
            "owner_name",
            "whatsapp",
            "categories",
            "description",
            "application",
            "has_account",
            "awaiting_code",
            "waiting_for_trader",
        ]
        read_only_fields = fields

    def get_has_account(self, stall) -> bool:
        return stall.user_id is not None

    def get_awaiting_code(self, stall) -> bool:
        claim = getattr(stall, "claim", None)
        return claim is not None and claim.confirmed_at is None and claim.needs_code

    def get_waiting_for_trader(self, stall) -> bool:
        return not stall.has_runner


class StaffStallSerializer(RegisteredStallSerializer):
    owner_phone = serializers.SerializerMethodField(help_text="The number of the trader's account, if any")
    product_count = serializers.IntegerField(read_only=True, help_text="Products not taken off the stall")
    last_update = serializers.DateTimeField(
        read_only=True, help_text="The latest product change, else when the stall was registered"
    )

    class Meta(RegisteredStallSerializer.Meta):
        fields = [*RegisteredStallSerializer.Meta.fields, "owner_phone", "product_count", "last_update"]
        read_only_fields = fields

    def get_owner_phone(self, stall) -> str | None:
        return str(stall.user.phone) if stall.user_id and stall.user.phone else None


class StaffStallFilterSerializer(serializers.Serializer):
    market = StaffMarketField(required=False)
    status = serializers.ChoiceField(choices=ProfileStatus.choices, required=False)
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)


class AssistedFieldsSerializer(serializers.Serializer):
    owner_name = serializers.CharField(max_length=150)
    whatsapp = serializers.CharField(
        max_length=32, help_text="The trader's number (Indonesian mobile: 0812…, 62812… or +62812…)"
    )


class StaffRegistrationSerializer(AssistedFieldsSerializer, TraderApplicationInputSerializer):
    market = StaffMarketField(help_text="Slug of a market of the caller's regions")


class MemberRegistrationSerializer(AssistedFieldsSerializer, TraderApplicationInputSerializer):
    market = None  # the group's market
    group = serializers.PrimaryKeyRelatedField(
        queryset=TraderGroup.objects.none(), help_text="One of the groups the caller coordinates"
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None:
            self.fields["group"].queryset = groups_coordinated_by(actor)

    def validate(self, data):
        return {**data, "market": data["group"].market}


class StallClaimSerializer(serializers.ModelSerializer):
    stall = RegisteredStallSerializer(source="trader", read_only=True)

    class Meta:
        model = StallClaim
        fields = ["id", "stall", "needs_code", "sent_at", "expires_at"]
        read_only_fields = fields


class ClaimCodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        min_length=6,
        max_length=6,
        required=False,
        help_text="The code sent to the stall's WhatsApp; left out for a link offered to the caller's own "
        "verified number (needs_code false)",
    )


def _registered(stall: Trader) -> Response:
    stall = registered_stall_get(stall.pk)
    return Response(RegisteredStallSerializer(stall).data, status=status.HTTP_201_CREATED)


# Suspending and reinstating a stall: the review's decision on its application.
DECISION_RESPONSES = {
    200: StaffStallSerializer,
    400: VALIDATION_FAILED,
    403: NOT_STAFF,
    404: NOT_FOUND,
    409: WRONG_STATUS,
}


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("market", str, description="Slug of a market of the caller's regions"),
            OpenApiParameter(
                "status", str, enum=ProfileStatus.values, description="Default: every status but rejected"
            ),
            OpenApiParameter(
                "search",
                str,
                description="Trader's or stall's name, stall/los number, phone (0812…, 62812…, +62812…)",
            ),
        ],
        responses={200: StaffStallSerializer(many=True), 400: VALIDATION_FAILED, 403: NOT_STAFF},
    ),
    create=extend_schema(
        request=StaffRegistrationSerializer,
        responses={201: RegisteredStallSerializer, 400: VALIDATION_FAILED, 403: NOT_STAFF},
        description="Register a trader without a smartphone: the stall is approved at once. When the number "
        "already has an account, the stall joins it once the code sent there is confirmed "
        "(trader/stall-claims/).",
    ),
)
class StaffTraderViewSet(viewsets.GenericViewSet):
    """Stalls of the caller's regions: assisted registration, suspension and reinstatement."""

    queryset = Trader.objects.none()
    serializer_class = StaffStallSerializer
    permission_classes = [IsRegionStaff]
    # A page's keys first: the stalls' product subqueries run for that page only, not for every
    # stall before it too.
    pagination_class = KeysFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = {}
        if self.action == "list":
            query = StaffStallFilterSerializer(
                data=self.request.query_params, context=self.get_serializer_context()
            )
            query.is_valid(raise_exception=True)
            filters = query.validated_data
        return trader_detail_list_for_staff(self.request.user, **filters)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        data = StaffRegistrationSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return _registered(trader_register(actor=request.user, **data.validated_data))

    def _decide(self, request, action_name: str) -> Response:
        stall = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_decide(
            application_id=stall.application_id,
            actor=request.user,
            action=action_name,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=stall.pk)).data)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend an active stall, with the reason the trader reads: it leaves the catalogue at once."""
        return self._decide(request, DecisionAction.SUSPEND)

    @extend_schema(request=DecisionInputSerializer, responses=DECISION_RESPONSES)
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        """Lift a stall's suspension, with a note the trader reads."""
        return self._decide(request, DecisionAction.REINSTATE)


@extend_schema(tags=["trader"])
@extend_schema_view(
    list=extend_schema(responses={200: RegisteredStallSerializer(many=True), 403: NOT_COORDINATOR}),
    create=extend_schema(
        request=MemberRegistrationSerializer,
        responses={201: RegisteredStallSerializer, 400: VALIDATION_FAILED, 403: NOT_COORDINATOR},
        description="Register a member without a smartphone into one of the caller's groups: the stall "
        "waits for the trade office's review, and the coordinator runs it once approved.",
    ),
)
class MemberViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The members of the groups the caller coordinates."""

    queryset = Trader.objects.none()
    serializer_class = RegisteredStallSerializer
    permission_classes = [CoordinatesAGroup]
    search_fields = ["stall_name", "owner_name", "stall_number"]
    ordering_fields = ["stall_name", "stall_number"]

    def get_queryset(self):
        return (
            stall_list_for_coordinator(self.request.user)
            .select_related("claim")
            .prefetch_related("categories")
        )

    def create(self, request):
        data = MemberRegistrationSerializer(data=request.data, actor=request.user)
        data.is_valid(raise_exception=True)
        return _registered(trader_register(actor=request.user, **data.validated_data))


@extend_schema(tags=["trader"])
@extend_schema_view(list=extend_schema(responses={200: StallClaimSerializer(many=True)}))
class StallClaimViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Stalls waiting for the code sent to their number: the caller's own number's, or those the caller
    registered or looks after."""

    queryset = StallClaim.objects.none()
    serializer_class = StallClaimSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []  # the few open links, newest first, a page at a time
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return stall_claim_list_for_user(self.request.user).prefetch_related("trader__categories")

    @extend_schema(
        request=ClaimCodeSerializer,
        responses={200: RegisteredStallSerializer, 400: REFUSED, 404: NOT_FOUND},
        description="Codes wrong_code, expired, too_many_attempts, already_applied, owner_only, "
        "number_changed answer 400; a missing code for a link that needs one answers 400 on `code`.",
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Join the stall to the account of its number: with the code sent there, or, for a link offered
        to the caller's own verified number, with no code."""
        claim = self.get_object()
        data = ClaimCodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stall = stall_claim_confirm(actor=request.user, claim_id=claim.pk, **data.validated_data)
        return Response(RegisteredStallSerializer(stall).data)

    @extend_schema(request=None, responses={200: StallClaimSerializer, 400: REFUSED, 404: NOT_FOUND})
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Send a new code (at most one a minute); the old one stops working. Not for offered links."""
        claim = stall_claim_resend(actor=request.user, claim_id=self.get_object().pk)
        return Response(self.get_serializer(claim).data)
