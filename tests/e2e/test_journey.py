"""The whole journey on the demo data, each person on a 360 px phone of their own (a browser context each):
the demo shopper orders from two stalls of Pasar Batang, both stalls accept and mark ready, the demo
Batang courier goes online, takes the job, picks up at both stalls and hands over with the shopper's code,
and the shopper's order page says delivered. The page guard fails on any CSP or console error.

The order is for "as soon as possible", which the checkout offers at any hour (open or closed market),
and WhatsApp goes to the console transport (tests.settings): the test does not depend on the clock."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.formatting import rupiah
from accounts.models import User
from couriers.models import Courier
from orders.models import Order
from portal.demo_data import DEMO_LOGINS, DEMO_PASSWORD
from tests.e2e.steps import log_in

pytestmark = pytest.mark.django_db(transaction=True)

# (what the shopper searches, the product, its stall, the stall's login: its trader or coordinator)
PURCHASES = [
    ("kangkung", "Kangkung", "Sayur Bu Sri", "Sri Wahyuni"),
    ("cabai rawit", "Cabai rawit merah", "Bumbu Pak Slamet", "Slamet Riyadi"),
]


def demo_user(name: str) -> User:
    phone = next(login["phone"] for login in DEMO_LOGINS if login["name"] == name)
    return User.objects.get(phone=phone)


@pytest.fixture
def demo():
    call_command("seed_demo", force=True)
    # The demo courier starts the day offline, so the journey shows them going online.
    Courier.objects.filter(user=demo_user("Agus Prasetyo")).update(is_online=False)


def order_as_shopper(shopper_phone, live_server) -> Order:
    page = shopper_phone
    page.goto(live_server.url + reverse("vendors:product_list"))
    for query, product, stall, _login in PURCHASES:
        page.get_by_label("Produk", exact=True).fill(query)
        page.get_by_role("button", name="Cari").click()
        row = (
            page.locator(".product", has_text=product).filter(has_text=stall).filter(has_text="Pasar Batang")
        )
        row.get_by_role("button", name="Tambah ke keranjang").click()
        expect(page.get_by_text(f"{product} masuk keranjang.")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Keranjang")).click()
    page.get_by_role("button", name="Lanjut ke pengantaran").click()
    page.get_by_label("Kelurahan/desa").select_option(label="Kauman, Batang")
    page.get_by_label("Jalan dan nomor rumah").fill("Jl. Dr. Sutomo 12")
    page.get_by_role("button", name="Lihat ongkos kirim").click()
    fee = page.get_by_role("heading", name=re.compile(r"^Ongkos kirim: Rp \d"))
    expect(fee).to_be_visible()
    quoted = fee.inner_text()
    page.get_by_role("button", name=re.compile("^Pesan sekarang")).click()

    order = Order.objects.get(shopper=demo_user("Dewi Lestari"))
    assert quoted == f"Ongkos kirim: {rupiah(order.delivery_fee)}"  # the fee seen is the fee charged
    expect(page.locator("[data-code]")).to_have_text(order.confirmation_code)
    expect(page.locator("[data-order-status]")).to_have_text("Menunggu lapak")
    return order


def stall_accepts_and_marks_ready(stall_phone, product):
    page = stall_phone
    page.get_by_role("link", name=re.compile("^Pesanan masuk")).click()
    part = page.locator("article", has_text=product)
    part.get_by_role("button", name="Terima").click()
    part.get_by_role("button", name="Siap diambil").click()
    expect(page.get_by_text("Ditandai siap.")).to_be_visible()


def test_search_to_doorstep_across_roles(new_phone, live_server, demo, screenshot_dir):
    print(f"\nscreenshots: {screenshot_dir}")
    shopper = new_phone()
    log_in(shopper, live_server, demo_user("Dewi Lestari"), DEMO_PASSWORD)
    order = order_as_shopper(shopper, live_server)
    shopper.screenshot(path=screenshot_dir / "journey-1-shopper-order.png", full_page=True)

    for number, (_query, product, _stall, login) in enumerate(PURCHASES, start=2):
        stall = new_phone()
        log_in(stall, live_server, demo_user(login), DEMO_PASSWORD)
        stall_accepts_and_marks_ready(stall, product)
        stall.screenshot(path=screenshot_dir / f"journey-{number}-stall-orders.png", full_page=True)

    courier = new_phone()
    log_in(courier, live_server, demo_user("Agus Prasetyo"), DEMO_PASSWORD)
    courier.goto(live_server.url + reverse("couriers:board"))
    courier.get_by_text("Online, lokasi dan batas uang").click()
    courier.get_by_label("Online: tampilkan order antar untuk saya").check()
    courier.get_by_role("button", name="Simpan").click()
    job = courier.locator("article.job", has_text="Pasar Batang → Kauman")
    expect(job).to_contain_text("Sayur Bu Sri")
    expect(job).to_contain_text("Bumbu Pak Slamet")
    courier.screenshot(path=screenshot_dir / "journey-4-courier-board.png", full_page=True)

    job.get_by_role("button", name="Ambil order antar ini").click()
    expect(courier.get_by_text("Jl. Dr. Sutomo 12")).to_be_visible()
    for _query, _product, stall, _login in PURCHASES:
        courier.locator("form[data-pickup]", has_text=stall).get_by_role(
            "button", name="Sudah diambil dan dibayar"
        ).click()
        expect(courier.locator("article[data-stop]", has_text=stall)).to_contain_text("sudah diambil")
    courier.screenshot(path=screenshot_dir / "journey-5-courier-delivery.png", full_page=True)
    courier.get_by_label("Kode pembeli").fill(order.confirmation_code)
    courier.get_by_role("button", name="Sampai").click()
    expect(courier.get_by_text("Terkirim. Terima kasih!")).to_be_visible()

    shopper.reload()
    expect(shopper.locator("[data-order-status]")).to_have_text("Sampai")
    expect(shopper.locator("main")).to_contain_text("Agus Prasetyo (G 4521 KB)")
    shopper.screenshot(path=screenshot_dir / "journey-6-shopper-delivered.png", full_page=True)

    staff = new_phone()
    log_in(staff, live_server, demo_user("Retno Wulandari"), DEMO_PASSWORD)
    staff.goto(live_server.url + reverse("orders:staff_order_detail", args=[order.pk]))
    expect(staff.locator("main")).to_contain_text(order.number)
    staff.screenshot(path=screenshot_dir / "journey-7-staff-order.png", full_page=True)
