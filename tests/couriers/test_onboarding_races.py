"""Applying and deciding under real concurrency (PostgreSQL): a double submit makes one courier, and a
company admin and the trade office deciding the same application at once take one decision."""

import pytest

from couriers.errors import CourierError
from couriers.models import Courier
from couriers.services.applications import courier_application_submit
from market.errors import ReviewError
from market.models import Application, Decision
from market.services import application_approve, application_reject
from tests.factories import (
    CourierCompanyFactory,
    RegionFactory,
    RegionStaffFactory,
    UserFactory,
    pending_courier,
)
from tests.locks import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_double_submit_makes_one_courier_and_one_application():
    region = RegionFactory()
    user = UserFactory()

    def apply():
        return courier_application_submit(
            user=user, region=region, vehicle="motorbike", plate_number="DK 1 A"
        )

    outcomes = run_at_once(apply, apply)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Courier", "CourierError"]
    refusal = next(outcome for outcome in outcomes if isinstance(outcome, CourierError))
    assert refusal.code == "already_applied"
    assert Courier.objects.count() == 1 and Application.objects.count() == 1


def test_the_admin_and_the_trade_office_deciding_at_once_take_one_decision():
    region = RegionFactory()
    company = CourierCompanyFactory(region=region)
    admin = UserFactory()
    company.admins.add(admin)
    staff = RegionStaffFactory(region=region).user
    courier = pending_courier(region=region, company=company)

    outcomes = run_at_once(
        lambda: application_approve(application_id=courier.application_id, actor=admin),
        lambda: application_reject(application_id=courier.application_id, actor=staff, reason="Dobel"),
    )

    failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(failures) == 1 and isinstance(failures[0], ReviewError)
    assert failures[0].code == "invalid_transition"
    decision = Decision.objects.get()
    courier.refresh_from_db()
    assert courier.status == {"approve": "active", "reject": "rejected"}[decision.action]
