"""The whole way from applicant to shopper in a browser: a user applies for a stall with its photo, the
trade office approves it, the new trader adds a product with a photo, and a shopper finds it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.steps import fill_new_product, log_in, log_out
from tests.factories import (
    CategoryFactory,
    MarketFactory,
    RegionFactory,
    RegionStaffFactory,
    UserFactory,
    photo_upload,
)
from vendors.models import Product, Trader

pytestmark = pytest.mark.django_db(transaction=True)


def loaded_width(image) -> int:
    """The image's decoded width, once the browser has loaded it (0 if it failed to)."""
    expect(image).to_be_visible()
    image.page.wait_for_function("image => image.complete", arg=image.element_handle())
    return image.evaluate("image => image.naturalWidth")


def test_a_new_trader_applies_is_approved_adds_a_product_and_a_shopper_sees_it(
    page, live_server, media_server, screenshot_dir, tmp_path
):
    market = MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")
    CategoryFactory(name="Sayur", name_en="Vegetables", slug="sayur")
    staff = RegionStaffFactory(region=market.region, user__name="Pak Harun").user
    applicant = UserFactory(name="Tini", phone="+6281234567890")
    stall_photo, product_photo = tmp_path / "lapak.jpg", tmp_path / "kangkung.png"
    stall_photo.write_bytes(photo_upload("JPEG", size=(1600, 1200)).read())
    product_photo.write_bytes(photo_upload("PNG", size=(1200, 900)).read())
    page.set_viewport_size({"width": 360, "height": 780})

    # A signed-in user applies to sell: market, stall, goods, WhatsApp (their own number, filled in).
    log_in(page, live_server, applicant)
    page.goto(live_server.url + reverse("vendors:apply"))
    page.locator("select[name=market]").select_option(label="Pasar Batang")
    page.locator("input[name=stall_number]").fill("B-12")
    page.locator("input[name=stall_name]").fill("Sayur Bu Tini")
    expect(page.locator("input[name=whatsapp]")).to_have_value("081234567890")
    page.get_by_label("Sayur", exact=True).check()
    page.locator("input[name=photo]").set_input_files(stall_photo)
    page.screenshot(path=screenshot_dir / "apply-to-sell-360.png", full_page=True)
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.get_by_text("Pendaftaran terkirim.")).to_be_visible()
    expect(page.locator(".card", has_text="Sayur Bu Tini")).to_contain_text("Menunggu")
    stall = Trader.objects.get(user=applicant)
    assert (stall.status, stall.photo_width, stall.thumbnail_width) == ("pending", 1024, 320)
    log_out(page)

    # The trade office sees the application, with the stall's photo, and approves it.
    log_in(page, live_server, staff)
    page.goto(live_server.url + reverse("market:review_queue"))
    page.get_by_role("link", name=re.compile(r"Tini")).click()
    expect(page.locator("main")).to_contain_text("B-12")
    assert loaded_width(page.get_by_role("img", name="Foto lapak")) == 320
    page.screenshot(path=screenshot_dir / "review-application-360.png", full_page=True)
    page.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Pendaftaran disetujui.")).to_be_visible()
    log_out(page)

    # The new trader adds a product with a photo.
    log_in(page, live_server, applicant)
    fill_new_product(page, live_server, name="Kangkung segar", photo=product_photo)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Kangkung segar ditambahkan.")).to_be_visible()
    assert Product.objects.get(name="Kangkung segar").trader == stall
    log_out(page)

    # A shopper (not signed in) finds the stall and the product on the market page.
    page.goto(live_server.url + reverse("vendors:market_detail", args=[market.slug]))
    item = page.locator(".product", has_text="Kangkung segar")
    expect(item).to_contain_text("Rp 3.000")
    assert loaded_width(item.locator("img.thumb")) == 320
    page.screenshot(path=screenshot_dir / "market-new-trader-360.png", full_page=True)
    page.get_by_role("link", name="Sayur Bu Tini").first.click()
    expect(page.get_by_role("heading", name="Sayur Bu Tini")).to_be_visible()
    assert loaded_width(page.get_by_role("img", name="Lapak Sayur Bu Tini")) == 320
