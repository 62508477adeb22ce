"""A courier on a 360 px phone watches the job board: a new job appears without a reload, they take
it and see where to go; once they are offline the board says so and stops polling (HTTP 286). The page
guard fails on any CSP error (htmx and static/js/courier.js run with eval forbidden)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from couriers.models import Courier
from orders.models import Kelurahan
from tests.couriers.conftest import online, ready
from tests.e2e.steps import log_in
from tests.factories import MarketFactory, ProductFactory, TraderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

POLL_SECONDS = 15


def test_a_job_appears_is_taken_and_the_board_stops_when_offline(page, live_server, screenshot_dir):
    market = MarketFactory(name="Pasar Batang", latitude=Decimal("-6.907"), longitude=Decimal("109.73"))
    kauman = Kelurahan.objects.create(
        region=market.region, name="Kauman", latitude=Decimal("-6.8783"), longitude=Decimal("109.73")
    )
    product = ProductFactory(trader=TraderFactory(market=market), name="Beras medium", price=12500, stock=10)
    courier = online(region=market.region, plate_number="G 4521 KB")
    page.set_viewport_size({"width": 360, "height": 780})

    log_in(page, live_server, courier.user)
    page.goto(live_server.url + "/kurir/")
    expect(page.get_by_text("Belum ada order antar di wilayah Anda")).to_be_visible()
    ready(UserFactory(), kauman, (product, 2))
    job = page.locator("article.job")
    expect(job).to_contain_text("Pasar Batang → Kauman", timeout=(POLL_SECONDS + 5) * 1000)
    expect(job).to_contain_text("Rp 25.000")
    page.screenshot(path=screenshot_dir / "courier-board.png", full_page=True)

    job.get_by_role("button", name="Ambil order antar ini").click()
    expect(page.get_by_text("Jl. Dr. Sutomo 12")).to_be_visible()
    expect(page.locator("a[data-shopper-whatsapp]")).to_have_attribute("href", "https://wa.me/6281234567890")
    page.screenshot(path=screenshot_dir / "courier-delivery.png", full_page=True)

    page.goto(live_server.url + "/kurir/")
    expect(page.get_by_text("Anda sudah memegang order antar")).to_be_visible()
    Courier.objects.filter(pk=courier.pk).update(is_online=False)
    with page.expect_response(
        lambda response: "/kurir/pekerjaan/" in response.url, timeout=(POLL_SECONDS + 5) * 1000
    ) as answer:
        pass
    assert answer.value.status == 286
    expect(page.get_by_text("Anda sedang offline")).to_be_visible()
