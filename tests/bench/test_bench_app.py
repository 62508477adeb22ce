"""The bench-only URLs and middleware: what they answer, and that production never loads them."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import config.settings as production
from bench.middleware import QUERIES_HEADER
from bench.views import BARE_PRODUCTS
from tests.factories import ProductFactory

MIDDLEWARE = "bench.middleware.BenchMiddleware"


@pytest.fixture
def bench_settings(settings, tmp_path):
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"],
        }
    ]
    settings.BENCH_REQUEST_LOG = str(tmp_path / "requests")
    return settings


def test_production_settings_have_no_bench_middleware_or_urls():
    assert MIDDLEWARE not in production.MIDDLEWARE
    assert production.ROOT_URLCONF == "config.urls"


def test_bench_settings_refuse_debug_on():
    # The suite runs with DJANGO_DEBUG=true: the bench would measure the development setup.
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG=false"):
        importlib.import_module("bench.settings")


@pytest.mark.django_db
def test_bare_50_product_page_is_one_query_for_50_products(bench_settings, client):
    products = ProductFactory.create_batch(BARE_PRODUCTS + 5)

    response = client.get("/_bench/products/")

    assert response.status_code == 200
    assert response[QUERIES_HEADER] == "1"
    shown = response.content.decode()
    assert products[0].name in shown and products[BARE_PRODUCTS - 1].name in shown
    assert shown.count("<li>") == BARE_PRODUCTS


@pytest.mark.django_db
def test_counts_queries_and_logs_a_byte_per_request(bench_settings, client):
    bare = client.get("/_bench/bare/")
    anonymous = client.get("/_bench/signed-in/")
    client.force_login(ProductFactory().trader.user)
    signed_in = client.get("/_bench/signed-in/")

    assert (bare.status_code, bare[QUERIES_HEADER]) == (200, "0")
    assert anonymous.status_code == 302
    assert (signed_in.status_code, signed_in[QUERIES_HEADER]) == (200, "2"), "the session and the user"
    with open(bench_settings.BENCH_REQUEST_LOG, "rb") as log:
        assert log.read() == b"..."


@pytest.mark.django_db
def test_the_site_is_served_under_the_bench_urls_too(bench_settings, client):
    response = client.get("/")

    assert response.status_code == 200
    assert int(response[QUERIES_HEADER]) >= 1
