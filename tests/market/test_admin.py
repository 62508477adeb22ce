"""The Django admin across market, vendors and couriers: every page loads, statuses stay read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from couriers.models import Courier
from market.models import Application
from tests.factories import (
    CommodityFactory,
    CourierFactory,
    MarketFactory,
    ProductFactory,
    RegionStaffFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.models import Trader

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def data():
    product = ProductFactory()
    TraderGroupFactory(market=product.trader.market, coordinator=product.trader)
    RegionStaffFactory(region=product.trader.market.region)
    CourierFactory()
    CommodityFactory()
    MarketFactory()
    return product


OUR_APPS = {"market", "vendors", "couriers", "accounts", "notifications"}


def test_every_changelist_and_change_page_loads(admin_client, data):
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        assert admin_client.get(changelist, {"q": "pasar"}).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert admin_client.get(change).status_code == 200, change


@pytest.mark.parametrize(
    ("model", "field"),
    [(Trader, "status"), (Courier, "status"), (Courier, "is_online"), (Application, "status")],
)
def test_status_fields_are_read_only(admin_client, data, model, field, rf):
    """A status posted to the admin is not even a form field: only the services change it."""
    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    obj = model.objects.first()
    form = admin.site._registry[model].get_form(request, obj)
    assert field not in form.base_fields
