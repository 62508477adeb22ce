"""The storefront: per standard unit prices, sold-out products, the product page and stall contacts."""

import io
from datetime import time
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse

from market.models import MarketHours
from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    ProductFactory,
    TraderFactory,
    TraderGroupFactory,
)
from vendors.models import Trader
from vendors.selectors import product_list_public, product_order, stall_contact, stall_list_public

pytestmark = pytest.mark.django_db


@pytest.fixture
def rice(batang):
    """Pasar Batang's rice: a 25 kg sack at Rp 13.000/kg, rice by the kilo at Rp 13.500, a sold-out
    kilo at Rp 12.000, and ketan with no staple (no factor) at Rp 12.500."""
    medium = CommodityFactory(name="Beras medium", slug="beras-medium", standard_unit="kg")
    category = CategoryFactory(name="Beras", name_en="Rice", slug="beras")
    stall = TraderFactory(market=batang, stall_name="Beras Pak Darto", stall_number="B-01")
    other = TraderFactory(market=batang, stall_name="Beras Warsito", stall_number="B-03")

    def product(name, trader, price, unit="kg", factor="1", commodity=medium, stock="10"):
        return ProductFactory(
            trader=trader,
            name=name,
            category=category,
            commodity=commodity,
            commodity_factor=Decimal(factor) if commodity else None,
            unit=unit,
            step=Decimal("1"),
            price=price,
            stock=Decimal(stock),
        )

    return {
        "sack": product("Beras medium karung 25 kg", stall, 325000, unit="karung", factor="25"),
        "kilo": product("Beras medium", other, 13500),
        "sold_out": product("Beras medium murah", other, 12000, stock="0"),
        "ketan": product("Beras ketan", stall, 12500, commodity=None),
    }


def names(products) -> list[str]:
    return [product.name for product in products]


def test_cheapest_sorts_per_standard_unit_no_factor_after_and_sold_out_last(rice):
    products = product_order(product_list_public())

    assert names(products) == [
        "Beras medium karung 25 kg",
        "Beras medium",
        "Beras ketan",
        "Beras medium murah",
    ]
    assert [product.unit_price_standard for product in products] == [13000, 13500, None, 12000]


def test_the_search_page_shows_the_price_per_kilo_and_sorts_by_it(client, rice):
    page = client.get(reverse("vendors:product_list"), {"q": "beras", "sort": "price"}).content.decode()

    assert "Rp 13.000/kg" in page
    assert page.index("karung 25 kg") < page.index("Beras medium</strong>") < page.index("Beras ketan")
    assert page.index("Beras ketan") < page.index("Beras medium murah")


def test_a_sold_out_product_reads_habis_and_comes_last_on_every_page(client, rice):
    market = client.get(reverse("vendors:market_detail", args=[rice["kilo"].trader.market.slug]))
    stall = client.get(reverse("vendors:stall_detail", args=[rice["kilo"].trader.pk]))
    product = client.get(reverse("vendors:product_detail", args=[rice["sold_out"].pk]))

    for response in (market, stall):
        page = response.content.decode()
        assert page.count("Habis") == 1
        assert page.index("Beras medium murah") > page.index("Beras medium</strong>")
    assert "Habis" in product.content.decode() and "Stok:" not in product.content.decode()


def test_the_api_orders_by_unit_price_standard_and_marks_sold_out(client, rice):
    rows = client.get("/api/v1/products/", {"ordering": "unit_price_standard"}).json()["results"]

    assert [row["name"] for row in rows] == [
        "Beras medium karung 25 kg",
        "Beras medium",
        "Beras ketan",
        "Beras medium murah",
    ]
    assert [(row["unit_price_standard"], row["sold_out"], row["orderable"]) for row in rows] == [
        (13000, False, True),
        (13500, False, True),
        (None, False, True),
        (12000, True, False),
    ]
    dearest = client.get("/api/v1/products/", {"ordering": "-unit_price_standard"}).json()["results"]
    assert [row["name"] for row in dearest][:2] == ["Beras medium", "Beras medium karung 25 kg"]


