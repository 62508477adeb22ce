"""core.api.exception_handler: the one shape of every API error, for any view and any service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from accounts.api import MeView  # also registers AccountError, as the URLconf does on the first request
from accounts.services import AccountError
from core.api import DomainConflict
from tests.factories import MarketFactory, ProductFactory, TraderFactory, UserFactory
from vendors.models import Product


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


# --- Constraints, in words and on their field ------------------------------------------------------


def _unsaved_product_with_step_zero():
    product = ProductFactory.build(step=0, trader=TraderFactory())
    product.category.save()
    return product


@pytest.mark.django_db
def test_a_constraint_without_a_message_of_its_own_answers_on_its_field_without_its_name():
    product = _unsaved_product_with_step_zero()

    def make_error():
        try:
            product.validate_constraints()
        except DjangoValidationError as error:
            return error
        raise AssertionError("step 0 passed product_step_positive")

    response = answer(make_error)

    assert response.status_code == 400
    assert response.data == {"step": ["This value is not allowed."]}


def test_a_model_error_on_the_whole_object_answers_under_non_field_errors():
    response = answer(lambda: DjangoValidationError({"__all__": ["Choose a stall or a market, not both."]}))

    assert response.data == {"non_field_errors": ["Choose a stall or a market, not both."]}


class SavingView(APIView):
    """Writes what the test hands it straight to the database, as a service missing a check would."""

    permission_classes = [AllowAny]
    write = None

    def get(self, request):
        with transaction.atomic():
            self.write()
        return Response({})


def saved(write, language="en"):
    with translation.override(language):
        return SavingView.as_view(write=write)(APIRequestFactory().get("/api/v1/test/"))


@pytest.mark.django_db
def test_a_check_the_database_enforced_answers_400_on_its_field(caplog):
    product = ProductFactory()

    response = saved(lambda: Product.objects.filter(pk=product.pk).update(step=0))

    assert response.status_code == 400
    assert response.data == {"step": ["This value is not allowed."]}
    assert "product_step_positive" in caplog.text  # logged: a check is missing before the save
    product.refresh_from_db()
    assert product.step > 0


@pytest.mark.django_db
def test_a_duplicate_the_database_refused_answers_409():
    market = MarketFactory()

    response = saved(lambda: MarketFactory(region=market.region, slug=market.slug))

    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert "slug" not in str(response.data) and "unique" not in str(response.data).lower()


# --- Requests that never reach a serializer ----------------------------------------------------------


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_400_for_the_request_as_a_whole(client):
    client.force_login(UserFactory())

    response = client.patch("/api/v1/me/", '{"name": "Bu Sri",', content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert response.json()["non_field_errors"][0].startswith("JSON parse error")


@pytest.mark.django_db
def test_too_many_form_fields_answer_400_as_json(client):
    client.force_login(UserFactory())
    body = "&".join(f"field{number}=1" for number in range(1100))

    response = client.patch("/api/v1/me/", body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Formulir ini berisi terlalu banyak isian."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", '{"market": "pasar-batang\\u0000", "stall_name": "Lapak"}'),
        ("application/x-www-form-urlencoded", "market=pasar-batang%00&stall_name=Lapak"),
    ],
)
def test_a_nul_in_a_body_field_answers_400_on_that_field(client, content_type, body):
    client.force_login(UserFactory())

    response = client.post("/api/v1/trader/applications/", body, content_type=content_type)

    assert response.status_code == 400
    assert response.json() == {"market": ["Karakter null tidak diizinkan."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/api/v1/stalls/abc/", "/api/v1/trader/stall-claims/1.5/confirm/", "/api/v1/nope/"]
)
def test_an_api_address_no_pattern_matches_answers_404_json(client, url):
    response = client.post(url) if "confirm" in url else client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


@pytest.mark.django_db
def test_a_refused_host_answers_400_json_under_the_api(client):
    response = client.get("/api/v1/markets/", headers={"Host": "pasar.example.com"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Permintaan tidak dapat dibaca."]}


@pytest.mark.django_db
def test_a_bug_under_the_api_answers_500_json(client, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(MeView, "get", broken)
    client.force_login(UserFactory())
    client.raise_request_exception = False

    response = client.get("/api/v1/me/")

    assert response.status_code == 500
    assert response.json()["code"] == "error"


@pytest.mark.django_db
def test_a_bug_on_a_page_still_answers_the_error_page(client, monkeypatch):
    def broken():
        raise RuntimeError("a bug")

    monkeypatch.setattr("market.views.home.market_list_public", broken)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "text/html" in response["Content-Type"]
    assert "Maaf, terjadi kesalahan" in response.content.decode()


# --- allauth's headless API answers JSON too --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[null, null]", "not json"])
def test_a_body_allauth_cannot_read_answers_400_in_its_error_shape(client, body):
    response = client.post("/_allauth/app/v1/auth/login", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [{"message": "Isi permintaan harus berupa objek JSON.", "code": "invalid"}],
    }


@pytest.mark.django_db
def test_a_browser_call_to_allauth_without_the_csrf_token_answers_403_json():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/_allauth/browser/v1/auth/login", {}, content_type="application/json")

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "csrf_failed"
