from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers

from accounts.models import User
from accounts.services import user_update_profile
from core.api import NOT_SIGNED_IN, VALIDATION_FAILED


class MeSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(read_only=True, allow_null=True, help_text="E.164, e.g. +6281234567890")

    class Meta:
        model = User
        fields = ["id", "name", "email", "phone", "phone_verified", "language"]
        # Sign-in identifiers change only through allauth's verified flows.
        read_only_fields = ["id", "email", "phone", "phone_verified"]


@extend_schema(tags=["account"])
@extend_schema_view(
    get=extend_schema(responses={200: MeSerializer, 401: NOT_SIGNED_IN}),
    patch=extend_schema(responses={200: MeSerializer, 400: VALIDATION_FAILED, 401: NOT_SIGNED_IN}),
)
class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user's own account: read it, or change the name and preferred language."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = user_update_profile(user=self.request.user, **serializer.validated_data)
