from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    ProductFactory,
    TraderFactory,
    UserFactory,
    coordinated_group,
    photo_upload,
)
from tests.vendors.typed_numbers import FORTY_FIVE_THOUSAND, NOT_A_PRICE, QUANTITIES
from vendors.models import Product, Unit

pytestmark = pytest.mark.django_db


def urls_for(product) -> dict[str, tuple[str, str]]:
    """Every product page of the product's stall, with the method that changes something."""
    stall = product.trader.pk
    return {
        "list": ("get", reverse("vendors:manage_products", args=[stall])),
        "add": ("get", reverse("vendors:manage_product_add", args=[stall])),
        "edit": ("get", reverse("vendors:manage_product_edit", args=[stall, product.pk])),
        "hide": ("post", reverse("vendors:manage_product_availability", args=[stall, product.pk])),
        "remove": ("post", reverse("vendors:manage_product_remove", args=[stall, product.pk])),
        "quick": ("get", reverse("vendors:manage_quick_update", args=[stall])),
    }


def form_data(**changes) -> dict:
    category = CategoryFactory(slug="bumbu")
    data = {
        "name": "Cabai rawit merah",
        "category": category.pk,
        "unit": Unit.KG,
        "price": "45000",
        "stock": "10,5",
        "step": "",
        "commodity": "",
        "commodity_factor": "",
        "negotiable": "on",
        "available": "on",
        "description": "",
    }
    return {**data, **changes}


@pytest.fixture
def theirs():
    return ProductFactory(name="Kangkung", price=5000, stock=Decimal("20"))


@pytest.mark.parametrize("page", ["list", "add", "edit", "hide", "remove", "quick"])
def test_trader_a_cannot_reach_trader_bs_products(client, theirs, page):
    client.force_login(TraderFactory().user)
    method, url = urls_for(theirs)[page]

    response = getattr(client, method)(url, {"available": "0"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.available, theirs.archived_at) == (True, None)


@pytest.mark.parametrize("page", ["list", "add", "edit", "hide", "remove", "quick"])
def test_b_s_coordinator_reaches_every_page_of_b(client, page):
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    product = ProductFactory(trader=member)
    client.force_login(group.coordinator.user)
    method, url = urls_for(product)[page]

    response = getattr(client, method)(url, {"available": "0"})

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("page", ["list", "add", "edit", "hide", "remove", "quick"])
def test_a_shopper_gets_403(client, theirs, page):
    client.force_login(UserFactory())
    method, url = urls_for(theirs)[page]

    assert getattr(client, method)(url).status_code == 403
    assert client.get(reverse("vendors:manage_stalls")).status_code == 403


def test_a_visitor_is_asked_to_log_in(client, theirs):
    response = client.get(urls_for(theirs)["list"][1])

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_suspended_coordinator_can_no_longer_reach_members(client):
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    product = ProductFactory(trader=member)
    group.coordinator.status = "suspended"
    group.coordinator.save(update_fields=["status"])
    client.force_login(group.coordinator.user)

    assert client.get(urls_for(product)["list"][1]).status_code == 403
    assert client.post(urls_for(product)["hide"][1], {"available": "0"}).status_code == 403
    product.refresh_from_db()
    assert product.available


def test_one_stall_goes_straight_to_its_products_and_several_are_offered(client):
    stall = TraderFactory()
    client.force_login(stall.user)
    response = client.get(reverse("vendors:manage_stalls"))
    assert response["Location"] == reverse("vendors:manage_products", args=[stall.pk])

    second = TraderFactory(user=stall.user)
    response = client.get(reverse("vendors:manage_stalls"))
    assert response.status_code == 200
    assert stall.stall_name in response.content.decode() and second.stall_name in response.content.decode()


def test_the_list_shows_the_stalls_products_hidden_ones_too_but_not_removed_ones(client):
    stall = TraderFactory()
    ProductFactory(trader=stall, name="Bayam", available=False)
    ProductFactory(trader=stall, name="Sawi", archived_at="2026-11-01T00:00Z")
    ProductFactory(name="Kol")
    client.force_login(stall.user)

    page = client.get(reverse("vendors:manage_products", args=[stall.pk])).content.decode()

    assert "Bayam" in page
    assert "Sawi" not in page and "Kol" not in page


def test_adding_a_product_with_a_photo(client):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(
        reverse("vendors:manage_product_add", args=[stall.pk]),
        form_data(photo=photo_upload("JPEG", size=(1600, 1200))),
    )

    assert response.status_code == 302
    product = stall.products.get()
    assert (product.name, product.price, product.stock, product.step) == (
        "Cabai rawit merah",
        45000,
        Decimal("10.5"),
        Decimal("0.25"),
    )
    assert (product.photo_width, product.photo_height, product.thumbnail_width) == (1024, 768, 320)
    assert product.history.get().history_user == stall.user


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"price": "45.000,50"}, "Isi harga dalam rupiah bulat, mis. 45000."),
        ({"price": "0"}, "Harga harus antara Rp 1 dan Rp 100.000.000."),
        ({"stock": "-1"}, "Stok tidak boleh negatif."),
        ({"stock": "10,1"}, "Stok harus kelipatan langkah jumlahnya (0,25)."),
        ({"photo": SimpleUploadedFile("foto.jpg", b"MZ\x90\x00")}, "bukan foto JPEG, PNG, atau WebP"),
    ],
)
def test_bad_input_shows_a_message_and_saves_nothing(client, changes, message):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(reverse("vendors:manage_product_add", args=[stall.pk]), form_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Product.objects.exists()


def test_editing_keeps_the_default_step_empty_and_saves_changes(client):
    stall = TraderFactory()
    product = ProductFactory(trader=stall, price=45000, stock=Decimal("10"))
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_edit", args=[stall.pk, product.pk])

    page = client.get(url).content.decode()
    assert 'name="step"' in page and 'name="step" value' not in page
    assert 'name="stock" value="10"' in page

    response = client.post(url, form_data(name=product.name, category=product.category.pk, price="47000"))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.price, product.stock) == (47000, Decimal("10.5"))


