"""Fields a caller may not set are read-only in every API serializer (signup: tests/accounts)."""

import pytest
from django.urls import URLResolver, get_resolver

from tests.factories import ProductFactory, UserFactory

PROTECTED = {
    "status",
    "is_staff",
    "is_superuser",
    "is_active",
    "phone_verified",
    "user",
    "trader",
    "applicant",
    "application",
    "archived_at",
    "stock",
    "price",
}


def api_views():
    """Every view class mounted under /api/v1/ (each app's api_urls included there)."""
    for pattern in get_resolver().url_patterns:
        if str(pattern.pattern) == "api/v1/":
            yield from _views_in(pattern.url_patterns)


def _views_in(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views_in(pattern.url_patterns)
        else:
            view = pattern.callback
            yield getattr(view, "cls", None) or getattr(view, "view_class", None)


def test_no_api_serializer_lets_a_caller_set_a_protected_field():
    checked = 0
    for view_class in filter(None, api_views()):
        if not hasattr(view_class, "serializer_class") or view_class.serializer_class is None:
            continue
        checked += 1
        serializer = view_class.serializer_class()
        writable = {name for name, field in serializer.fields.items() if not field.read_only}
        assert not writable & PROTECTED, f"{view_class.__name__} lets callers set {writable & PROTECTED}"
    assert checked >= 4


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/products/", "/api/v1/markets/", "/api/v1/stalls/"])
def test_shoppers_cannot_write_to_the_catalogue(client, url):
    product = ProductFactory(price=12500)
    client.force_login(UserFactory())

    response = client.post(
        url, {"price": 1, "stock": "999", "status": "active"}, content_type="application/json"
    )
    put = client.patch(
        f"/api/v1/products/{product.pk}/", {"price": 1, "stock": "999"}, content_type="application/json"
    )

    assert response.status_code == 405
    assert put.status_code == 405
    product.refresh_from_db()
    assert (product.price, product.stock) == (12500, 10)
