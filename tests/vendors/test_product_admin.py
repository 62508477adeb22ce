"""The platform admin's product form reads prices and quantities by the same rule as the trader's pages."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from tests.factories import ProductFactory, UserFactory
from tests.vendors.typed_numbers import FORTY_FIVE_THOUSAND, NOT_A_PRICE, QUANTITIES
from vendors.forms.products import QuantityField
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def product():
    return ProductFactory(price=38000, stock=Decimal("10"), step=Decimal("0.25"))


def change_url(product) -> str:
    return reverse("admin:vendors_product_change", args=[product.pk])


def as_shown(admin_client, product, **changes) -> dict:
    """The change form posted back as the admin shows it, with `changes` typed over it."""
    return posted_back(admin_client, change_url(product), **changes)


def posted_back(admin_client, url, **changes) -> dict:
    """The admin form at `url` posted back as shown, with `changes` typed over it."""
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.SplitDateTimeField):
            data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
        elif isinstance(field, QuantityField):
            data[name] = field.widget.format_value(value) or ""
        elif not isinstance(field, forms.FileField):
            data[name] = "" if value is None else value
    return {**data, **changes}


def test_saving_the_form_as_shown_changes_nothing(admin_client):
    product = ProductFactory(price=38000, stock=Decimal("1000.5"), step=Decimal("0.5"))

    response = admin_client.post(change_url(product), as_shown(admin_client, product))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock, product.step) == (38000, Decimal("1000.5"), Decimal("0.5"))


@pytest.mark.parametrize("typed", FORTY_FIVE_THOUSAND)
def test_a_price_typed_as_people_write_it(admin_client, product, typed):
    response = admin_client.post(change_url(product), as_shown(admin_client, product, price=typed))

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == 45000


@pytest.mark.parametrize(("typed", "message"), NOT_A_PRICE.items())
def test_a_price_that_is_no_price_is_refused_on_the_field(admin_client, product, typed, message):
    response = admin_client.post(change_url(product), as_shown(admin_client, product, price=typed))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["price"] == [message]
    assert Product.objects.get().price == 38000


@pytest.mark.parametrize("field", ["step"])
@pytest.mark.parametrize(("typed", "value"), QUANTITIES.items())
def test_quantities_read_thousands_dots_and_decimal_commas(admin_client, product, field, typed, value):
    Product.objects.filter(pk=product.pk).update(stock=0)  # any step divides it

    response = admin_client.post(change_url(product), as_shown(admin_client, product, **{field: typed}))

    assert response.status_code == 302
    product.refresh_from_db()
    assert getattr(product, field) == value


def test_reverting_to_an_old_version_keeps_the_current_stock(admin_client, product):
    """The admin never writes the stock (tests/market/test_admin.py posts one): not even a reverted
    version's, which would write over the sales made since."""
    old_version = product.history.earliest()
    Product.objects.filter(pk=product.pk).update(stock=Decimal("2"), price=41000)
    revert_url = reverse("admin:vendors_product_simple_history", args=[product.pk, old_version.history_id])

    response = admin_client.post(revert_url, posted_back(admin_client, revert_url))

    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert (product.price, product.stock) == (38000, Decimal("2"))


def test_a_step_the_stock_does_not_fit_is_refused_on_the_form(admin_client, product):
    response = admin_client.post(change_url(product), as_shown(admin_client, product, step="3"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["stock"] == [
        "Stok harus kelipatan langkah jumlahnya (3)."
    ]
    product.refresh_from_db()
    assert product.step == Decimal("0.25")
