"""The Django admin of market, vendors and couriers: every page loads, statuses stay read-only."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couriers.models import Courier, CourierCompany
from market.models import Application, Decision, PriceSnapshot
from tests.factories import (
    ApplicationFactory,
    CommodityFactory,
    CourierCompanyFactory,
    CourierFactory,
    MarketFactory,
    ProductFactory,
    RegionStaffFactory,
    TraderGroupFactory,
    UserFactory,
)
from vendors.models import Product, Trader

pytestmark = pytest.mark.django_db

OUR_APPS = {"market", "vendors", "couriers"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def make_rows():
    """One row of every model of market, vendors and couriers, with what links them."""
    product = ProductFactory()
    TraderGroupFactory(market=product.trader.market, coordinator=product.trader)
    staff = RegionStaffFactory(region=product.trader.market.region)
    Decision.objects.create(
        application=product.trader.application, action="approve", actor=staff.user, reason="Lapak dicek"
    )
    CourierFactory(company=CourierCompanyFactory())
    PriceSnapshot.objects.create(
        commodity=CommodityFactory(),
        market=MarketFactory(),
        date=datetime.date(2026, 11, 20),
        price_min=55000,
        price_median=60000,
        price_max=65000,
    )
    return product


@pytest.fixture
def data():
    return make_rows()


def admin_url(obj, view="change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def test_every_changelist_and_change_page_loads(admin_client, data):
    models = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]
    assert {model._meta.model_name for model in models} >= {"application", "trader", "product", "courier"}
    for model in models:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == 200, changelist
        assert admin_client.get(changelist, {"q": "pasar"}).status_code == 200, changelist
        obj = model.objects.first()
        assert obj is not None, opts.label
        assert admin_client.get(admin_url(obj)).status_code == 200, opts.label


def test_changelist_queries_do_not_grow_with_the_rows(admin_client, data, django_assert_max_num_queries):
    changelists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS
    ]
    queries = {}
    for url in changelists:
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(url)
        queries[url] = len(captured)

    for _ in range(3):
        make_rows()

    for url in changelists:
        with django_assert_max_num_queries(queries[url]):
            assert admin_client.get(url).status_code == 200, url


def test_product_history_page_loads(admin_client, data):
    response = admin_client.get(admin_url(data, "history"))
    assert response.status_code == 200


def test_application_shows_its_decisions_read_only(admin_client, data):
    response = admin_client.get(admin_url(data.trader.application))
    inline = response.context["inline_admin_formsets"][0]
    assert inline.opts.model is Decision
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission
    assert "Lapak dicek" in response.content.decode()


def post_data(response) -> dict:
    """What the browser would post back from an admin change page, unchanged."""
    data = {}
    forms_on_page = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms_on_page += [inline.formset.management_form, *inline.formset.forms]
    for form in forms_on_page:
        for bound in form:
            data.update(_field_post_data(bound))
    return data


def _field_post_data(bound) -> dict:
    value, widget = bound.value(), bound.field.widget
    if isinstance(widget, forms.MultiWidget):  # split date and time
        parts = widget.decompress(value)
        return {f"{bound.html_name}_{i}": "" if part is None else str(part) for i, part in enumerate(parts)}
    if isinstance(value, bool):
        return {bound.html_name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {bound.html_name: [str(item) for item in value]}
    return {bound.html_name: "" if value is None else str(value)}


@pytest.mark.parametrize(
    ("model", "changes", "editable"),
    [
        (Application, {"status": "rejected", "decided_at_0": "2026-11-01"}, ("note", "Dicek ulang")),
        (Trader, {"status": "suspended"}, ("stall_name", "Lapak Baru")),
        (Courier, {"status": "suspended", "is_online": "on"}, ("plate_number", "G 9999 ZZ")),
        (CourierCompany, {"status": "suspended"}, ("name", "Ojek Baru")),
        # Stock changes only through vendors' services (locked rows, the StockMovement ledger).
        (Product, {"stock": "99"}, ("name", "Beras Baru")),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_posting_a_status_to_the_admin_changes_nothing_but_the_editable_fields(
    admin_client, data, model, changes, editable
):
    """Only the services move a status: the admin saves the other fields and ignores a posted status."""
    obj = model.objects.first()
    before = {field: getattr(obj, field.removesuffix("_0")) for field in changes}
    decisions = Decision.objects.count()
    form = post_data(admin_client.get(admin_url(obj)))
    field, new_value = editable

    response = admin_client.post(admin_url(obj), {**form, **changes, field: new_value})

    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert getattr(obj, field) == new_value
    assert {field: getattr(obj, field.removesuffix("_0")) for field in changes} == before
    assert Decision.objects.count() == decisions


def test_a_decision_cannot_be_added_through_the_admin(admin_client, data):
    application = ApplicationFactory()
    form = post_data(admin_client.get(admin_url(application)))
    prefix = "decisions"
    form.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-action": "approve",
            f"{prefix}-0-actor": str(application.applicant.pk),
            f"{prefix}-0-reason": "lewat admin",
            f"{prefix}-0-created_at_0": "2026-11-20",
            f"{prefix}-0-created_at_1": "10:00",
        }
    )

    admin_client.post(admin_url(application), form)

    assert not application.decisions.exists()
    application.refresh_from_db()
    assert application.status == "pending"


def test_a_stalls_group_owner_and_market_cannot_be_changed_in_the_admin(admin_client, data):
    """Moving a stall goes through vendors' services, which release a moved coordinator."""
    stall = data.trader
    other_group = TraderGroupFactory(market=stall.market, name="Kelompok Lain")
    before = (stall.group_id, stall.user_id, stall.market_id)
    form = post_data(admin_client.get(admin_url(stall)))

    response = admin_client.post(
        admin_url(stall),
        {**form, "group": other_group.pk, "user": UserFactory().pk, "market": MarketFactory().pk},
    )

    assert response.status_code == 302
    stall.refresh_from_db()
    assert (stall.group_id, stall.user_id, stall.market_id) == before
    assert admin_client.get(reverse("admin:vendors_trader_add")).status_code == 403


def test_a_groups_coordinator_cannot_be_changed_in_the_admin(admin_client, data):
    group = data.trader.coordinated_groups.get()
    data.trader.group = group
    data.trader.save(update_fields=["group"])
    form = post_data(admin_client.get(admin_url(group)))

    response = admin_client.post(admin_url(group), {**form, "coordinator": "", "name": "Kelompok Baru"})

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Kelompok Baru"
    assert group.coordinator_id == data.trader.pk
