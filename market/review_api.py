"""The trade office's review API (staff/applications/): the same scoping and services as the pages.

Another region's application answers 404, a caller who is not staff 403, a decision the application's
status does not allow 409."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from market import services
from market.models import Application, ApplicationKind, ApplicationStatus, Decision, DecisionAction
from market.selectors import application_list_for_staff, staff_regions
from market.transitions import actions_from

NOT_STAFF = OpenApiResponse(ErrorSerializer, description="The caller is not trade-office staff")
INVALID_MOVE = OpenApiResponse(
    ErrorSerializer,
    description="The application's status does not allow this decision (code invalid_transition)",
)


class IsRegionStaff(permissions.BasePermission):
    """Signed in and working for the trade office of at least one region."""

    def has_permission(self, request, view):
        return bool(request.user.is_authenticated and staff_regions(request.user).exists())


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


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
            "note",
            "created_at",
            "decided_at",
            "decisions",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, application) -> list[str]:
        return actions_from(application.status)


class DecisionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text="Required except to approve"
    )


class ApplicationFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, required=False)
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)


DECIDE = {
    DecisionAction.APPROVE: services.application_approve,
    DecisionAction.REJECT: services.application_reject,
    DecisionAction.SUSPEND: services.application_suspend,
    DecisionAction.REINSTATE: services.application_reinstate,
}

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
            query = ApplicationFilterSerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            filters = query.validated_data
        return (
            application_list_for_staff(user=self.request.user, **filters)
            .prefetch_related("decisions__actor")
            .order_by("created_at", "pk")
        )

    def list(self, request):
        return Response(self.get_serializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def _decide(self, request, action_name: str) -> Response:
        application = self.get_object()
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            DECIDE[action_name](
                application_id=application.pk,
                actor=request.user,
                reason=data.validated_data.get("reason", ""),
            )
        except services.ReviewError as error:
            if error.code == "not_found":
                raise Http404 from error
            if error.code == "reason_required":
                raise ValidationError({"reason": [error.message]}) from error
            raise
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

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
