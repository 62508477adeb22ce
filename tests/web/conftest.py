import pytest

from tests.factories import (
    CategoryFactory,
    MarketFactory,
    ProductFactory,
    RegionFactory,
    TraderFactory,
    TraderGroupFactory,
)
from vendors.models import TraderStatus


@pytest.fixture
def storefront(db):
    """Two regions as the demo has them, an open and a closed market, stalls in every status, products."""
    batang = RegionFactory(name="Kabupaten Batang", slug="batang", province="Jawa Tengah")
    karangasem = RegionFactory(
        name="Kabupaten Karangasem", slug="karangasem", province="Bali", timezone="Asia/Makassar"
    )
    pasar_batang = MarketFactory(region=batang, name="Pasar Batang", slug="pasar-batang")
    subagan = MarketFactory(region=karangasem, name="Pasar Subagan", slug="pasar-subagan")
    closed = MarketFactory(region=karangasem, name="Pasar Tutup", slug="pasar-tutup", is_active=False)

    spices = CategoryFactory(name="Bumbu", name_en="Spices", slug="bumbu")
    staples = CategoryFactory(name="Sembako", name_en="Staples", slug="sembako")

    coordinator = TraderFactory(market=pasar_batang, stall_name="Lapak Bu Sri", whatsapp="+6281200000001")
    group = TraderGroupFactory(market=pasar_batang, name="Kelompok Mawar", coordinator=coordinator)
    coordinator.group = group
    coordinator.save(update_fields=["group"])
    member = TraderFactory(market=pasar_batang, group=group, stall_name="Lapak Pak Budi")
    suspended = TraderFactory(
        market=pasar_batang, group=group, stall_name="Lapak Ditangguhkan", status=TraderStatus.SUSPENDED
    )
    pending = TraderFactory(market=pasar_batang, stall_name="Lapak Menunggu", status=TraderStatus.PENDING)
    bali = TraderFactory(market=subagan, stall_name="Lapak Made")
    in_closed_market = TraderFactory(market=closed, stall_name="Lapak Pasar Tutup")

    products = {
        "chili": ProductFactory(trader=coordinator, name="Cabai rawit merah", category=spices, price=45000),
        "shallot": ProductFactory(trader=member, name="Bawang merah", category=spices, price=32000),
        "rice": ProductFactory(trader=member, name="Beras medium", category=staples, price=12500),
        "rice_bali": ProductFactory(trader=bali, name="Beras premium", category=staples, price=15000),
        "unavailable": ProductFactory(trader=member, name="Cabai keriting", category=spices, available=False),
        "suspended": ProductFactory(trader=suspended, name="Cabai hijau", category=spices, price=20000),
        "pending": ProductFactory(trader=pending, name="Telur ayam", category=staples),
        "closed": ProductFactory(trader=in_closed_market, name="Gula pasir", category=staples),
    }
    return {
        "markets": {"batang": pasar_batang, "subagan": subagan, "closed": closed},
        "group": group,
        "stalls": {
            "coordinator": coordinator,
            "member": member,
            "suspended": suspended,
            "pending": pending,
            "bali": bali,
            "in_closed_market": in_closed_market,
        },
        "products": products,
    }