def test_hiding_and_showing_a_product(client):
    stall = TraderFactory()
    product = ProductFactory(trader=stall)
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_availability", args=[stall.pk, product.pk])

    client.post(url, {"available": "0"})
    product.refresh_from_db()
    assert not product.available

    client.post(url, {"available": "1"})
    product.refresh_from_db()
    assert product.available
    assert client.get(url).status_code == 405


def test_removing_asks_first_then_archives(client):
    stall = TraderFactory()
    product = ProductFactory(trader=stall, name="Kangkung")
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_remove", args=[stall.pk, product.pk])

    assert "Hapus Kangkung dari lapak" in client.get(url).content.decode()
    product.refresh_from_db()
    assert product.archived_at is None

    assert client.post(url).status_code == 302
    product.refresh_from_db()
    assert product.archived_at is not None
    assert client.get(url).status_code == 404


def test_the_trader_and_coordinator_pages_link_to_the_product_pages(client):
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    client.force_login(group.coordinator.user)

    own = client.get(reverse("portal:trader")).content.decode()
    coordinating = client.get(reverse("portal:coordinator")).content.decode()

    assert reverse("vendors:manage_products", args=[group.coordinator_id]) in own
    assert reverse("vendors:manage_quick_update", args=[member.pk]) in coordinating


@pytest.mark.parametrize("typed", FORTY_FIVE_THOUSAND)
def test_a_price_typed_as_people_write_it_saves_in_whole_rupiah(client, typed):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(reverse("vendors:manage_product_add", args=[stall.pk]), form_data(price=typed))

    assert response.status_code == 302
    assert stall.products.get().price == 45000


@pytest.mark.parametrize(("typed", "message"), NOT_A_PRICE.items())
def test_a_typed_price_that_is_no_price_is_refused_on_the_field(client, typed, message):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(reverse("vendors:manage_product_add", args=[stall.pk]), form_data(price=typed))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["price"]
    assert message in response.content.decode()
    assert not Product.objects.exists()


def quantity_form(field: str, typed: str) -> dict:
    """The add form with `typed` in one quantity field, the others chosen so that any value fits."""
    if field == "stock":
        return form_data(stock=typed)
    if field == "step":
        return form_data(stock="0", step=typed)
    kangkung = CommodityFactory(standard_unit="kg")
    return form_data(stock="0", unit=Unit.IKAT, commodity=kangkung.pk, commodity_factor=typed)


@pytest.mark.parametrize("field", ["stock", "step", "commodity_factor"])
@pytest.mark.parametrize(("typed", "value"), QUANTITIES.items())
def test_quantities_read_thousands_dots_and_decimal_commas(client, field, typed, value):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(
        reverse("vendors:manage_product_add", args=[stall.pk]), quantity_form(field, typed)
    )

    assert response.status_code == 302
    assert getattr(stall.products.get(), field) == value


