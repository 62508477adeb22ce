"""/api/v1/staff/applications/: the review's services for app clients, scoped as the pages are."""

import pytest

from market.models import Decision
from notifications.models import Notification
from tests.factories import (
    ProductFactory,
    TraderFactory,
    UserFactory,
    pending_stall,
)

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/staff/applications/"


def post(client, stall, action, reason=""):
    url = f"{APPLICATIONS}{stall.application_id}/{action}/"
    return client.post(url, {"reason": reason}, content_type="application/json")


def test_the_list_holds_the_callers_regions_only_and_filters(staff_client, batang, amlapura):
    mine = pending_stall(batang)
    approved = TraderFactory(market=batang)
    pending_stall(amlapura)

    everything = staff_client.get(APPLICATIONS).json()["results"]
    pending = staff_client.get(APPLICATIONS, {"status": "pending", "kind": "trader"}).json()["results"]

    assert {row["id"] for row in everything} == {mine.application_id, approved.application_id}
    assert [row["id"] for row in pending] == [mine.application_id]
    assert pending[0]["allowed_actions"] == ["approve", "reject"]
    assert staff_client.get(APPLICATIONS, {"status": "nonsense"}).status_code == 400


def test_approval_puts_the_stall_and_its_products_in_the_catalogue(staff_client, batang):
    stall = pending_stall(batang)
    product = ProductFactory(trader=stall, name="Bayam hijau")
    assert staff_client.get("/api/v1/products/").json()["results"] == []

    response = post(staff_client, stall, "approve")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "approved"
    assert [d["action"] for d in body["decisions"]] == ["approve"]
    products = staff_client.get("/api/v1/products/").json()["results"]
    assert [row["id"] for row in products] == [product.pk]
    assert staff_client.get(f"/api/v1/stalls/{stall.pk}/").status_code == 200


def test_a_reason_is_required_per_field(staff_client, batang):
    stall = pending_stall(batang)

    response = post(staff_client, stall, "reject", reason="")

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    stall.refresh_from_db()
    assert stall.status == "pending"
    assert (Decision.objects.count(), Notification.objects.count()) == (0, 0)


def test_an_invalid_move_answers_409_and_changes_nothing(staff_client, batang):
    stall = TraderFactory(market=batang)

    response = post(staff_client, stall, "approve")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("active", "approved")
    assert (Decision.objects.count(), Notification.objects.count()) == (0, 0)


def test_suspend_then_reinstate(staff_client, batang):
    stall = TraderFactory(market=batang)

    assert post(staff_client, stall, "suspend", "Keluhan pembeli").json()["status"] == "suspended"
    assert post(staff_client, stall, "reinstate", "Sudah dibina").json()["status"] == "approved"
    stall.refresh_from_db()
    assert stall.status == "active"


def test_another_regions_application_is_404(staff_client, amlapura):
    stall = pending_stall(amlapura)

    assert staff_client.get(f"{APPLICATIONS}{stall.application_id}/").status_code == 404
    for action in ("approve", "reject", "suspend", "reinstate"):
        assert post(staff_client, stall, action, "x").status_code == 404
    stall.refresh_from_db()
    assert stall.status == "pending"
    assert Decision.objects.count() == 0


def test_non_staff_get_403(client, batang):
    stall = pending_stall(batang)
    client.force_login(UserFactory())

    assert client.get(APPLICATIONS).status_code == 403
    assert client.get(f"{APPLICATIONS}{stall.application_id}/").status_code == 403
    assert post(client, stall, "approve").status_code == 403
    stall.refresh_from_db()
    assert stall.status == "pending"
