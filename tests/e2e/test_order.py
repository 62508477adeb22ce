"""A shopper on a 360 px phone orders from two stalls of one market and follows the order while both
stalls handle it (no JavaScript needed for any step; the page guard fails on CSP errors)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import Kelurahan, Order
from tests.e2e.steps import log_in, log_out
from tests.factories import MarketFactory, ProductFactory, TraderFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def market():
    market = MarketFactory(name="Pasar Batang", latitude=Decimal("-6.907"), longitude=Decimal("109.73"))
    Kelurahan.objects.create(
        region=market.region, name="Kauman", latitude=Decimal("-6.8783"), longitude=Decimal("109.73")
    )
    return market


def test_an_order_from_two_stalls_to_ready_for_pickup(page, live_server, market, screenshot_dir):
    sri, slamet = TraderFactory(market=market), TraderFactory(market=market)
    ProductFactory(trader=sri, name="Cabe rawit merah", price=60000)
    ProductFactory(trader=slamet, name="Cabe keriting", price=40000)
    shopper = UserFactory(name="Bu Ani")
    page.set_viewport_size({"width": 360, "height": 780})

    log_in(page, live_server, shopper)
    page.goto(live_server.url + "/produk/")
    page.get_by_label("Produk", exact=True).fill("cabe")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_load_state("networkidle")  # the search's own swaps are done before adding in place
    for name in ("Cabe rawit merah", "Cabe keriting"):
        page.locator(".product", has_text=name).get_by_role("button", name="Tambah ke keranjang").click()
        expect(page.get_by_text(f"{name} masuk keranjang.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Keranjang")).click()
    expect(page.locator("main")).to_contain_text("Rp 25.000")  # 0,25 kg of each
    page.get_by_role("button", name="Lanjut ke pengantaran").click()
    page.get_by_label("Kelurahan/desa").select_option(label="Kauman")
    page.get_by_label("Jalan dan nomor rumah").fill("Jl. Dr. Sutomo 12")
    page.get_by_role("button", name="Lihat ongkos kirim").click()
    expect(page.get_by_text("3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000")).to_be_visible()
    page.screenshot(path=screenshot_dir / "checkout-fee-360.png", full_page=True)
    page.get_by_role("button", name=re.compile("^Pesan sekarang")).click()

    order = Order.objects.get()
    expect(page.locator("[data-code]")).to_have_text(order.confirmation_code)
    expect(page.locator("[data-order-status]")).to_have_text("Menunggu lapak")
    log_out(page)

    for stall in (sri, slamet):
        log_in(page, live_server, stall.user)
        page.get_by_role("link", name=re.compile("^Pesanan masuk")).click()
        page.get_by_role("button", name="Terima").click()
        page.get_by_role("button", name="Siap diambil").click()
        expect(page.get_by_text("Ditandai siap.")).to_be_visible()
        log_out(page)

    log_in(page, live_server, shopper)
    page.get_by_role("link", name="Pesanan saya").click()
    page.get_by_role("link", name=order.number).click()
    expect(page.locator("[data-order-status]")).to_have_text("Siap diambil")
    page.screenshot(path=screenshot_dir / "order-ready-360.png", full_page=True)