def test_the_product_page_has_everything_to_decide_and_order(client, rice, batang):
    MarketHours.objects.bulk_create(
        MarketHours(market=batang, weekday=day, opens=time(0, 1), closes=time(23, 59)) for day in range(7)
    )
    sack = rice["sack"]
    sack.negotiable = True
    sack.save()
    sack.trader.whatsapp_public = True
    sack.trader.save()

    page = client.get(reverse("vendors:product_detail", args=[sack.pk])).content.decode()

    assert "<h1>Beras medium karung 25 kg</h1>" in page
    assert "Rp 325.000" in page and "Rp 13.000/kg" in page
    assert "Stok: 10 karung" in page and "Harga bisa ditawar" in page
    assert "Beras Pak Darto" in page and "Los B-01" in page and "Pasar Batang" in page
    assert "Buka sekarang" in page or "Tutup" in page
    text = unquote(page.split("https://wa.me/")[1].split('"')[0])
    assert "Beras medium karung 25 kg" in text and "Beras Pak Darto" in text and "B-01" in text
    # The same staple at the market's other stalls, cheapest per kilo first; not the ketan
    others = page.split("di lapak lain")[1]
    assert others.index("Beras medium</strong>") < others.index("Beras medium murah")
    assert "Beras ketan" not in others
    assert '<meta name="description" content="Beras medium karung 25 kg, Rp 325.000' in page


def test_a_hidden_or_unknown_product_has_no_page(client, rice):
    hidden = rice["kilo"]
    hidden.available = False
    hidden.save()

    assert client.get(reverse("vendors:product_detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("vendors:product_detail", args=[999999])).status_code == 404
    assert client.get(f"/api/v1/products/{hidden.pk}/").status_code == 404


def test_the_api_product_detail_has_the_standard_price_and_the_other_stalls(client, rice):
    body = client.get(f"/api/v1/products/{rice['sack'].pk}/").json()

    assert body["unit_price_standard"] == 13000
    assert body["commodity"]["standard_unit"] == "kg"
    assert [row["name"] for row in body["same_commodity"]] == ["Beras medium", "Beras medium murah"]


def test_rows_link_to_the_product_page(client, rice):
    page = client.get(reverse("vendors:product_list"), {"q": "ketan"}).content.decode()

    assert reverse("vendors:product_detail", args=[rice["ketan"].pk]) in page


# --- Every public stall can be reached -------------------------------------------------------------


def test_contact_is_the_coordinator_else_the_published_number_else_the_desk(batang):
    batang.desk_whatsapp = "+6281200000003"
    batang.save()
    coordinator = TraderFactory(market=batang, owner_name="Sri Wahyuni", whatsapp="+6281200000011")
    group = TraderGroupFactory(market=batang, coordinator=coordinator)
    member = TraderFactory(market=batang, group=group)
    published = TraderFactory(market=batang, whatsapp="+6281200000202", whatsapp_public=True)
    unpublished = TraderFactory(market=batang, owner_name="Rahmat", whatsapp="+6281200000203")

    assert (stall_contact(member).kind, str(stall_contact(member).phone)) == ("coordinator", "+6281200000011")
    assert (stall_contact(published).kind, str(stall_contact(published).phone)) == ("own", "+6281200000202")
    assert (stall_contact(unpublished).kind, str(stall_contact(unpublished).phone)) == (
        "desk",
        "+6281200000003",
    )
    # A suspended coordinator no longer answers for the group: the desk does.
    coordinator.status = "suspended"
    coordinator.save()
    member.refresh_from_db()
    assert stall_contact(member).kind == "desk"


def test_a_stall_without_group_or_published_number_shows_the_desk_number(client, batang):
    batang.desk_whatsapp = "+6281200000003"
    batang.save()
    stall = TraderFactory(market=batang, stall_name="Kelontong Rahmat", whatsapp="+6281200000202")

    page = client.get(reverse("vendors:stall_detail", args=[stall.pk])).content.decode()
    api = client.get(f"/api/v1/stalls/{stall.pk}/").json()

    assert "https://wa.me/6281200000003" in page and "meja layanan dinas" in page
    assert "0812-0000-0202" not in page
    assert api["contact"] == {"kind": "desk", "whatsapp": "+6281200000003", "name": "Pasar Batang"}


def test_every_active_stall_of_the_demo_data_has_a_contact_on_its_page(client):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    # The applicants approved as they are (no group): their stalls must be reachable too.
    Trader.objects.filter(status="pending").update(status="active")
    Trader.objects.filter(stall_number="B-04").update(whatsapp_public=False)

    stalls = list(stall_list_public())
    assert len(stalls) >= 25
    for stall in stalls:
        page = client.get(reverse("vendors:stall_detail", args=[stall.pk])).content.decode()
        assert 'class="whatsapp"' in page, stall.stall_name
    kelontong = next(stall for stall in stalls if stall.stall_name == "Kelontong Rahmat")
    assert stall_contact(kelontong).kind == "desk"
