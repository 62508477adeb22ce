"""A stall registered for a number with no account, in a browser: staff register it, it waits out of the
storefront, the trader signs up with that number, confirms the stall offered to him and runs it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.steps import fill_new_product, log_in, log_out, page_width
from tests.factories import CategoryFactory, MarketFactory, RegionFactory, RegionStaffFactory, photo_upload
from vendors.models import Product, Trader

pytestmark = pytest.mark.django_db(transaction=True)

NUMBER = "+6281399990001"


def test_staff_register_a_new_number_and_the_trader_signs_up_confirms_and_runs_the_stall(
    page, live_server, media_server, whatsapp_codes, screenshot_dir, tmp_path
):
    market = MarketFactory(region=RegionFactory(name="Kabupaten Batang"), name="Pasar Batang")
    CategoryFactory(name="Sayur", name_en="Vegetables", slug="sayur")
    staff = RegionStaffFactory(region=market.region, user__name="Pak Harun").user
    photo = tmp_path / "bayam.png"
    photo.write_bytes(photo_upload("PNG", size=(800, 600)).read())
    market_page = live_server.url + reverse("vendors:market_detail", args=[market.slug])
    page.set_viewport_size({"width": 360, "height": 780})

    # Staff register Pak Darmo's stall, in no group, under a number nobody has signed up with.
    log_in(page, live_server, staff)
    page.goto(live_server.url + reverse("portal:staff"))
    page.get_by_role("link", name="Daftarkan pedagang", exact=True).click()
    page.locator("select[name=market]").select_option(label="Pasar Batang")
    expect(page.locator("select[name=group]")).to_have_value("")
    page.locator("input[name=owner_name]").fill("Pak Darmo")
    page.locator("input[name=stall_name]").fill("Sayur Pak Darmo")
    page.locator("input[name=stall_number]").fill("D-04")
    page.locator("input[name=whatsapp]").fill("0813 9999 0001")
    page.get_by_label("Sayur", exact=True).check()
    page.get_by_role("button", name="Daftarkan pedagang ini").click()
    expect(page.get_by_text("Lapak ini menunggu pedagangnya")).to_be_visible()
    expect(page.locator(".card", has_text="Sayur Pak Darmo")).to_contain_text("Menunggu pedagangnya")
    page.screenshot(path=screenshot_dir / "staff-stall-waiting-360.png", full_page=True)
    log_out(page)

    # Nobody can run it yet, so shoppers do not see it.
    page.goto(market_page)
    expect(page.locator("main")).not_to_contain_text("Sayur Pak Darmo")

    # Pak Darmo signs up with that number and confirms it with the code from WhatsApp.
    page.goto(live_server.url + reverse("account_signup"))
    page.locator("input[name=name]").fill("Darmo")
    page.locator("input[name=phone]").fill("0813-9999-0001")
    page.locator("input[name=password1]").fill("Bayam-segar-2026")
    page.locator("input[name=password2]").fill("Bayam-segar-2026")
    page.get_by_role("button", name="Buat akun").click()
    page.locator("input[name=code]").fill(whatsapp_codes(NUMBER))
    page.locator("main").get_by_role("button", name="Konfirmasi").click()

    # He lands as a shopper, is offered the stall, and confirms it is his.
    expect(page.get_by_text("Ada lapak yang menunggu Anda")).to_be_visible()
    page.get_by_role("link", name="Pastikan lapak Anda").click()
    expect(page.locator(".card", has_text="Sayur Pak Darmo")).to_contain_text("D-04")
    page.screenshot(path=screenshot_dir / "stall-offered-360.png", full_page=True)
    assert page_width(page) <= 360
    page.get_by_role("button", name="Ya, ini lapak saya").click()
    expect(
        page.get_by_text("Terkonfirmasi: lapak Sayur Pak Darmo sekarang ada di akun Darmo.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Sayur Pak Darmo")).to_be_visible()  # his stall's page
    stall = Trader.objects.get(stall_number="D-04")
    assert (stall.user.name, str(stall.user.phone)) == ("Darmo", NUMBER)

    # He runs the stall: adds a product.
    fill_new_product(page, live_server, name="Bayam hijau", photo=photo)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Bayam hijau ditambahkan.")).to_be_visible()
    assert Product.objects.get(name="Bayam hijau").trader == stall
    log_out(page)

    # Now the stall and its product are in the market.
    page.goto(market_page)
    expect(page.locator(".product", has_text="Bayam hijau")).to_contain_text("Rp 3.000")
    page.get_by_role("link", name="Sayur Pak Darmo").first.click()
    expect(page.get_by_role("heading", name="Sayur Pak Darmo")).to_be_visible()
