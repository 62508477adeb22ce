"""trader/applications/: apply to sell (any signed-in user) and follow one's own applications."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from accounts.phone import normalize_phone
from core.api import VALIDATION_FAILED
from core.models import max_length_of
from market.models import Category, Decision, Market
from vendors.models import Trader, TraderGroup, validate_group_in_market
from vendors.selectors import trader_application_list_for_user
from vendors.services.applications import trader_application_submit


class ApplicantDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["action", "reason", "created_at"]
        read_only_fields = fields


class TraderApplicationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="application.pk", read_only=True, help_text="The application's id")
    status = serializers.CharField(source="application.status", read_only=True)
    stall = serializers.IntegerField(source="pk", read_only=True, help_text="The stall's id")
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    whatsapp = serializers.CharField(read_only=True)
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    created_at = serializers.DateTimeField(source="application.created_at", read_only=True)
    decided_at = serializers.DateTimeField(source="application.decided_at", read_only=True, allow_null=True)
    decisions = ApplicantDecisionSerializer(source="application.decisions", many=True, read_only=True)
    photo = serializers.ImageField(
        read_only=True, allow_null=True, help_text="The stall photo's URL, or null"
    )
    thumbnail = serializers.ImageField(read_only=True, allow_null=True, help_text="URL, or null")

    class Meta:
        model = Trader
        fields = [
            "id",
            "status",
            "stall",
            "market",
            "stall_number",
            "stall_name",
            "group",
            "whatsapp",
            "categories",
            "description",
            "photo",
            "photo_width",
            "photo_height",
            "thumbnail",
            "thumbnail_width",
            "thumbnail_height",
            "created_at",
            "decided_at",
            "decisions",
        ]
        read_only_fields = fields


class TraderApplicationInputSerializer(serializers.Serializer):
    market = serializers.SlugRelatedField(slug_field="slug", queryset=Market.objects.filter(is_active=True))
    stall_number = serializers.CharField(max_length=30)
    stall_name = serializers.CharField(max_length=150)
    group = serializers.PrimaryKeyRelatedField(
        queryset=TraderGroup.objects.all(), required=False, allow_null=True, help_text="A group of the market"
    )
    whatsapp = serializers.CharField(max_length=32, help_text="Indonesian mobile: 0812…, 62812… or +62812…")
    whatsapp_public = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The trader agrees that shoppers see this number when the stall has no coordinator",
    )
    categories = serializers.SlugRelatedField(
        slug_field="slug", queryset=Category.objects.all(), many=True, allow_empty=False
    )
    description = serializers.CharField(
        max_length=max_length_of(Trader, "description"), required=False, allow_blank=True
    )

    def validate_whatsapp(self, value):
        try:
            return normalize_phone(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, data):
        validate_group_in_market(data.get("group"), data["market"].pk)  # its ValidationError: 400 on group
        return data


class TraderApplicationUploadSerializer(TraderApplicationInputSerializer):
    """The same application sent as multipart/form-data, which may carry a photo of the stall."""

    photo = serializers.FileField(
        required=False,
        help_text="Optional stall photo: JPEG, PNG or WebP, at most 5 MB, 24 megapixels and 8:1",
    )


@extend_schema(tags=["trader"])
@extend_schema_view(
    list=extend_schema(responses={200: TraderApplicationSerializer(many=True)}),
    create=extend_schema(
        request={
            "application/json": TraderApplicationInputSerializer,
            "multipart/form-data": TraderApplicationUploadSerializer,
        },
        responses={201: TraderApplicationSerializer, 400: VALIDATION_FAILED},
    ),
)
class TraderApplicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own applications to sell; a new one waits for the trade office's review."""

    queryset = Trader.objects.none()
    serializer_class = TraderApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []  # a person's few applications, newest first, a page at a time

    def get_queryset(self):
        return trader_application_list_for_user(self.request.user)

    def create(self, request):
        data = TraderApplicationUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stall = trader_application_submit(user=request.user, **data.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=stall.pk)).data, status=status.HTTP_201_CREATED
        )
