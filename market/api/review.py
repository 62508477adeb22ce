"""The trade office's review API (staff/applications/): the same scoping and services as the pages.

Another region's application answers 404, a caller who is not staff 403, a decision the application's
status does not allow 409."""

from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from core.models import max_length_of
from market.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Decision,
    DecisionAction,
    Market,
)
from market.permissions import NOT_STAFF, IsRegionStaff
from market.registry import application_summaries
from market.selectors import application_history_list_for_staff, staff_markets
from market.services import application_decide
from market.transitions import actions_from

INVALID_MOVE = OpenApiResponse(
    ErrorSerializer,
    description="The application's status does not allow this decision (code invalid_transition)",
)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class FactSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True, help_text="Stable name, e.g. stall_number, plate_number")
    label = serializers.CharField(read_only=True, help_text="The fact's name in the request's language")
    value = serializers.CharField(read_only=True)


class SummarySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="The applicant, or the trader registered")
    facts = FactSerializer(many=True, read_only=True)


class DecisionSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True)

    class Meta:
        model = Decision
        fields = ["action", "reason", "actor", "created_at"]
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    applicant = PersonSerializer(read_only=True, allow_null=True)
    submitted_by = PersonSerializer(read_only=True)
    summary = serializers.SerializerMethodField(help_text="Whom the application is for, and what")
    decisions = DecisionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(help_text="The decisions open to staff now")

    class Meta:
        model = Application
        fields = [
            "id",
            "kind",
            "status",
            "region",
            "applicant",
            "submitted_by",
            "summary",
            "note",
            "created_at",
            "decided_at",
            "decisions",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(SummarySerializer)
    def get_summary(self, application) -> dict:
        # The view reads every summary of a page at once (market.registry) and passes them in.
        return SummarySerializer(self.context["summaries"][application.pk]).data

    def get_allowed_actions(self, application) -> list[str]:
        return actions_from(application.status)


class DecisionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length_of(Decision, "reason"),
        help_text="Required except to approve",
    )


class ApplicationFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, required=False)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)
    market = serializers.SlugRelatedField(slug_field="slug", queryset=Market.objects.none(), required=False)
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].queryset = staff_markets(user)


decision_schema = extend_schema(
    request=DecisionInputSerializer,
    responses={
        200: ApplicationSerializer,
        400: VALIDATION_FAILED,
        403: NOT_STAFF,
        404: NOT_FOUND,
        409: INVALID_MOVE,
    },
)


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=ApplicationKind.values),
            OpenApiParameter("status", str, enum=ApplicationStatus.values),
            OpenApiParameter("market", str, description="Slug of a market of the caller's regions"),
            OpenApiParameter(
                "search",
                str,
                description="Application number, name, phone (0812…, 62812…, +62812…) or stall/los number",
            ),
        ],
        responses={200: ApplicationSerializer(many=True), 400: VALIDATION_FAILED, 403: NOT_STAFF},
    ),
    retrieve=extend_schema(responses={200: ApplicationSerializer, 403: NOT_STAFF, 404: NOT_FOUND}),
)
class StaffApplicationViewSet(viewsets.GenericViewSet):
    """Applications of the caller's regions, and the review's decisions on them."""

    queryset = Application.objects.none()
    serializer_class = ApplicationSerializer
    permission_classes = [IsRegionStaff]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = {}
        if self.action == "list":
            query = ApplicationFilterSerializer(data=self.request.query_params, user=self.request.user)
            query.is_valid(raise_exception=True)
            filters = query.validated_data
        return application_history_list_for_staff(user=self.request.user, **filters)

    def _data(self, applications, *, many: bool = False):
        """Serialised with their summaries, read in one go for all of `applications`."""
        summaries = application_summaries(applications if many else [applications])
        context = {**self.get_serializer_context(), "summaries": summaries}
        return self.get_serializer(applications, many=many, context=context).data

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._data(page, many=True))

    def retrieve(self, request, pk=None):
        return Response(self._data(self.get_object()))

    def _decide(self, request, action_name: str) -> Response:
        application = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application_decide(
            application_id=application.pk,
            actor=request.user,
            action=action_name,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(self._data(self.get_queryset().get(pk=application.pk)))

    @decision_schema
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a pending application; its profile (a stall) becomes active."""
        return self._decide(request, DecisionAction.APPROVE)

    @decision_schema
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a pending application, with the reason the applicant will read."""
        return self._decide(request, DecisionAction.REJECT)

    @decision_schema
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        """Suspend an approved application, with a reason: its stall leaves the catalogue at once."""
        return self._decide(request, DecisionAction.SUSPEND)

    @decision_schema
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        """Lift a suspension, with a reason: the application is approved again."""
        return self._decide(request, DecisionAction.REINSTATE)
