"""OpenAPI 3 at /api/schema/, Swagger UI at /api/docs/: valid, complete, served from this machine."""

import re

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from core.schema_view import SchemaView

API_PATHS = {
    "/api/v1/markets/",
    "/api/v1/markets/{slug}/",
    "/api/v1/products/",
    "/api/v1/products/{id}/",
    "/api/v1/stalls/",
    "/api/v1/stalls/{id}/",
    "/api/v1/me/",
    "/api/v1/trader/stalls/",
    "/api/v1/trader/products/",
    "/api/v1/trader/products/{id}/",
    "/api/v1/trader/products/{id}/photo/",
    "/api/v1/trader/products/bulk/",
    "/api/v1/trader/applications/",
    "/api/v1/staff/applications/",
    "/api/v1/staff/applications/{id}/",
    "/api/v1/staff/applications/{id}/approve/",
    "/api/v1/staff/applications/{id}/reject/",
    "/api/v1/staff/applications/{id}/suspend/",
    "/api/v1/staff/applications/{id}/reinstate/",
    "/api/v1/staff/traders/",
    "/api/v1/staff/traders/{id}/suspend/",
    "/api/v1/staff/traders/{id}/reinstate/",
    "/api/v1/trader/members/",
    "/api/v1/trader/stall-claims/",
    "/api/v1/trader/stall-claims/{id}/confirm/",
    "/api/v1/trader/stall-claims/{id}/resend/",
    "/api/v1/staff/groups/",
    "/api/v1/staff/groups/{id}/",
    "/api/v1/staff/groups/{id}/members/",
    "/api/v1/staff/groups/{id}/members/{trader_id}/",
    "/api/v1/notifications/",
    "/api/v1/notifications/{id}/",
    "/api/v1/notifications/{id}/read/",
    "/api/v1/notifications/read-all/",
    "/api/v1/notifications/unread-count/",
    "/api/v1/cart/",
    "/api/v1/cart/items/{id}/",
    "/api/v1/kelurahan/",
    "/api/v1/orders/",
    "/api/v1/orders/quote/",
    "/api/v1/orders/{id}/",
    "/api/v1/orders/{id}/cancel/",
    "/api/v1/trader/orders/",
    "/api/v1/trader/orders/{id}/",
    "/api/v1/trader/orders/{id}/accept/",
    "/api/v1/trader/orders/{id}/reject/",
    "/api/v1/trader/orders/{id}/reject-items/",
    "/api/v1/trader/orders/{id}/ready/",
    "/api/v1/staff/orders/",
    "/api/v1/staff/orders/{id}/",
    "/api/v1/staff/orders/{id}/cancel/",
    "/api/v1/courier/status/",
    "/api/v1/courier/jobs/",
    "/api/v1/courier/jobs/{id}/",
    "/api/v1/courier/jobs/{id}/accept/",
    "/api/v1/courier/jobs/{id}/release/",
    "/api/v1/courier/jobs/{id}/pickup/",
    "/api/v1/courier/jobs/{id}/deliver/",
    "/api/v1/courier/jobs/{id}/fail/",
    "/api/v1/courier/earnings/",
    "/api/v1/courier/company/deliveries/",
    "/api/v1/courier/company/totals/",
    "/api/v1/courier/company/totals/{id}/",
    "/api/v1/trader/pickups/",
    "/api/v1/trader/pickups/{id}/confirm/",
    "/api/v1/staff/deliveries/",
    "/api/v1/staff/deliveries/{id}/",
    "/api/v1/staff/deliveries/{id}/retry/",
    "/api/v1/staff/deliveries/{id}/return/",
    "/api/v1/staff/deliveries/{id}/unlock/",
    "/api/v1/staff/settlement/",
    "/api/v1/staff/courier-activity/",
    "/api/v1/courier/applications/",
    "/api/v1/courier/company/couriers/",
    "/api/v1/courier/company/couriers/{id}/",
    "/api/v1/courier/company/couriers/{id}/approve/",
    "/api/v1/courier/company/couriers/{id}/reject/",
    "/api/v1/courier/company/couriers/{id}/suspend/",
    "/api/v1/courier/company/couriers/{id}/reinstate/",
}


