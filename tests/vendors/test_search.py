"""Search as Indonesians write it: synonyms and spellings as data, category names, typos on PostgreSQL."""

import pytest
from django.urls import reverse

from market.models import SearchSynonym
from tests.factories import CategoryFactory, CommodityFactory, ProductFactory, TraderFactory
from vendors.selectors import product_list_public, product_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def goods(batang, amlapura):
    spices = CategoryFactory(name="Cabai dan bumbu", name_en="Chilies and spices", slug="bumbu")
    vegetables = CategoryFactory(name="Sayur", name_en="Vegetables", slug="sayur")
    staples = CategoryFactory(name="Sembako", name_en="Staples", slug="sembako")
    eggs = CategoryFactory(name="Telur", name_en="Eggs", slug="telur")
    rawit = CommodityFactory(
        name="Cabai rawit merah", name_en="Red bird's eye chili", slug="cabai-rawit-merah"
    )
    shallot = CommodityFactory(name="Bawang merah", name_en="Shallot", slug="bawang-merah")
    oil = CommodityFactory(
        name="Minyak goreng", name_en="Cooking oil", slug="minyak-goreng", standard_unit="liter"
    )
    stall = TraderFactory(market=batang)
    bali = TraderFactory(market=amlapura)

    def product(name, category, commodity=None, trader=stall):
        return ProductFactory(
            trader=trader,
            name=name,
            category=category,
            commodity=commodity,
            commodity_factor=1 if commodity else None,
        )

    return {
        "rawit": product("Cabai rawit merah", spices, rawit),
        "shallot": product("Bawang merah brebes", spices, shallot),
        "oil": product("Minyakita 1 liter", staples, oil),
        "eggs": product("Telur ayam ras", eggs),
        "kangkung": product("Kangkung", vegetables),
        "bayam": product("Bayam", vegetables),
        "bali_shallot": product("Bawang merah", spices, shallot, trader=bali),
    }


def found(term, **filters) -> set[str]:
    return {product.name for product in product_list_public(search=term, **filters)}


@pytest.mark.parametrize(
    "term", ["cabe", "CABAI", "rawit", "lombok", "cabe rawit", "Cabe  Rawit", "rawit cabe"]
)
def test_the_ways_people_write_cabai_rawit_find_it(goods, term):
    assert "Cabai rawit merah" in found(term)


def test_telor_finds_eggs_migor_finds_oil_brambang_finds_shallots(goods):
    assert found("telor") == {"Telur ayam ras"}
    assert found("migor") == {"Minyakita 1 liter"}
    assert found("brambang") == {"Bawang merah brebes", "Bawang merah"}


def test_sayur_finds_the_vegetables_by_their_category(goods):
    assert found("sayur") == {"Kangkung", "Bayam"}
    assert found("vegetables") == {"Kangkung", "Bayam"}


def test_a_regions_own_word_works_in_its_markets_only(goods, batang, amlapura):
    SearchSynonym.objects.create(region=amlapura.region, word="kesuna barak", means="bawang merah")

    assert found("kesuna barak", market=amlapura) == {"Bawang merah"}
    assert found("kesuna barak", market=batang) == set()
    assert found("kesuna barak") == {"Bawang merah brebes", "Bawang merah"}


def test_nothing_found_suggests_a_close_word(client, goods):
    page = client.get(reverse("vendors:product_list"), {"q": "bawnag"}).content.decode()

    if "0 produk ditemukan" in page:  # SQLite: no typo tolerance, a suggestion instead
        assert 'Maksud Anda <a href="?q=bawang">bawang</a>?' in page


def test_the_api_searches_the_same_way(client, goods):
    rows = client.get("/api/v1/products/", {"search": "cabe rawit"}).json()["results"]

    assert [row["name"] for row in rows] == ["Cabai rawit merah"]


@pytest.mark.postgres
def test_on_postgresql_typos_find_the_product(goods):
    assert {"Bawang merah brebes", "Bawang merah"} <= found("bwang")
    assert "Cabai rawit merah" in found("cabai rawt")


def test_a_word_added_on_the_staff_page_works_at_once(staff_client, goods, batang):
    assert found("kucai") == set()

    response = staff_client.post(
        reverse("market:staff_synonyms"), {"region": batang.region.pk, "word": "Kucai", "means": "kangkung"}
    )

    assert response.status_code == 302
    assert found("kucai") == {"Kangkung"}


def test_staff_of_another_region_cannot_change_this_regions_words(client, people):
    synonym = SearchSynonym.objects.create(region=people.batang, word="lombok ijo", means="cabai hijau")
    client.force_login(people.karangasem_staff)

    add = client.post(
        reverse("market:staff_synonyms"), {"region": people.batang.pk, "word": "x", "means": "y"}
    )
    remove = client.post(reverse("market:staff_synonym_remove", args=[synonym.pk]))
    page = client.get(reverse("market:staff_synonyms")).content.decode()

    assert add.status_code == 200 and "x" not in set(SearchSynonym.objects.values_list("word", flat=True))
    assert remove.status_code == 404
    assert SearchSynonym.objects.filter(pk=synonym.pk).exists()
    assert "lombok ijo" not in page


def test_a_word_cannot_have_two_meanings_in_a_region(staff_client, batang):
    SearchSynonym.objects.create(region=batang.region, word="lombok ijo", means="cabai hijau")

    response = staff_client.post(
        reverse("market:staff_synonyms"), {"region": batang.region.pk, "word": "Lombok ijo", "means": "cabai"}
    )

    assert response.status_code == 200
    assert SearchSynonym.objects.get(region=batang.region, word="lombok ijo").means == "cabai hijau"


def test_products_named_for_the_search_come_before_those_its_category_brings(goods):
    goods["rawit"].price = 90000  # dearer than the shallots, and still first for "cabe"
    goods["rawit"].save(update_fields=["price"])

    names = [product.name for product in product_order(product_list_public(search="cabe"), "cheapest")]

    assert names[0] == "Cabai rawit merah"
    assert set(names[1:]) == {"Bawang merah brebes", "Bawang merah"}
