"""On a 360 px phone, "Tambah ke keranjang" on a product row and the cart's quantity changes work in
place with htmx: the header's count and the cart lines change without the page being loaded again
(the page guard fails the test on any CSP error)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.steps import page_width
from tests.factories import MarketFactory, ProductFactory, TraderFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Set on the window before the clicks: a page loaded again would have lost it.
MARK = "window.stillThisPage = true"
STILL_THIS_PAGE = "() => window.stillThisPage === true"


def test_adding_from_a_product_row_and_changing_the_cart_happen_in_place(page, live_server):
    stall = TraderFactory(market=MarketFactory(name="Pasar Batang"), stall_name="Bumbu Pak Slamet")
    ProductFactory(trader=stall, name="Cabai rawit merah", price=60000, stock=Decimal("10"))
    ProductFactory(trader=stall, name="Bawang merah", price=36000, stock=Decimal("5"))
    page.set_viewport_size({"width": 360, "height": 780})
    count = page.locator("#cart-link [data-cart-count]")

    page.goto(live_server.url + reverse("vendors:stall_detail", args=[stall.pk]))
    expect(count).to_have_count(0)
    page.evaluate(MARK)
    for added, name in enumerate(("Cabai rawit merah", "Bawang merah"), start=1):
        row = page.locator(".product", has_text=name)
        row.get_by_role("button", name="Tambah ke keranjang").click()
        expect(row.get_by_role("status")).to_have_text(f"{name} masuk keranjang.")
        expect(count).to_have_text(str(added))
    assert page.evaluate(STILL_THIS_PAGE)
    assert page_width(page) <= 360

    page.locator("#cart-link").click()
    expect(page.locator("main")).to_contain_text("Rp 24.000")  # 0,25 kg of bawang merah
    page.evaluate(MARK)
    page.get_by_label("Jumlah").first.fill("1")
    page.get_by_role("button", name="Ubah").first.click()
    expect(page.locator("#carts .total")).to_have_text("Barang: Rp 51.000")  # 1 kg and 0,25 kg
    page.get_by_role("button", name="Hapus").first.click()
    expect(count).to_have_text("1")
    expect(page.get_by_role("button", name="Hapus")).to_have_count(1)
    page.get_by_role("button", name="Hapus").click()
    expect(page.get_by_text("Keranjang Anda kosong.")).to_be_visible()
    expect(count).to_have_count(0)
    assert page.evaluate(STILL_THIS_PAGE)
