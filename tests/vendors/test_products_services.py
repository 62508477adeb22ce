from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    CategoryFactory,
    CommodityFactory,
    ProductFactory,
    TraderFactory,
    UserFactory,
    coordinated_group,
    photo_upload,
)
from vendors.errors import VendorError
from vendors.models import Product, Unit
from vendors.selectors import commodity_median_price, product_list_public
from vendors.services.products import (
    QuickRow,
    product_create,
    product_quick_update,
    product_remove,
    product_set_available,
    product_update,
)

pytestmark = pytest.mark.django_db


def new_product(actor, trader, **fields):
    values = {
        "name": "Cabai rawit merah",
        "category": CategoryFactory(slug="bumbu"),
        "unit": Unit.KG,
        "price": 45000,
        "stock": Decimal("10"),
    }
    return product_create(actor=actor, trader=trader, **{**values, **fields})


def messages_of(caught) -> dict:
    return caught.value.message_dict


def test_a_trader_adds_a_product_with_the_units_default_step():
    trader = TraderFactory()

    product = new_product(trader.user, trader, unit=Unit.GRAM, stock=Decimal("500"))

    product.refresh_from_db()
    assert (product.trader, product.step, product.stock, product.available) == (
        trader,
        Decimal("50"),
        Decimal("500"),
        True,
    )
    assert product.history.get().history_user == trader.user


def test_a_product_may_override_its_step():
    trader = TraderFactory()

    product = new_product(trader.user, trader, step=Decimal("0.5"), stock=Decimal("2.5"))

    assert product.step == Decimal("0.5")


@pytest.mark.parametrize(
    ("unit", "factor"),
    [(Unit.KG, Decimal("1")), (Unit.ONS, Decimal("0.1")), (Unit.GRAM, Decimal("0.001"))],
)
def test_the_commodity_factor_of_a_weight_unit_is_derived(unit, factor):
    trader = TraderFactory()
    cabai = CommodityFactory(standard_unit="kg")

    product = new_product(
        trader.user, trader, unit=unit, stock=Decimal("0"), commodity=cabai, commodity_factor=Decimal("7")
    )

    assert product.commodity_factor == factor


