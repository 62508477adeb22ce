"""The courier's job board (`courier/jobs/`): the open jobs of their region while they are online,
active and under their limit, and their own deliveries by id; take one, give it back before pickup.
A job outside the board is 404, someone who is no courier 403, a job another courier took first 409."""

from functools import partial

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NOT_FOUND, VALIDATION_FAILED, ErrorSerializer
from core.pagination import KeysFirstPaginator
from couriers.api.serializers import JobDetailSerializer, JobSerializer
from couriers.errors import CourierError
from couriers.models import Delivery
from couriers.permissions import NOT_COURIER, IsCourier
from couriers.selectors import job_board_for_courier, job_cards_for_courier, job_for_courier
from couriers.services.jobs import job_accept, job_release

TAKEN = OpenApiResponse(
    ErrorSerializer,
    description="Another courier took it first (code taken), it was cancelled (invalid_transition), "
    "the courier's limit filled meanwhile (at_limit), or busy",
)
NOT_RELEASABLE = OpenApiResponse(
    ErrorSerializer, description="Already picked up or over (code invalid_transition), or busy"
)


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Why the courier gives the job back")


@extend_schema(tags=["courier"])
@extend_schema_view(
    list=extend_schema(
        description="Nearest market first when the courier shared a location, else oldest first; empty "
        "while the courier is offline, suspended or at their limit (see courier/status/ `board`).",
        responses={200: JobSerializer(many=True), 403: NOT_COURIER},
    ),
    retrieve=extend_schema(responses={200: JobDetailSerializer, 403: NOT_COURIER, 404: NOT_FOUND}),
)
class CourierJobViewSet(viewsets.GenericViewSet):
    queryset = Delivery.objects.none()
    serializer_class = JobSerializer
    permission_classes = [IsCourier]
    lookup_value_regex = r"\d+"

    @property
    def courier(self):
        return self.request.courier  # IsCourier's

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "courier_id": self.courier.pk if self.courier else None}

    def list(self, request):
        # The page's keys with the count, then its rows read by a query built once (core.sql.KeptRows).
        rows = job_cards_for_courier(self.courier)
        self.paginator.django_paginator_class = partial(KeysFirstPaginator, rows=rows)
        page = self.paginate_queryset(job_board_for_courier(self.courier)[1])
        return self.get_paginated_response(JobSerializer(page, many=True).data)

    def _detail(self, pk) -> Response:
        job = job_for_courier(self.courier, pk)
        return Response(JobDetailSerializer(job, context=self.get_serializer_context()).data)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=None,
        responses={
            200: JobDetailSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="Above the courier's cash limit (over_cash_limit)"
            ),
            403: NOT_COURIER,
            404: NOT_FOUND,
            409: TAKEN,
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Take the job: exactly one courier wins it; the answer then holds the address and contacts."""
        delivery = job_accept(delivery_id=int(pk), user=request.user, courier=self.courier)
        return self._detail(delivery.pk)

    @extend_schema(
        request=ReleaseSerializer,
        responses={
            200: JobSerializer,
            400: VALIDATION_FAILED,
            403: NOT_COURIER,
            404: NOT_FOUND,
            409: NOT_RELEASABLE,
        },
    )
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        """Give the job back before pickup, with a reason: it returns to the board."""
        job = job_for_courier(self.courier, pk)
        if job.courier_id != self.courier.pk:
            raise CourierError(_("Job not found."), "not_found")
        data = ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = job_release(delivery_id=int(pk), user=request.user, reason=data.validated_data["reason"])
        return Response(JobSerializer(job_cards_for_courier(self.courier)([delivery.pk])[delivery.pk]).data)
