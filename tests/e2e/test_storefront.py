import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.demo_data import DEMO_LOGINS, MARKETS, local_form
from vendors.models import Trader

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_TRADER = next(login for login in DEMO_LOGINS if login["role"] == "trader")


@pytest.fixture
def demo(media_server):
    """The demo data, its product photos served."""
    call_command("seed_demo", force=True)


def test_shopper_browses_and_trader_logs_in_to_their_stall(page, live_server, demo, screenshot_dir):
    stall = Trader.objects.get(user__phone=DEMO_TRADER["phone"])
    page.goto(live_server.url + "/")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    for market in MARKETS:
        expect(page.get_by_role("link", name=market["name"], exact=True)).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 780})
    page.screenshot(path=screenshot_dir / "home-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Masuk").click()
    page.locator("input[name=login]").fill(local_form(DEMO_TRADER["phone"]))  # typed as 0812…
    page.locator("input[name=password]").fill(DEMO_TRADER["password"])
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()

    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    expect(page.locator("main").get_by_text(stall.stall_name).first).to_be_visible()
    page.screenshot(path=screenshot_dir / "trader-stall.png", full_page=True)


def test_price_search_updates_in_place_under_the_policy(page, live_server, demo, screenshot_dir):
    page.goto(live_server.url + "/produk/")
    searches = []
    page.on("request", lambda request: "/produk/?" in request.url and searches.append(request.url))
    page.get_by_label("Produk", exact=True).fill("cabai rawit")
    page.get_by_role("button", name="Cari").click()

    expect(page).to_have_url(re.compile(r"/produk/\?q=cabai(\+|%20)rawit"))
    expect(page.locator(".product").first).to_contain_text(re.compile("cabai rawit", re.IGNORECASE))
    prices = [
        int(text.replace("Rp ", "").replace(".", ""))
        for text in page.locator(".price strong").all_inner_texts()
    ]
    assert prices and prices == sorted(prices)

    page.get_by_label("Urutkan").select_option("-price")

    expect(page).to_have_url(re.compile(r"sort=-price"))
    expect(page.locator(".price strong").first).to_have_text(f"Rp {max(prices):,}".replace(",", "."))
    assert len(searches) == 2  # one per search: the text box losing focus to the button sends none
    page.screenshot(path=screenshot_dir / "product-search.png", full_page=True)


def test_language_switch_turns_the_site_english(page, live_server, demo, screenshot_dir):
    page.goto(live_server.url + "/pasar/pasar-batang/")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + "/pasar/pasar-batang/")
    expect(page.get_by_role("heading", name="Trader groups")).to_be_visible()
    expect(page.locator("a.whatsapp").first).to_have_attribute("href", re.compile(r"^https://wa\.me/62\d+$"))
    page.set_viewport_size({"width": 360, "height": 780})
    page.screenshot(path=screenshot_dir / "market-en-360.png", full_page=True)
