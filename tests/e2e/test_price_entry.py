"""A trader types prices as people say them: the page echoes the amount it will save (static/js/app.js,
which must read every text as accounts.numbers does), a staple fills in unit and category, and an
unusual price is confirmed before it is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.formatting import rupiah
from accounts.numbers import NumberError, parse_rupiah
from tests.accounts import test_numbers as parsing
from tests.e2e.steps import log_in
from tests.factories import CategoryFactory, CommodityFactory, ProductFactory, TraderFactory
from vendors.models import MAX_PRICE, Product

pytestmark = pytest.mark.django_db(transaction=True)


def cases_of(test) -> list[str]:
    """The texts a parsing test of accounts.numbers tries, so the browser is held to the same table."""
    (mark,) = [mark for mark in test.pytestmark if mark.name == "parametrize"]
    return [case[0] if isinstance(case, tuple) else case for case in mark.args[1]]


TYPED = [
    *cases_of(parsing.test_every_way_of_writing_forty_five_thousand_rupiah),
    *cases_of(parsing.test_thousands_and_signs),
    *cases_of(parsing.test_a_fraction_of_a_rupiah_or_words_are_no_price),
    "0",
    "100.000.000",
    "100.000.001",
    "1.000,-",
    " 12.500 ",
    "12.5rb",
    "0,5k",
]


def server_echo(typed: str) -> str:
    """What the echo must say: the amount the server would save, or that it is no price."""
    try:
        amount = parse_rupiah(typed)
    except NumberError:
        return "" if not typed.strip() else "bukan harga dalam rupiah bulat"
    return rupiah(amount) if 1 <= amount <= MAX_PRICE else "bukan harga dalam rupiah bulat"


def test_the_price_echo_reads_every_text_as_the_server_does(page, live_server):
    stall = TraderFactory()
    log_in(page, live_server, stall.user)
    page.goto(live_server.url + reverse("vendors:manage_product_add", args=[stall.pk]))
    price = page.locator("input[name=price]")
    echo = page.locator("output.price-echo")

    differences = []
    for typed in TYPED:
        price.fill(typed)
        shown = echo.text_content()
        if shown != server_echo(typed):
            differences.append((typed, shown, server_echo(typed)))

    assert differences == []


def test_a_trader_adds_a_staple_with_a_typed_price_and_confirms_an_unusual_one(
    page, live_server, screenshot_dir
):
    bumbu = CategoryFactory(name="Bumbu", slug="bumbu")
    cabai = CommodityFactory(name="Cabai rawit merah", standard_unit="kg", category=bumbu)
    stall = TraderFactory()
    ProductFactory(
        trader=TraderFactory(market=stall.market), commodity=cabai, commodity_factor=1, price=65000
    )
    log_in(page, live_server, stall.user)
    page.goto(live_server.url + reverse("vendors:manage_product_add", args=[stall.pk]))

    page.locator("input[name=name]").fill("Cabai rawit")
    page.locator("select[name=commodity]").select_option(label="Cabai rawit merah")
    expect(page.locator("select[name=unit]")).to_have_value("kg")
    expect(page.locator("select[name=category]")).to_have_value(str(bumbu.pk))
    page.locator("input[name=price]").fill("6,25rb")
    expect(page.locator("output.price-echo")).to_have_text("Rp 6.250")
    page.locator("input[name=stock]").fill("1.000")
    page.set_viewport_size({"width": 360, "height": 780})
    page.get_by_role("button", name="Simpan").click()

    expect(
        page.get_by_text("Rp 6.250 per kg kurang dari sepersepuluh harga Cabai rawit merah")
    ).to_be_visible()
    assert not Product.objects.filter(trader=stall).exists()
    expect(page.locator("output.price-echo")).to_have_text("Rp 6.250")  # what the server read
    page.screenshot(path=screenshot_dir / "trader-price-confirm-360.png", full_page=True)
    page.get_by_label("Ya, harga ini benar").check()
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_text("Cabai rawit ditambahkan.")).to_be_visible()
    product = Product.objects.get(trader=stall)
    assert (product.price, product.stock, product.unit, product.category_id) == (
        6250,
        Decimal("1000"),
        "kg",
        bumbu.pk,
    )

    # The quick update (saved in place by htmx) asks about the row the same way.
    with page.expect_navigation():  # wait for the deferred script that echoes prices, too
        page.get_by_role("button", name="Perbarui harga dan stok").click()
    page.locator("input[name='form-0-price']").fill("62")
    expect(page.locator("output.price-echo")).to_have_text("Rp 62")
    page.get_by_role("button", name="Simpan semua").click()
    expect(
        page.get_by_text("Rp 62 kurang dari sepersepuluh harga terakhir, Rp 6.250. Benarkah?")
    ).to_be_visible()
    page.get_by_label("Ya, harga ini benar").check()
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_text("Harga dan stok tersimpan.")).to_be_visible()
    product.refresh_from_db()
    assert product.price == 62
