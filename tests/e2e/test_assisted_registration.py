import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.steps import log_in, page_width
from tests.factories import CategoryFactory, TraderFactory, TraderGroupFactory
from vendors.models import Trader

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_registers_a_member_on_a_phone(page, live_server, screenshot_dir):
    CategoryFactory(name="Bumbu", name_en="Spices", slug="bumbu")
    group = TraderGroupFactory(name="Kelompok Bumbu")
    group.coordinator = TraderFactory(market=group.market, group=group)
    group.save()
    page.set_viewport_size({"width": 360, "height": 780})

    log_in(page, live_server, group.coordinator.user)
    page.goto(live_server.url + reverse("portal:coordinator"))
    page.get_by_role("link", name="Daftarkan anggota tanpa ponsel pintar").click()

    page.locator("input[name=owner_name]").fill("Mbah Karsih")
    page.locator("input[name=stall_name]").fill("Bumbu Mbah Karsih")
    page.locator("input[name=stall_number]").fill("C-07")
    page.locator("input[name=whatsapp]").fill("0813 9999 0001")
    page.get_by_label("Bumbu").check()
    page.screenshot(path=screenshot_dir / "coordinator-register-360.png", full_page=True)
    assert page_width(page) <= 360
    page.get_by_role("button", name="Daftarkan pedagang ini").click()

    expect(page.get_by_text("Pedagang didaftarkan. Dinas akan memeriksa lapak ini.")).to_be_visible()
    expect(page.locator(".card", has_text="Bumbu Mbah Karsih")).to_contain_text("Menunggu")
    stall = Trader.objects.get(stall_number="C-07")
    assert (stall.group, stall.user, stall.status) == (group, None, "pending")