def test_the_commodity_factor_of_a_counted_unit_must_be_entered():
    trader = TraderFactory()
    kangkung = CommodityFactory(standard_unit="kg")

    with pytest.raises(ValidationError) as caught:
        new_product(trader.user, trader, unit=Unit.IKAT, stock=Decimal("3"), commodity=kangkung)
    assert "commodity_factor" in messages_of(caught)

    product = new_product(
        trader.user,
        trader,
        unit=Unit.IKAT,
        stock=Decimal("3"),
        commodity=kangkung,
        commodity_factor=Decimal("0.25"),
    )
    assert product.commodity_factor == Decimal("0.25")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"price": 0}, "__all__", "Harga harus antara Rp 1 dan Rp 100.000.000."),
        ({"price": 100_000_001}, "__all__", "Harga harus antara Rp 1 dan Rp 100.000.000."),
        ({"stock": Decimal("-1")}, "__all__", "Stok tidak boleh negatif."),
        ({"stock": Decimal("1.1")}, "stock", "Stok harus kelipatan langkah jumlahnya (0,25)."),
        ({"unit": Unit.BUTIR, "stock": Decimal("2.5")}, "stock", "kelipatan langkah jumlahnya (1)"),
        ({"name": ""}, "name", "tidak boleh kosong"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_saved(fields, field, message):
    trader = TraderFactory()

    with pytest.raises(ValidationError) as caught:
        new_product(trader.user, trader, **fields)

    assert message in " ".join(messages_of(caught)[field])
    assert not Product.objects.exists()


def test_a_trader_cannot_touch_another_traders_products():
    mine, theirs = TraderFactory(), TraderFactory()
    product = ProductFactory(trader=theirs, price=45000)

    with pytest.raises(VendorError) as caught:
        new_product(mine.user, theirs)
    assert caught.value.code == "not_found"
    for change in (
        lambda: product_update(actor=mine.user, product=product, price=1000),
        lambda: product_set_available(actor=mine.user, product=product, available=False),
        lambda: product_remove(actor=mine.user, product=product),
    ):
        with pytest.raises(VendorError):
            change()

    product.refresh_from_db()
    assert (product.price, product.available, product.archived_at) == (45000, True, None)
    assert theirs.products.count() == 1


def test_a_coordinator_acts_for_a_member_and_is_recorded_as_the_author():
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    coordinator = group.coordinator.user

    product = new_product(coordinator, member)
    product_update(actor=coordinator, product=product, price=50000)

    assert product.trader == member
    assert [h.history_user for h in product.history.order_by("history_date")] == [coordinator, coordinator]


def test_a_suspended_coordinator_can_no_longer_act_for_members():
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    product = ProductFactory(trader=member, price=45000)
    group.coordinator.status = "suspended"
    group.coordinator.save(update_fields=["status"])

    with pytest.raises(VendorError):
        product_update(actor=group.coordinator.user, product=product, price=1)

    product.refresh_from_db()
    assert product.price == 45000


def test_a_coordinator_of_another_group_cannot_act():
    group, other = coordinated_group(), coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()

    with pytest.raises(VendorError):
        new_product(other.coordinator.user, member)


def test_changing_the_unit_resets_the_step_unless_one_is_given():
    trader = TraderFactory()
    product = ProductFactory(trader=trader, unit=Unit.KG, step=Decimal("0.25"), stock=Decimal("2"))

    product = product_update(actor=trader.user, product=product, unit=Unit.IKAT)
    assert product.step == Decimal("1")

    product = product_update(actor=trader.user, product=product, price=9000)
    assert (product.step, product.price) == (Decimal("1"), 9000)


def test_an_update_that_fails_validation_changes_nothing():
    trader = TraderFactory()
    product = ProductFactory(trader=trader, price=45000, stock=Decimal("10"))
    versions = product.history.count()

    with pytest.raises(ValidationError):
        product_update(actor=trader.user, product=product, price=12000, stock=Decimal("1.1"))

    product.refresh_from_db()
    assert (product.price, product.stock, product.history.count()) == (45000, Decimal("10"), versions)


def test_hiding_takes_a_product_out_of_the_catalogue_and_showing_brings_it_back():
    trader = TraderFactory()
    product = ProductFactory(trader=trader)

    product_set_available(actor=trader.user, product=product, available=False)
    assert product not in product_list_public()

    product_set_available(actor=trader.user, product=product, available=True)
    assert product in product_list_public()
    assert [h.available for h in product.history.filter(history_user=trader.user)] == [True, False]


def test_removing_archives_the_product_and_keeps_its_row():
    trader = TraderFactory()
    product = ProductFactory(trader=trader)

    product_remove(actor=trader.user, product=product)

    product.refresh_from_db()
    assert product.archived_at is not None
    assert product not in product_list_public()
    assert product.history.latest().history_user == trader.user
    with pytest.raises(VendorError):
        product_update(actor=trader.user, product=product, price=1)


def test_a_photo_is_stored_under_a_generated_name_with_its_sizes():
    trader = TraderFactory()

    product = new_product(trader.user, trader, photo=photo_upload("PNG", size=(2048, 1024), name="kebun.png"))

    product.refresh_from_db()
    assert product.photo.name.startswith("products/") and "kebun" not in product.photo.name
    assert (product.photo_width, product.photo_height) == (1024, 512)
    assert (product.thumbnail_width, product.thumbnail_height) == (320, 160)
    assert product.photo.storage.exists(product.thumbnail.name)


def test_replacing_a_photo_deletes_the_old_files_after_commit(django_capture_on_commit_callbacks):
    trader = TraderFactory()
    product = new_product(trader.user, trader, photo=photo_upload())
    old_photo, old_thumbnail = product.photo.name, product.thumbnail.name

    with django_capture_on_commit_callbacks(execute=True):
        product = product_update(actor=trader.user, product=product, photo=photo_upload("WEBP"))

    storage = product.photo.storage
    assert storage.exists(product.photo.name) and not storage.exists(old_photo)
    assert not storage.exists(old_thumbnail)


def test_a_refused_photo_leaves_the_product_as_it_was():
    trader = TraderFactory()
    product = ProductFactory(trader=trader, price=45000)

    with pytest.raises(ValidationError) as caught:
        product_update(
            actor=trader.user, product=product, price=1000, photo=SimpleUploadedFile("x.jpg", b"<svg></svg>")
        )

    assert "photo" in messages_of(caught)
    product.refresh_from_db()
    assert (product.price, bool(product.photo)) == (45000, False)


def test_a_user_with_no_stall_cannot_create():
    with pytest.raises(VendorError):
        new_product(UserFactory(), TraderFactory())


def staple_on_sale(market, commodity, *prices, unit=Unit.KG, factor="1"):
    for price in prices:
        ProductFactory(
            trader=TraderFactory(market=market),
            commodity=commodity,
            unit=unit,
            step=Decimal("1"),
            commodity_factor=Decimal(factor),
            price=price,
        )


@pytest.mark.parametrize(
    ("prices", "median"),
    [((60000,), 60000), ((60000, 70000, 64000), 64000), ((60000, 62000, 66000, 90000), 64000)],
)
def test_the_median_per_standard_unit_takes_one_query(django_assert_num_queries, prices, median):
    market = TraderFactory().market
    cabai = CommodityFactory(standard_unit="kg")
    staple_on_sale(market, cabai, *prices)

    with django_assert_num_queries(1):
        assert commodity_median_price(cabai, market) == median


def test_the_median_counts_only_products_on_sale_in_that_market_per_standard_unit():
    market = TraderFactory().market
    beras = CommodityFactory(standard_unit="kg")
    staple_on_sale(market, beras, 13000, 14000)
    staple_on_sale(market, beras, 325000, unit=Unit.KARUNG, factor="25")  # 13.000 per kg
    staple_on_sale(TraderFactory().market, beras, 90000, 90000, 90000)  # another market
    hidden = ProductFactory(trader=TraderFactory(market=market), commodity=beras, commodity_factor=1, price=1)
    hidden.available = False
    hidden.save()
    ProductFactory(
        trader=TraderFactory(market=market, status="suspended"), commodity=beras, commodity_factor=1, price=1
    )

    assert commodity_median_price(beras, market) == 13000
    assert commodity_median_price(CommodityFactory(), market) is None


@pytest.mark.parametrize(
    ("new_price", "asked"),
    [(6499, True), (6500, False), (650000, False), (650001, True), (65000, False)],
)
def test_a_price_is_asked_about_only_under_a_tenth_or_over_ten_times_the_last(new_price, asked):
    product = ProductFactory(price=65000)

    if asked:
        with pytest.raises(VendorError) as caught:
            product_update(actor=product.trader.user, product=product, price=new_price)
        assert caught.value.code == "price_confirm"
        product.refresh_from_db()
        assert product.price == 65000
    else:
        product_update(actor=product.trader.user, product=product, price=new_price)
        product.refresh_from_db()
        assert product.price == new_price


def test_a_confirmed_price_is_saved():
    product = ProductFactory(price=65000)

    product_update(actor=product.trader.user, product=product, price=65, confirm_price=True)

    product.refresh_from_db()
    assert product.price == 65


def test_a_new_unit_is_compared_with_the_staples_median_not_the_last_price():
    trader = TraderFactory()
    cabai = CommodityFactory(standard_unit="kg")
    staple_on_sale(trader.market, cabai, 60000)
    product = ProductFactory(trader=trader, commodity=cabai, commodity_factor=1, price=60000, stock=0)

    # Per ons, 6.000 is 60.000 per kg: the usual price, although a tenth of the last one.
    product_update(actor=trader.user, product=product, unit=Unit.ONS, price=6000, step=None)
    product.refresh_from_db()
    assert (product.unit, product.price, product.commodity_factor) == (Unit.ONS, 6000, Decimal("0.1"))

    # Per gram, keeping 6.000 would be 6.000.000 per kg.
    with pytest.raises(VendorError) as caught:
        product_update(actor=trader.user, product=product, unit=Unit.GRAM, step=None)
    assert caught.value.code == "price_confirm"


def test_a_new_product_with_no_staple_or_no_listed_price_is_not_asked_about():
    trader = TraderFactory()

    assert new_product(trader.user, trader, price=1).price == 1
    assert (
        new_product(trader.user, trader, price=5, commodity=CommodityFactory(standard_unit="kg")).price == 5
    )


def test_the_quick_update_asks_per_row_and_saves_nothing_until_confirmed():
    trader = TraderFactory()
    usual, typo = ProductFactory.create_batch(2, trader=trader, price=65000, stock=Decimal("4"))
    rows = [
        QuickRow(usual.pk, 66000, Decimal("4"), Decimal("4")),
        QuickRow(typo.pk, 65, Decimal("4"), Decimal("4")),
    ]

    with pytest.raises(VendorError) as caught:
        product_quick_update(actor=trader.user, trader=trader, rows=rows)

    assert caught.value.code == "price_confirm"
    assert caught.value.price_confirm == {typo.pk}
    assert set(caught.value.rows) == {typo.pk}
    assert set(Product.objects.values_list("price", flat=True)) == {65000}

    rows[1] = QuickRow(typo.pk, 65, Decimal("4"), Decimal("4"), confirm_price=True)
    product_quick_update(actor=trader.user, trader=trader, rows=rows)
    assert sorted(Product.objects.values_list("price", flat=True)) == [65, 66000]


def test_a_photo_from_someone_who_may_not_edit_the_stall_is_never_decoded(monkeypatch):
    trader = TraderFactory()
    product = ProductFactory(trader=trader)
    stranger = UserFactory()
    monkeypatch.setattr(
        "vendors.services.products.process_photo", lambda photo: pytest.fail("decoded the photo")
    )

    for attempt in (
        lambda: new_product(stranger, trader, photo=photo_upload()),
        lambda: product_update(actor=stranger, product=product, photo=photo_upload()),
    ):
        with pytest.raises(VendorError) as caught:
            attempt()
        assert caught.value.code == "not_found"
