"""Steps several browser tests take, as a user takes them (Indonesian pages)."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD


def log_in(page, live_server, user, password=PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(str(user.phone))
    page.locator("input[name=password]").fill(password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)


def fill_new_product(page, live_server, *, name, photo):
    """Open the add-product form of the signed-in trader's stall and fill it: a bunch (ikat) of vegetables
    at Rp 3.000 with 25 in stock and `photo`; the caller saves it."""
    page.goto(live_server.url + reverse("vendors:manage_stalls"))
    page.get_by_role("button", name="Tambah produk").click()
    page.locator("input[name=name]").fill(name)
    page.locator("select[name=category]").select_option(label="Sayur")
    page.locator("select[name=unit]").select_option("ikat")
    page.locator("input[name=price]").fill("3000")
    page.locator("input[name=stock]").fill("25")
    page.locator("input[name=photo]").set_input_files(photo)


def page_width(page) -> int:
    """How wide the page lays out, measured once it has loaded: a click returns when the next page starts
    arriving, before its stylesheet applies, and an unstyled page is wider than the styled one."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth")
