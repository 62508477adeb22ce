"""Who may call what: every endpoint in the schema is covered, so a new one cannot open by accident."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = {"/api/v1/markets/", "/api/v1/products/", "/api/v1/stalls/"}


def listing_paths():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(path for path, operations in paths.items() if "{" not in path and "get" in operations)


def test_anonymous_callers_reach_only_the_public_catalogue(client):
    paths = listing_paths()
    assert set(paths) > PUBLIC

    for path in paths:
        response = client.get(path)
        assert response.status_code == (200 if path in PUBLIC else 401), path


def test_a_signed_in_caller_is_never_asked_to_sign_in(client):
    client.force_login(UserFactory())

    for path in listing_paths():
        assert client.get(path).status_code != 401, path
