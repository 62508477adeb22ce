"""core.api.exception_handler: the one shape of every API error, for any view and any service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

import accounts.api  # noqa: F401  (registers AccountError, as the URLconf does on the first request)
from accounts.services import AccountError
from core.api import DomainConflict


class RaisingView(APIView):
    """Raises what the test hands it, as a service called by a view would."""

    permission_classes = [AllowAny]
    error = None

    def get(self, request):
        raise self.error


def answer(make_error, language="en"):
    """The response to a request in `language` whose view raised make_error()."""
    with translation.override(language):
        return RaisingView.as_view(error=make_error())(APIRequestFactory().get("/api/v1/test/"))


@pytest.mark.parametrize(
    ("make_error", "status", "body"),
    [
        (
            lambda: serializers.ValidationError({"price": ["Must be positive."]}),
            400,
            {"price": ["Must be positive."]},
        ),
        (
            lambda: serializers.ValidationError("Choose a market first."),
            400,
            {"non_field_errors": ["Choose a market first."]},
        ),
        (  # model.full_clean() inside a service
            lambda: DjangoValidationError({"stock": "Stock cannot be negative."}),
            400,
            {"stock": ["Stock cannot be negative."]},
        ),
        (
            lambda: AccountError("Choose one of the offered languages.", code="invalid_language"),
            400,
            {"detail": "Choose one of the offered languages.", "code": "invalid_language"},
        ),
        (  # the accounts API declares phone_taken a conflict
            lambda: AccountError("This phone number already belongs to another account.", code="phone_taken"),
            409,
            {"detail": "This phone number already belongs to another account.", "code": "phone_taken"},
        ),
        (
            lambda: DomainConflict(),
            409,
            {"detail": "Someone else changed this first. Reload and try again.", "code": "conflict"},
        ),
        (
            lambda: DomainConflict("This job was taken by another courier.", code="job_taken"),
            409,
            {"detail": "This job was taken by another courier.", "code": "job_taken"},
        ),
        (
            lambda: PermissionDenied("only coordinators"),
            403,
            {"detail": "You do not have permission to perform this action.", "code": "permission_denied"},
        ),
        (  # the model's name stays inside
            lambda: Http404("No Trader matches the given query."),
            404,
            {"detail": "Not found.", "code": "not_found"},
        ),
    ],
)
def test_errors_answer_with_their_status_and_shape(make_error, status, body):
    response = answer(make_error)

    assert response.status_code == status
    assert response.data == body


def test_errors_come_in_indonesian_by_default():
    response = answer(DomainConflict, language="id")

    assert response.data["detail"] == "Data ini baru saja diubah orang lain. Muat ulang, lalu coba lagi."


def test_a_domain_error_message_is_translated_when_answered():
    def make_error():
        return AccountError(gettext_lazy("Not found."), code="gone")

    assert answer(make_error, language="id").data["detail"] == "Data tidak ditemukan."
    assert answer(make_error, language="en").data["detail"] == "Not found."


def test_a_bug_is_not_dressed_up_as_a_client_error():
    class Unexpected(Exception):
        code = "looks_like_a_domain_error"
        message = "but nobody registered it"

    with pytest.raises(Unexpected):
        answer(Unexpected)
