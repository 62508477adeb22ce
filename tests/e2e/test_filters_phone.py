"""On a 360 px phone the market page's sort select and category links, and the search page's market,
category and sort selects, fit the screen and do what they say."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from portal.demo_data import GOODS
from tests.e2e.steps import page_width

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 360
VEGETABLES = {row[0] for row in GOODS["sayur"]}
EGGS = {row[0] for row in GOODS["telur"]}


@pytest.fixture
def demo(media_server):
    """The demo data, its product photos served."""
    call_command("seed_demo", force=True)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 780})
    return page


def assert_fits(page, *controls):
    """Nothing on the page is wider than the screen, and each control lies wholly on it."""
    assert page_width(page) <= WIDTH
    for control in controls:
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, control


def product_names(page) -> list[str]:
    return page.locator(".product-list .product-name strong").all_inner_texts()


def test_the_market_pages_sort_and_categories_fit_a_phone_and_work(phone, live_server, demo, screenshot_dir):
    phone.goto(live_server.url + reverse("vendors:market_detail", args=["pasar-batang"]))
    sort = phone.get_by_label("Urutkan", exact=True)
    button = phone.locator(".shelf-order").get_by_role("button", name="Urutkan")
    categories = phone.locator(".category-links a")
    assert_fits(phone, sort, button, *categories.all())

    sort.select_option(label="Termurah dulu")
    button.click()

    expect(phone).to_have_url(re.compile(r"sort=price"))
    names = product_names(phone)
    # Per kilo: the 25 kg sack (Rp 13.000/kg) before the Rp 13.500/kg rice.
    assert names.index("Beras medium karung 25 kg") < names.index("Beras medium")
    assert_fits(phone, sort, button)
    phone.screenshot(path=screenshot_dir / "market-sorted-360.png", full_page=True)

    phone.locator(".category-links").get_by_role("link", name=re.compile(r"^Sayur")).click()

    expect(phone).to_have_url(re.compile(r"category=sayur"))
    assert set(product_names(phone)) == VEGETABLES
    assert_fits(phone, sort, button, *categories.all())


def test_the_search_pages_selects_fit_a_phone_and_filter_in_place(phone, live_server, demo, screenshot_dir):
    phone.goto(live_server.url + reverse("vendors:product_list"))
    form = phone.locator("form.product-search")
    market = form.locator("select[name=market]")
    category = form.get_by_label("Kategori")
    sort = form.get_by_label("Urutkan")
    assert_fits(phone, market, category, sort, form.get_by_role("button", name="Cari"))

    category.select_option(label="Telur")

    expect(phone).to_have_url(re.compile(r"category=telur"))
    expect(phone.locator("#results .meta")).to_contain_text("produk")
    assert set(product_names(phone)) == EGGS

    market.select_option(label="Pasar Batang")
    sort.select_option(label="Termurah dulu")
    sort.select_option("-price")

    expect(phone).to_have_url(re.compile(r"sort=-price"))
    expect(phone).to_have_url(re.compile(r"market=pasar-batang"))
    prices = [
        int(text.replace("Rp ", "").replace(".", ""))
        for text in phone.locator(".price strong").all_inner_texts()
    ]
    assert prices and prices == sorted(prices, reverse=True)
    assert set(product_names(phone)) <= EGGS
    assert_fits(phone, market, category, sort)
    phone.screenshot(path=screenshot_dir / "search-filters-360.png", full_page=True)