def test_schema_validates_without_warnings_and_lists_every_endpoint(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text())
    assert set(schema["paths"]) == API_PATHS
    assert schema["components"]["securitySchemes"]["sessionToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Session-Token",
        "description": "meta.session_token from POST /_allauth/app/v1/auth/login",
    }
    products = schema["paths"]["/api/v1/products/"]["get"]
    assert {p["name"] for p in products["parameters"]} >= {
        "market",
        "region",
        "stall",
        "category",
        "commodity",
        "search",
        "ordering",
        "page",
    }
    assert {"sessionToken": []} in schema["paths"]["/api/v1/me/"]["get"]["security"]


@pytest.mark.django_db
def test_schema_is_served_as_json(client):
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})

    assert response.status_code == 200
    assert set(response.json()["paths"]) == API_PATHS


@pytest.mark.django_db
def test_docs_load_only_local_assets_under_the_strict_policy(client):
    docs = client.get("/api/docs/")

    assert docs.status_code == 200
    policy = docs["Content-Security-Policy"]
    assert "style-src 'self';" in policy and "unsafe" not in policy
    html = docs.content.decode()
    assert "<style" not in html and "style=" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(sources) == 6  # favicon, 2 stylesheets, 3 scripts
    static = [
        source.removeprefix(settings.STATIC_URL) for source in sources if source != "/api/docs/?script="
    ]
    assert len(static) == 5 and all(finders.find(path) for path in static), sources

    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/trader/applications/",
        "/api/v1/trader/stalls/",
        "/api/v1/trader/members/",
        "/api/v1/trader/stall-claims/",
        "/api/v1/staff/groups/",
        "/api/v1/staff/traders/",
        "/api/v1/staff/applications/",
        "/api/v1/courier/applications/",
        "/api/v1/courier/company/couriers/",
    ],
)
def test_every_list_answers_a_page_as_its_schema_says(client, people, url):
    user = people.staff if url.startswith("/api/v1/staff/") else people.coordinator
    if url.startswith("/api/v1/courier/company/"):
        user = people.company_admin
    client.force_login(user)

    body = client.get(url, {"page": 1}).json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert client.get(url, {"page": 999}).status_code == 404


@pytest.fixture(scope="module")
def operations():
    """The responses of an operation in the schema as /api/schema/ serves it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return lambda method, path: schema["paths"][path][method]["responses"]


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("get", "/api/v1/markets/", {"200", "400", "404", "414"}),  # open to all, paginated
        ("get", "/api/v1/markets/{slug}/", {"200", "404"}),
        ("get", "/api/v1/me/", {"200", "401"}),  # any signed-in caller may read it
        ("patch", "/api/v1/me/", {"200", "400", "401", "403", "413", "415"}),  # 403: a session's CSRF
        ("get", "/api/v1/staff/traders/", {"200", "400", "401", "403", "404", "414"}),  # staff only
        ("delete", "/api/v1/trader/products/{id}/", {"204", "401", "403", "404"}),
    ],
)
def test_every_operation_documents_the_statuses_the_shared_layers_give(operations, method, path, statuses):
    assert set(operations(method, path)) == statuses


def test_shared_answers_are_json_but_for_the_web_servers_over_long_address(operations):
    responses = operations("get", "/api/v1/staff/traders/")

    assert responses["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "anyOf" in responses["400"]["content"]["application/json"]["schema"]
    assert list(responses["414"]["content"]) == ["text/html"]


def test_a_views_own_description_of_a_status_wins(operations):
    assert operations("get", "/api/v1/markets/{slug}/")["404"]["description"] == (
        "Unknown, or outside what the caller may see"
    )


@pytest.mark.django_db
def test_the_schema_is_generated_once_per_process_for_each_language(client, monkeypatch):
    SchemaView._rendered.clear()
    generated = []
    generate = SchemaGenerator.get_schema
    monkeypatch.setattr(
        SchemaGenerator, "get_schema", lambda self, **kw: generated.append(1) or generate(self, **kw)
    )
    json_schema = {"Accept": "application/vnd.oai.openapi+json"}

    first = client.get("/api/schema/", headers=json_schema)
    second = client.get("/api/schema/", headers=json_schema)
    english = client.get("/api/schema/?lang=en", headers=json_schema)

    assert len(generated) == 2, "once for Indonesian, once for English"
    assert first.content == second.content and first.json()["paths"]
    assert second["Content-Type"] == "application/vnd.oai.openapi+json"
    assert english.content != first.content
