"""In production, pages link hashed static files that are served compressed and kept by browsers for a
year (whitenoise's manifest storage), so a returning shopper on a slow line downloads them once."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PRODUCTION_STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
YEAR_LONG = "max-age=315360000"


@pytest.fixture
def collected(settings, tmp_path):
    """The production static storage, after `collectstatic` (the API docs' and admin's files left out,
    for time: their compression is most of it)."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    settings.WHITENOISE_AUTOREFRESH = False
    call_command(
        "collectstatic", interactive=False, verbosity=0, ignore_patterns=["drf_spectacular_sidecar", "admin"]
    )


def linked(page: str, pattern: str) -> str:
    return re.search(rf'(?:href|src)="(/static/{pattern})"', page).group(1)


def test_pages_link_hashed_files_served_compressed_and_cached_for_a_year(collected, client):
    product = ProductFactory()
    page = client.get(reverse("vendors:stall_detail", args=[product.trader.pk])).content.decode()

    for url in (
        linked(page, r"css/app\.[0-9a-f]{12}\.css"),
        linked(page, r"js/app\.[0-9a-f]{12}\.js"),
        linked(page, r"img/illustrations/basket\.[0-9a-f]{12}\.svg"),
    ):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        assert YEAR_LONG in response["Cache-Control"] and "immutable" in response["Cache-Control"], url
