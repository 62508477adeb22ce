"""A shopper on a 360 px phone finds chili by its everyday name and opens a product to order it."""

import re
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from market.models import SearchSynonym
from tests.e2e.steps import page_width
from tests.factories import photo_upload
from vendors.models import Product
from vendors.services.photos import process_photo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_with_photos():
    """The demo data, its cabai rawit with their photos, and the common synonym cabe → cabai (a data
    migration's row, which an earlier transactional test's flush removed: SQLite has no trigram search
    to find cabai without it)."""
    call_command("seed_demo", force=True)
    SearchSynonym.objects.get_or_create(word="cabe", region=None, defaults={"means": "cabai"})
    for product in Product.objects.filter(name__icontains="cabai rawit"):
        process_photo(photo_upload()).attach_to(product)
        product.save()


def fits_the_screen(page) -> bool:
    return page_width(page) <= 360


def test_cabe_finds_cabai_rawit_and_its_page_shows_the_kilo_price_photo_and_whatsapp_order(
    page, live_server, demo_with_photos, media_server, screenshot_dir
):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/produk/")
    page.get_by_label("Produk", exact=True).fill("cabe")
    page.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"q=cabe"))

    chili = page.locator(".product-list .product").filter(has_text=re.compile("cabai rawit", re.IGNORECASE))
    expect(chili.first).to_be_visible()
    assert fits_the_screen(page)
    name = chili.first.locator(".product-name strong").inner_text()
    chili.first.get_by_role("link", name=name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".big-price")).to_contain_text(re.compile(r"Rp [\d.]+\s*/\s*kg"))
    photo = page.locator("img.product-photo")
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.naturalWidth") > 0  # the photo itself arrived
    order = page.locator("a.whatsapp").first
    expect(order).to_be_visible()
    assert name in unquote(order.get_attribute("href"))
    assert fits_the_screen(page)
    page.screenshot(path=screenshot_dir / "product-page-360.png", full_page=True)
