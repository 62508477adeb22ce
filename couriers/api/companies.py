"""courier/company/couriers/: a courier company's admins list their couriers and decide their applications
through the review (market.services.application_decide). Another company's courier answers 404, a caller
who administers no company 403, a decision the application's status does not allow 409."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED
from couriers.models import Courier
from couriers.permissions import NOT_COMPANY_ADMIN, IsCompanyAdmin, company_admin_decides
from couriers.selectors import courier_list_for_company_admin
from market.api.review import INVALID_MOVE, DecisionInputSerializer
from market.models import DecisionAction, ProfileStatus
from market.services import application_decide
from market.transitions import actions_from


class CompanyCourierSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    phone = serializers.CharField(source="user.verified_phone", read_only=True, allow_null=True, default=None)
    company = serializers.CharField(source="company.name", read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True, allow_null=True)
    application_status = serializers.CharField(
        source="application.status", read_only=True, allow_null=True, default=None
    )
    allowed_actions = serializers.SerializerMethodField(help_text="The decisions open to the caller now")

    class Meta:
        model = Courier
        fields = [
            "id",
            "name",
            "phone",
            "company",
            "vehicle",
            "plate_number",
            "status",
            "is_online",
            "application",
            "application_status",
            "allowed_actions",
            "created_at",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, courier) -> list[str]:
        if not company_admin_decides(self.context["request"].user, courier):
            return []
        return actions_from(courier.application.status)


class CompanyCourierFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProfileStatus.choices, required=False)


decision_schema = extend_schema(
    request=DecisionInputSerializer,
    responses={
        200: CompanyCourierSerializer,
        400: VALIDATION_FAILED,
        403: NOT_COMPANY_ADMIN,
        404: NOT_FOUND,
        409: INVALID_MOVE,
    },
)


@extend_schema(tags=["courier company"])
@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("status", str, enum=ProfileStatus.values)],
        responses={
            200: CompanyCourierSerializer(many=True),
            400: VALIDATION_FAILED,
            403: NOT_COMPANY_ADMIN,
        },
    ),
    retrieve=extend_schema(responses={200: CompanyCourierSerializer, 403: NOT_COMPANY_ADMIN, 404: NOT_FOUND}),
)
class CompanyCourierViewSet(viewsets.GenericViewSet):
    """The couriers of the caller's companies, pending applications first, and the decisions on them."""

    queryset = Courier.objects.none()
    serializer_class = CompanyCourierSerializer
    permission_classes = [IsCompanyAdmin]
    filter_backends = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = {}
        if self.action == "list":
            query = CompanyCourierFilterSerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            filters = query.validated_data
        return courier_list_for_company_admin(self.request.user, **filters)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def _decide(self, request, action_name: str) -> Response:
        courier = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_decide(
            application_id=courier.application_id,
            actor=request.user,
            action=action_name,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=courier.pk)).data)

    @decision_schema
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a courier's pending application: they may go online and take jobs."""
        return self._decide(request, DecisionAction.APPROVE)

    @decision_schema
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a pending application, with the reason the courier reads."""
        return self._decide(request, DecisionAction.REJECT)

    @decision_schema
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend an approved courier, with a reason: they go offline at once."""
        return self._decide(request, DecisionAction.SUSPEND)

    @decision_schema
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        """Lift a suspension, with a reason: the courier is approved again."""
        return self._decide(request, DecisionAction.REINSTATE)
