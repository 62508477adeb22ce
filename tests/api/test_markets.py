from datetime import time

import pytest

from market.models import MarketHours
from tests.factories import MarketFactory, RegionFactory, TraderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_list_shows_only_markets_open_for_orders(client):
    market = MarketFactory(name="Pasar Batang", slug="pasar-batang")
    MarketFactory(name="Pasar Tutup", slug="pasar-tutup", is_active=False)

    response = client.get("/api/v1/markets/")

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [market.slug]


def test_detail_has_region_time_zone_location_hours_and_active_stall_count(client):
    region = RegionFactory(name="Kabupaten Karangasem", slug="karangasem", timezone="Asia/Makassar")
    market = MarketFactory(
        region=region, name="Pasar Subagan", slug="pasar-subagan", desk_whatsapp="+6281200000004"
    )
    MarketHours.objects.create(market=market, weekday=0, opens=time(5), closes=time(13))
    TraderFactory.create_batch(2, market=market)
    TraderFactory(market=market, status="suspended")
    TraderFactory(market=market, status="pending")

    body = client.get("/api/v1/markets/pasar-subagan/").json()

    assert body["name"] == "Pasar Subagan"
    assert body["region"]["slug"] == "karangasem"
    assert body["region"]["name"] == "Kabupaten Karangasem"
    assert (body["region"]["timezone"], body["region"]["timezone_label"]) == ("Asia/Makassar", "WITA")
    assert (body["latitude"], body["longitude"]) == ("-6.907000", "109.730000")
    assert body["address"] == market.address
    assert body["opening_hours"] == [{"weekday": 0, "opens": "05:00", "closes": "13:00"}]
    assert body["closed_days"] == []
    assert set(body["opening_state"]) == {"known", "is_open", "opens_at", "closes_at"}
    assert body["desk_whatsapp"] == "+6281200000004"
    assert body["active_stall_count"] == 2


def test_unknown_or_closed_market_is_a_json_404(client):
    MarketFactory(slug="pasar-tutup", is_active=False)

    for slug in ("pasar-tutup", "tidak-ada"):
        response = client.get(f"/api/v1/markets/{slug}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found"}


def test_markets_are_read_only_even_for_staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    MarketFactory(slug="pasar-batang")

    response = client.patch("/api/v1/markets/pasar-batang/", {"is_active": False}, "application/json")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert client.get("/api/v1/markets/pasar-batang/").status_code == 200


@pytest.mark.parametrize("count", [5, 30])
def test_query_count_does_not_grow_with_markets(client, django_assert_max_num_queries, count):
    for _ in range(count):
        TraderFactory()
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/markets/").json()["results"]) == min(count, 20)
