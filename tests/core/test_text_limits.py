"""Free text has one limit per field, kept by the model, the forms and the API alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import max_length_of
from market.models import Application, Decision, Market
from tests.factories import ApplicationFactory, ProductFactory, RegionStaffFactory
from vendors.models import Product, Trader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Product, "description", 2000),
        (Trader, "description", 500),
        (Market, "description", 2000),
        (Application, "note", 1000),
        (Decision, "reason", 1000),
    ],
)
def test_every_free_text_field_has_a_limit(model, field, limit):
    assert max_length_of(model, field) == limit


def test_the_model_refuses_text_over_the_limit():
    product = ProductFactory()
    product.description = "x" * 2001

    with pytest.raises(ValidationError) as refused:
        product.full_clean()

    assert "description" in refused.value.message_dict


def test_the_api_refuses_a_huge_description_and_keeps_the_old_one(client):
    product = ProductFactory(description="Segar dari kebun")
    client.force_login(product.trader.user)

    response = client.patch(
        f"/api/v1/trader/products/{product.pk}/",
        {"description": "x" * 5_900_000},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["description"]
    product.refresh_from_db()
    assert product.description == "Segar dari kebun"


def test_the_product_page_refuses_a_description_over_the_limit(client):
    product = ProductFactory(description="Segar dari kebun")
    client.force_login(product.trader.user)
    url = reverse("vendors:manage_product_edit", args=[product.trader_id, product.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"category": product.category_id, "description": "x" * 2001})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    product.refresh_from_db()
    assert product.description == "Segar dari kebun"


def test_a_decision_reason_over_the_limit_is_refused_by_the_api(client):
    application = ApplicationFactory()
    client.force_login(RegionStaffFactory(region=application.region).user)

    response = client.post(
        f"/api/v1/staff/applications/{application.pk}/reject/",
        {"reason": "x" * 1001},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    application.refresh_from_db()
    assert application.status == "pending"
