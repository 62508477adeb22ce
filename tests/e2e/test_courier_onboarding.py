"""A courier joins an ojek company in a browser at 360 px: the trade office registers the company and
names its admin, a rider applies with the plate as they type it, the admin approves them on "Kurir kami",
and the rider's courier page opens."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from couriers.models import Courier
from tests.e2e.steps import log_in, log_out, page_width
from tests.factories import RegionFactory, RegionStaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fits(page) -> bool:
    return page_width(page) <= 360


def test_staff_register_a_company_a_rider_applies_and_its_admin_approves(page, live_server, screenshot_dir):
    region = RegionFactory(name="Kabupaten Karangasem", province="Bali", timezone="Asia/Makassar")
    staff = RegionStaffFactory(region=region, user__name="Bu Ratna").user
    admin = UserFactory(name="I Made Suardana", phone="+6281337005555")
    rider = UserFactory(name="I Wayan Sudarma")
    page.set_viewport_size({"width": 360, "height": 780})

    # The trade office registers the company and names its admin by his WhatsApp number.
    log_in(page, live_server, staff)
    page.goto(live_server.url + reverse("couriers:staff_companies"))
    page.locator("input[name=name]").fill("Ojek Karangasem Bersatu")
    page.locator("input[name=phone]").fill("0813 3700 1234")
    page.get_by_role("button", name="Daftarkan perusahaannya").click()
    expect(page.get_by_text("Ojek Karangasem Bersatu terdaftar.")).to_be_visible()
    page.locator("input[name=phone]").fill("0813-3700-5555")
    page.get_by_role("button", name="Tunjuk sebagai admin").click()
    expect(page.locator(".card", has_text="I Made Suardana")).to_be_visible()
    assert fits(page)
    page.screenshot(path=screenshot_dir / "staff-courier-company-360.png", full_page=True)
    log_out(page)

    # A rider applies from the shopper's page, typing the plate as it comes.
    log_in(page, live_server, rider)
    page.goto(live_server.url + reverse("portal:shopper"))
    page.get_by_role("link", name="Anda pengemudi ojek? Daftar jadi kurir").click()
    page.locator("select[name=region]").select_option(label="Kabupaten Karangasem")
    page.locator("input[name=plate_number]").fill("dk5123fa")
    page.locator("select[name=company]").select_option(label="Ojek Karangasem Bersatu")
    assert fits(page)
    page.screenshot(path=screenshot_dir / "courier-apply-360.png", full_page=True)
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.get_by_text("Pendaftaran terkirim.")).to_be_visible()
    expect(page.locator(".card", has_text="DK 5123 FA")).to_contain_text("Menunggu")
    log_out(page)

    # The company's admin approves him on "Kurir kami".
    log_in(page, live_server, admin)
    page.goto(live_server.url + reverse("couriers:company_couriers"))
    card = page.locator(".card", has_text="I Wayan Sudarma")
    expect(card).to_contain_text("DK 5123 FA")
    assert fits(page)
    page.screenshot(path=screenshot_dir / "company-couriers-360.png", full_page=True)
    card.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("I Wayan Sudarma disetujui")).to_be_visible()
    assert Courier.objects.get(user=rider).status == "active"
    log_out(page)

    # The rider is a courier now.
    log_in(page, live_server, rider)
    page.goto(live_server.url + reverse("portal:courier"))
    expect(page.locator("main")).to_contain_text("Ojek Karangasem Bersatu")
