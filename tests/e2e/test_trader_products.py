from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.steps import fill_new_product, log_in
from tests.factories import CategoryFactory, TraderFactory, photo_upload
from vendors.models import Product

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_trader_adds_a_product_with_a_photo_and_a_shopper_sees_it(
    page, live_server, media_server, screenshot_dir, tmp_path
):
    CategoryFactory(name="Sayur", name_en="Vegetables", slug="sayur")
    stall = TraderFactory(stall_name="Lapak Bu Sri")
    photo = tmp_path / "kangkung.jpg"
    photo.write_bytes(photo_upload("JPEG", size=(1600, 1200), orientation=6).read())

    log_in(page, live_server, stall.user)
    fill_new_product(page, live_server, name="Kangkung segar", photo=photo)
    page.set_viewport_size({"width": 360, "height": 780})
    page.screenshot(path=screenshot_dir / "trader-product-form-360.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Kangkung segar ditambahkan.")).to_be_visible()
    product = Product.objects.get(name="Kangkung segar")
    assert (product.price, product.stock, product.photo_width, product.photo_height) == (
        3000,
        Decimal("25"),
        768,
        1024,  # taken sideways, stored upright
    )

    # The phone page for prices and stock saves in place (htmx) under the policy.
    page.get_by_role("button", name="Perbarui harga dan stok").click()
    page.locator("input[name='form-0-price']").fill("3500")
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_text("Harga dan stok tersimpan.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "trader-quick-update-360.png", full_page=True)

    page.get_by_role("button", name="Keluar").click()
    page.goto(live_server.url + reverse("vendors:market_detail", args=[stall.market.slug]))

    item = page.locator(".product", has_text="Kangkung segar")
    expect(item).to_be_visible()
    expect(item).to_contain_text("Rp 3.500")
    thumbnail = item.locator("img.thumb")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("image => image.complete && image.naturalWidth") == 240
    page.screenshot(path=screenshot_dir / "market-new-product-360.png", full_page=True)
