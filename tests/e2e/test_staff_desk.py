import pytest
from playwright.sync_api import expect

from tests.e2e.steps import log_in, page_width
from tests.factories import MarketFactory, RegionStaffFactory, TraderFactory
from vendors.models import Trader

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_find_a_waiting_application_and_suspend_a_trader_on_a_phone(page, live_server, screenshot_dir):
    market = MarketFactory(name="Pasar Batang")
    staff = RegionStaffFactory(region=market.region).user
    TraderFactory(
        market=market,
        status="pending",
        application__status="pending",
        owner_name="Mbah Karsih",
        stall_name="Bumbu Mbah Karsih",
        stall_number="C-07",
    )
    slamet = TraderFactory(
        market=market, owner_name="Slamet Riyadi", stall_number="B-12", whatsapp="+6281399990021"
    )
    page.set_viewport_size({"width": 360, "height": 780})

    log_in(page, live_server, staff)
    page.get_by_role("link", name="Pendaftaran", exact=True).click()
    page.locator("input[name=q]").fill("c-07")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card")).to_contain_text("Mbah Karsih")
    page.screenshot(path=screenshot_dir / "staff-queue-360.png", full_page=True)
    assert page_width(page) <= 360

    page.get_by_role("link", name="Pedagang", exact=True).click()
    page.locator("input[name=q]").fill("0813-9999-0021")
    page.get_by_role("button", name="Tampilkan").click()
    card = page.locator(".card", has_text="Slamet Riyadi")
    expect(page.locator(".card")).to_have_count(1)
    card.get_by_label("Alasan pembekuan").fill("Timbangan tidak ditera")
    page.screenshot(path=screenshot_dir / "staff-traders-360.png", full_page=True)
    assert page_width(page) <= 360
    card.get_by_role("button", name="Bekukan").click()

    expect(page.get_by_text("dibekukan dan keluar dari katalog")).to_be_visible()
    expect(page.locator(".card", has_text="Slamet Riyadi")).to_contain_text("Dibekukan")
    assert page.locator("input[name=q]").input_value() == "0813-9999-0021"
    assert Trader.objects.get(pk=slamet.pk).status == "suspended"