def test_the_edit_form_shows_quantities_so_that_saving_again_changes_nothing(client):
    stall = TraderFactory()
    kangkung = CommodityFactory(standard_unit="kg")
    product = ProductFactory(
        trader=stall,
        unit=Unit.IKAT,
        step=Decimal("0.5"),
        stock=Decimal("1000.5"),
        commodity=kangkung,
        commodity_factor=Decimal("0.25"),
    )
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_edit", args=[stall.pk, product.pk])

    page = client.get(url).content.decode()
    assert 'name="stock" value="1000,5"' in page
    assert 'name="step" value="0,5"' in page
    assert 'name="commodity_factor" value="0,25"' in page

    shown = {"stock": "1000,5", "step": "0,5", "commodity_factor": "0,25"}
    response = client.post(
        url,
        form_data(
            name=product.name, category=product.category.pk, unit=Unit.IKAT, commodity=kangkung.pk, **shown
        ),
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.stock, product.step, product.commodity_factor) == (
        Decimal("1000.5"),
        Decimal("0.5"),
        Decimal("0.25"),
    )


def test_a_thousandfold_drop_asks_to_confirm_the_price_before_saving(client):
    stall = TraderFactory()
    product = ProductFactory(trader=stall, name="Cabai rawit", price=65000)
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_edit", args=[stall.pk, product.pk])
    typed_65 = form_data(name=product.name, category=product.category.pk, price="65")

    asked = client.post(url, typed_65)

    page = asked.content.decode()
    assert asked.status_code == 200
    assert "Rp 65 kurang dari sepersepuluh harga terakhir, Rp 65.000. Benarkah?" in page
    assert 'name="confirm_price"' in page and "Ya, harga ini benar" in page
    product.refresh_from_db()
    assert product.price == 65000

    confirmed = client.post(url, {**typed_65, "confirm_price": "on"})

    assert confirmed.status_code == 302
    product.refresh_from_db()
    assert product.price == 65


def test_the_confirmation_is_not_offered_for_an_ordinary_price(client):
    stall = TraderFactory()
    client.force_login(stall.user)

    page = client.get(reverse("vendors:manage_product_add", args=[stall.pk])).content.decode()

    assert 'name="confirm_price"' not in page


def test_a_new_product_far_below_its_staples_market_price_asks_first(client):
    stall = TraderFactory()
    cabai = CommodityFactory(name="Cabai rawit merah", standard_unit="kg")
    for price in (60000, 64000, 70000):
        ProductFactory(
            trader=TraderFactory(market=stall.market), commodity=cabai, commodity_factor=1, price=price
        )
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_add", args=[stall.pk])

    asked = client.post(url, form_data(commodity=cabai.pk, price="6.000"))

    assert "Rp 6.000 per kg kurang dari sepersepuluh harga Cabai rawit merah" in asked.content.decode()
    assert not stall.products.exists()
    assert (
        client.post(url, form_data(commodity=cabai.pk, price="6.000", confirm_price="on")).status_code == 302
    )
    assert stall.products.get().price == 6000


def test_a_staple_fills_in_the_unit_and_category_left_empty(client):
    stall = TraderFactory()
    beras = CommodityFactory(name="Beras medium", standard_unit="kg", category=CategoryFactory(slug="beras"))
    client.force_login(stall.user)

    response = client.post(
        reverse("vendors:manage_product_add", args=[stall.pk]),
        {"name": "Beras medium", "commodity": beras.pk, "price": "13.500", "stock": "150", "available": "on"},
    )

    assert response.status_code == 302
    product = stall.products.get()
    assert (product.unit, product.category.slug, product.step, product.commodity_factor) == (
        Unit.KG,
        "beras",
        Decimal("0.25"),
        Decimal("1"),
    )


def test_without_a_staple_the_unit_and_category_are_asked_for(client):
    stall = TraderFactory()
    client.force_login(stall.user)

    response = client.post(
        reverse("vendors:manage_product_add", args=[stall.pk]),
        {"name": "Kerupuk", "price": "5.000", "stock": "10", "available": "on"},
    )

    assert set(response.context["form"].errors) == {"unit", "category"}
    assert "Pilih satuannya, atau pilih bahan pokok agar satuannya terisi." in response.content.decode()
    assert not Product.objects.exists()


def test_the_category_select_offers_our_own_empty_label_in_both_languages(client, settings):
    stall = TraderFactory()
    client.force_login(stall.user)
    url = reverse("vendors:manage_product_add", args=[stall.pk])

    indonesian = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()

    assert "— Pilih kategori —" in indonesian and "— Pilih satuan —" in indonesian
    assert "— Choose a category —" in english
    assert "Select an option" not in indonesian + english
