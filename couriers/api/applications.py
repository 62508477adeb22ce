"""courier/applications/: apply as a courier (anyone signed in with a verified WhatsApp number) and follow
one's own applications."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from core.api import VALIDATION_FAILED
from couriers.models import Courier, Vehicle
from couriers.selectors import company_list_for_applicants, courier_application_list_for_user
from couriers.services.applications import courier_application_submit
from market.models import Region
from vendors.api.applications import ApplicantDecisionSerializer


class CourierApplicationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="application.pk", read_only=True, help_text="The application's id")
    status = serializers.CharField(source="application.status", read_only=True)
    courier = serializers.IntegerField(source="pk", read_only=True, help_text="The courier profile's id")
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    company = serializers.CharField(source="company.name", read_only=True, allow_null=True, default=None)
    created_at = serializers.DateTimeField(source="application.created_at", read_only=True)
    decided_at = serializers.DateTimeField(source="application.decided_at", read_only=True, allow_null=True)
    decisions = ApplicantDecisionSerializer(source="application.decisions", many=True, read_only=True)

    class Meta:
        model = Courier
        fields = [
            "id",
            "status",
            "courier",
            "region",
            "vehicle",
            "plate_number",
            "company",
            "created_at",
            "decided_at",
            "decisions",
        ]
        read_only_fields = fields


class CourierApplicationInputSerializer(serializers.Serializer):
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    vehicle = serializers.ChoiceField(choices=Vehicle.choices, default=Vehicle.MOTORBIKE)
    plate_number = serializers.CharField(
        max_length=20,
        help_text="Indonesian plate, any case and separators (dk1234ab, DK-1234-AB); stored as DK 1234 AB",
    )
    company = serializers.PrimaryKeyRelatedField(
        queryset=company_list_for_applicants(),
        required=False,
        allow_null=True,
        help_text="An active courier company of the region, or null",
    )


@extend_schema(tags=["courier"])
@extend_schema_view(
    list=extend_schema(responses={200: CourierApplicationSerializer(many=True)}),
    create=extend_schema(
        request=CourierApplicationInputSerializer,
        responses={201: CourierApplicationSerializer, 400: VALIDATION_FAILED},
    ),
)
class CourierApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own applications to deliver; a new one waits for the review of the region's trade
    office (or of the chosen company's admins)."""

    queryset = Courier.objects.none()
    serializer_class = CourierApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []  # a person's few applications, newest first, a page at a time

    def get_queryset(self):
        return courier_application_list_for_user(self.request.user)

    def create(self, request):
        data = CourierApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        courier = courier_application_submit(user=request.user, **data.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=courier.pk)).data, status=status.HTTP_201_CREATED
        )
