"""Figures: the courier's deliveries and fees per day and week in the region's time zone; a company's
admins see their own couriers' totals and deliveries only; the trade office's activity per courier; every
list paginated with the same query count at 2 and 20 deliveries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couriers.models import Delivery, DeliveryStatus
from couriers.selectors import courier_activity_for_staff, courier_earnings
from orders.models import Kelurahan, Order
from tests.factories import CourierCompanyFactory, CourierFactory, MarketFactory, UserFactory

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 01.00 WIB, is still Monday 30 November in UTC.
TUESDAY_EARLY = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def delivery(courier, at, *, fee=10000, status=DeliveryStatus.DELIVERED, market=None) -> Delivery:
    market = market or MarketFactory(region=courier.region)
    kelurahan, _created = Kelurahan.objects.get_or_create(region=market.region, name="Kauman", flat_fee=10000)
    order = Order.objects.create(
        market=market,
        kelurahan=kelurahan,
        street="Jl. Pemuda 1",
        recipient_name="Bu Ani",
        recipient_whatsapp="+6281234567890",
        acceptable_at=at,
        delivery_fee=fee,
        items_total=0,
        total=fee,
        confirmation_code="1234",
        status="delivered" if status == DeliveryStatus.DELIVERED else "failed",
    )
    return Delivery.objects.create(
        order=order,
        region=market.region,
        market=market,
        status=status,
        courier=courier,
        fee=fee,
        cash_to_carry=0,
        assigned_at=at,
        finished_at=at,
        failed_at=at if status != DeliveryStatus.DELIVERED else None,
    )


@pytest.fixture
def fleet(people):
    """Ojek Karangasem Bersatu (people.company) with two couriers, another Karangasem company with one,
    and the Batang courier, independent."""
    region = people.karangasem
    market = MarketFactory(region=region, name="Pasar Subagan")
    other = CourierCompanyFactory(region=region, name="Ojek Amlapura")
    return {
        "market": market,
        "wira": CourierFactory(region=region, company=people.company, user__name="I Kadek Wira"),
        "sari": CourierFactory(region=region, company=people.company, user__name="Ni Komang Sari"),
        "rival": CourierFactory(region=region, company=other, user__name="I Wayan Rival"),
        "other_admin": _admin_of(other),
        "agus": people.courier.courier_profiles.get(),
    }


def _admin_of(company):
    admin = UserFactory()
    company.admins.add(admin)
    return admin


def test_earnings_per_day_and_week_in_the_region_s_time_zone(people):
    agus = people.courier.courier_profiles.get()
    delivery(agus, TUESDAY_EARLY, fee=12000)  # Tuesday 1 December, WIB
    delivery(agus, TUESDAY_EARLY + timedelta(hours=10), fee=8000)  # Tuesday too
    delivery(agus, TUESDAY_EARLY - timedelta(hours=2), fee=15000)  # Monday 30 November, 23.00 WIB
    delivery(
        agus, TUESDAY_EARLY - timedelta(days=2), fee=20000
    )  # Sunday 29 November, 01.00 WIB: the week before
    delivery(agus, TUESDAY_EARLY, fee=99000, status=DeliveryStatus.FAILED)  # not earned
    delivery(CourierFactory(region=agus.region), TUESDAY_EARLY, fee=50000)  # someone else's

    days = list(courier_earnings(agus, period="day"))
    weeks = list(courier_earnings(agus, period="week"))

    assert [(str(row["period"]), row["deliveries"], row["fees"]) for row in days] == [
        ("2026-12-01", 2, 20000),
        ("2026-11-30", 1, 15000),
        ("2026-11-29", 1, 20000),
    ]
    assert [(str(row["period"]), row["deliveries"], row["fees"]) for row in weeks] == [
        ("2026-11-30", 3, 35000),
        ("2026-11-23", 1, 20000),
    ]


def test_the_earnings_page_and_api_per_day_and_week(client, people):
    agus = people.courier.courier_profiles.get()
    delivery(agus, TUESDAY_EARLY, fee=12000)
    delivery(agus, TUESDAY_EARLY - timedelta(days=2), fee=20000)
    client.force_login(people.courier)

    page = client.get(reverse("couriers:earnings"), {"period": "week"})
    api = client.get(reverse("api:courier-earnings-list"), {"period": "day"})
    nonsense = client.get(reverse("api:courier-earnings-list"), {"period": "year"})

    assert page.status_code == 200
    assert 'data-period="2026-11-30"' in page.content.decode() and "Rp 12.000" in page.content.decode()
    assert api.json()["results"] == [
        {"period": "2026-12-01", "deliveries": 1, "fees": 12000},
        {"period": "2026-11-29", "deliveries": 1, "fees": 20000},
    ]
    assert nonsense.json()["results"] == api.json()["results"]


def test_company_admins_see_only_their_own_couriers_totals_and_deliveries(client, people, fleet):
    delivery(fleet["wira"], TUESDAY_EARLY, fee=12000, market=fleet["market"])
    delivery(fleet["wira"], TUESDAY_EARLY, fee=8000, market=fleet["market"])
    delivery(fleet["wira"], TUESDAY_EARLY, status=DeliveryStatus.FAILED, market=fleet["market"])
    rivals = delivery(fleet["rival"], TUESDAY_EARLY, fee=30000, market=fleet["market"])
    client.force_login(people.company_admin)

    totals = client.get(reverse("api:company-totals-list")).json()["results"]
    one = client.get(reverse("api:company-totals-detail", args=[fleet["wira"].pk]))
    rival = client.get(reverse("api:company-totals-detail", args=[fleet["rival"].pk]))
    deliveries = client.get(reverse("api:company-delivery-list")).json()["results"]
    rival_page = client.get(reverse("couriers:company_deliveries"), {"courier": fleet["rival"].pk})
    page = client.get(reverse("couriers:company_totals"))

    assert [(row["name"], row["delivered"], row["fees"], row["failed"]) for row in totals] == [
        ("I Kadek Wira", 2, 20000, 1),
        ("Ni Komang Sari", 0, 0, 0),
    ]
    assert one.json()["fees"] == 20000
    assert rival.status_code == 404 and rival_page.status_code == 404
    assert rivals.pk not in {row["id"] for row in deliveries} and len(deliveries) == 3
    assert "I Wayan Rival" not in page.content.decode() and "Rp 20.000" in page.content.decode()
    client.force_login(fleet["other_admin"])
    assert [row["name"] for row in client.get(reverse("api:company-totals-list")).json()["results"]] == [
        "I Wayan Rival"
    ]


def test_staff_see_their_regions_couriers_with_deliveries_releases_and_failures(client, people, fleet):
    agus = fleet["agus"]
    delivery(agus, TUESDAY_EARLY, fee=12000)
    delivery(agus, TUESDAY_EARLY, status=DeliveryStatus.FAILED)
    type(agus).objects.filter(pk=agus.pk).update(release_count=3)
    delivery(fleet["wira"], TUESDAY_EARLY, market=fleet["market"])

    rows = list(courier_activity_for_staff(people.staff))
    client.force_login(people.staff)
    api = client.get(reverse("api:staff-courier-activity-list")).json()["results"]
    page = client.get(reverse("couriers:staff_couriers")).content.decode()

    assert [(row.pk, row.delivered, row.fees, row.failed, row.release_count) for row in rows] == [
        (agus.pk, 1, 12000, 1, 3)
    ]
    assert [(row["id"], row["delivered"], row["failed"], row["releases"]) for row in api] == [
        (agus.pk, 1, 1, 3)
    ]
    assert "I Kadek Wira" not in page and "Rp 12.000" in page


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("courier", "couriers:earnings"),
        ("courier", "api:courier-earnings-list"),
        ("company_admin", "couriers:company_deliveries"),
        ("company_admin", "api:company-delivery-list"),
        ("company_admin", "couriers:company_totals"),
        ("company_admin", "api:company-totals-list"),
        ("staff", "couriers:staff_couriers"),
        ("staff", "api:staff-courier-activity-list"),
    ],
)
def test_figures_cost_the_same_queries_for_2_and_20_deliveries(client, people, fleet, role, url):
    couriers = {
        "courier": [fleet["agus"]],
        "staff": [fleet["agus"]],
        "company_admin": [fleet["wira"], fleet["sari"]],
    }[role]
    client.force_login(getattr(people, role))

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            courier = couriers[n % len(couriers)]
            market = fleet["market"] if courier.region_id == fleet["market"].region_id else None
            delivery(courier, TUESDAY_EARLY - timedelta(days=n), market=market)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(url)).status_code == 200
        return len(captured)

    add(2, 0)
    small = queries()
    add(18, 2)
    assert queries() == small
