"""core.middleware: bodies too large, JSON nested too deeply and NUL characters, refused before any view."""

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import (
    BodyLimitUploadHandler,
    RequestBodyLimitMiddleware,
    UploadTooLarge,
    json_nesting_depth,
)
from tests.factories import MarketFactory, UserFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "url",
    [
        "/_allauth/app/v1/auth/login",
        "/_allauth/app/v1/auth/signup",
        "/_allauth/app/v1/auth/code/request",
        "/_allauth/browser/v1/auth/login",
    ],
)
def test_deeply_nested_json_to_allauth_answers_400_in_its_error_shape(client, url):
    response = client.post(url, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_deep"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/trader/applications/"),
        ("patch", "/api/v1/me/"),
        ("post", "/api/v1/trader/products/"),
        ("post", "/api/v1/staff/traders/"),
    ],
)
def test_deeply_nested_json_to_the_api_answers_400_for_the_request_as_a_whole(client, method, url):
    client.force_login(UserFactory())

    response = getattr(client, method)(url, DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["JSON ini bersarang terlalu dalam (paling banyak 32 tingkat)."]
    }


def test_deeply_nested_json_is_refused_whatever_the_content_type_says(client):
    response = client.post("/_allauth/app/v1/auth/login", DEEP, content_type="text/plain")

    assert response.status_code == 400


def test_json_nested_as_deep_as_the_limit_reaches_the_view(client, settings):
    client.force_login(UserFactory())
    inside = settings.JSON_MAX_DEPTH - 1  # within the body's own object
    nested = "[" * inside + "]" * inside

    response = client.patch(
        "/api/v1/me/", json.dumps({"name": "Bu Sri", "x": json.loads(nested)}), "application/json"
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b'{"a": [1, 2, {"b": []}]}', 4),
        (b'{"name": "[[[[ {{{{"}', 1),
        (b'{"name": "a \\" [[[[", "x": [[]]}', 3),
        (b"", 0),
        (DEEP.encode(), 100_000),
    ],
)
def test_nesting_depth_ignores_brackets_inside_strings(body, depth):
    assert json_nesting_depth(body) == depth


def test_a_nul_in_an_api_path_answers_404(client):
    MarketFactory(slug="pasar-batang")

    for url in ["/api/v1/markets/%00/", "/api/v1/markets/pasar-batang%00/", "/api/v1/stalls/1%00/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"


def test_a_nul_in_a_page_path_answers_the_404_page(client):
    response = client.get("/pasar/%00/")

    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/products/?search=%00",
        "/api/v1/stalls/?market=%00",
        "/api/v1/staff/traders/?market=%00",
        "/api/v1/staff/groups/?market=%00",
        "/api/v1/products/?%00=1",
    ],
)
def test_a_nul_in_the_query_answers_400(client, url):
    client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Alamat ini berisi karakter yang tidak diizinkan."]}


@pytest.mark.parametrize("url", ["/_allauth/app/v1/auth/login", "/api/v1/me/"])
def test_a_body_declared_over_the_limit_answers_413_unread(client, url):
    response = client.post(url, "{}", content_type="application/json", CONTENT_LENGTH=str(7 * 1024 * 1024))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = response.json()
    code = body["errors"][0]["code"] if url.startswith("/_allauth/") else body["code"]
    assert code == "too_large"


def test_the_upload_handler_stops_once_the_files_pass_the_limit(settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    request = RequestFactory().post("/api/v1/trader/applications/")
    handler = BodyLimitUploadHandler(request)
    handler.new_file("photo", "foto.jpg", "image/jpeg", None)

    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(UploadTooLarge):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert request.upload_too_large


def test_a_stopped_upload_answers_413_whatever_the_view_made_of_it():
    def view_that_hit_the_limit(request):
        request.upload_too_large = True
        return HttpResponse(status=400)

    request = RequestFactory().post("/api/v1/trader/applications/")
    response = RequestBodyLimitMiddleware(view_that_hit_the_limit)(request)

    assert response.status_code == 413
    assert json.loads(response.content)["code"] == "too_large"
