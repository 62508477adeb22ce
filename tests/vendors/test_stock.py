"""vendors.stock: stock taken and given back for several products at once, all or nothing, ledgered."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from tests.factories import ProductFactory, TraderFactory
from tests.locks import run_at_once
from vendors.errors import VendorError
from vendors.models import Product, StockMovement, StockReason
from vendors.services.stock import stock_restore, stock_take


def stock_of(*products) -> list[Decimal]:
    return [Product.objects.get(pk=product.pk).stock for product in products]


@pytest.mark.django_db
class TestTakeAndRestore:
    def test_take_lowers_every_stock_and_records_each_change(self):
        chili, rice = ProductFactory(stock=Decimal("2.5")), ProductFactory(stock=Decimal("10"))

        stock_take(quantities={chili.pk: Decimal("0.5"), rice.pk: Decimal("3")}, reference="order:7")

        assert stock_of(chili, rice) == [Decimal("2"), Decimal("7")]
        movements = StockMovement.objects.order_by("product_id")
        assert [(m.product_id, m.change, m.reason, m.reference) for m in movements] == [
            (chili.pk, Decimal("-0.5"), StockReason.SALE, "order:7"),
            (rice.pk, Decimal("-3"), StockReason.SALE, "order:7"),
        ]

    def test_short_stock_refuses_all_of_it_and_says_what_is_left(self, settings):
        chili = ProductFactory(name="Cabai rawit", unit="kg", stock=Decimal("0.5"))
        rice = ProductFactory(stock=Decimal("10"))

        with pytest.raises(VendorError) as refused:
            stock_take(quantities={chili.pk: Decimal("1"), rice.pk: Decimal("3")})

        assert refused.value.code == "stock_short"
        assert refused.value.rows == {chili.pk: {"quantity": "Stok Cabai rawit tinggal 0,5 kg."}}
        assert refused.value.current_stock == {chili.pk: Decimal("0.5")}
        assert stock_of(chili, rice) == [Decimal("0.5"), Decimal("10")]
        assert not StockMovement.objects.exists()

    def test_a_product_that_is_gone_counts_as_sold_out(self):
        rice = ProductFactory(stock=Decimal("10"))

        with pytest.raises(VendorError) as refused:
            stock_take(quantities={rice.pk: Decimal("1"), 999_999: Decimal("1")})

        assert refused.value.rows == {999_999: {"quantity": "Habis."}}
        assert stock_of(rice) == [Decimal("10")]

    def test_restore_gives_back_exactly_what_was_taken(self):
        chili, rice = ProductFactory(stock=Decimal("2.5")), ProductFactory(stock=Decimal("10"))
        taken = {chili.pk: Decimal("0.5"), rice.pk: Decimal("3")}

        stock_take(quantities=taken, reference="order:7")
        stock_restore(quantities={chili.pk: Decimal("0.5")}, reference="order:7")
        stock_restore(quantities={rice.pk: Decimal("3")}, reference="order:7")

        assert stock_of(chili, rice) == [Decimal("2.5"), Decimal("10")]
        assert sum(m.change for m in StockMovement.objects.all()) == 0

    def test_the_database_keeps_stock_from_going_negative_even_for_a_direct_update(self):
        rice = ProductFactory(stock=Decimal("1"))

        with pytest.raises(IntegrityError), transaction.atomic():
            Product.objects.filter(pk=rice.pk).update(stock=F("stock") - 2)

        assert stock_of(rice) == [Decimal("1")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestConcurrency:
    def test_twenty_takes_of_the_last_five_units_sell_exactly_five(self):
        eggs = ProductFactory(unit="butir", step=Decimal("1"), stock=Decimal("5"))

        outcomes = run_at_once(*[lambda: stock_take(quantities={eggs.pk: Decimal("1")})] * 20)

        refused = [outcome for outcome in outcomes if isinstance(outcome, VendorError)]
        assert len(refused) == 15, outcomes
        assert {error.code for error in refused} == {"stock_short"}
        assert stock_of(eggs) == [Decimal("0")]
        assert StockMovement.objects.count() == 5

    def test_opposite_orders_never_deadlock(self):
        stall = TraderFactory()
        first, second = (ProductFactory(trader=stall, stock=Decimal("100")) for _ in range(2))
        forwards = {first.pk: Decimal("1"), second.pk: Decimal("1")}
        backwards = {second.pk: Decimal("1"), first.pk: Decimal("1")}

        outcomes = run_at_once(*[lambda q=q: stock_take(quantities=q) for q in [forwards, backwards] * 5])

        assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
        assert stock_of(first, second) == [Decimal("90"), Decimal("90")]

    def test_the_lock_lets_rows_that_refer_to_the_product_be_written(self, settings):
        settings.LOCK_TIMEOUT = 0.5
        rice = ProductFactory(stock=Decimal("10"))

        def take_and_hold():
            with transaction.atomic():
                stock_take(quantities={rice.pk: Decimal("1")})
                # A plain FOR UPDATE would block this other connection's insert past the lock timeout.
                inserted = run_at_once(
                    lambda: StockMovement.objects.create(product=rice, change=0, reason="update").pk
                )
                return inserted

        outcome = take_and_hold()
        connection.close()

        assert isinstance(outcome[0], int), outcome


@pytest.mark.django_db
def test_every_stock_figure_a_trader_sets_is_in_the_ledger():
    from vendors.services.products import QuickRow, product_create, product_quick_update, product_update

    stall = TraderFactory()
    product = product_create(
        actor=stall.user,
        trader=stall,
        name="Tomat",
        category=ProductFactory().category,
        unit="kg",
        price=12000,
        stock=Decimal("10"),
    )
    product_update(actor=stall.user, product=product, stock=Decimal("8"))
    product_quick_update(
        actor=stall.user, trader=stall, rows=[QuickRow(product.pk, 12000, Decimal("12.5"), Decimal("8"))]
    )
    stock_take(quantities={product.pk: Decimal("2.5")}, reference="order:1")

    changes = list(
        StockMovement.objects.filter(product=product).order_by("pk").values_list("change", "reason")
    )
    assert changes == [
        (Decimal("10"), StockReason.UPDATE),
        (Decimal("-2"), StockReason.UPDATE),
        (Decimal("4.5"), StockReason.UPDATE),
        (Decimal("-2.5"), StockReason.SALE),
    ]
    assert sum(change for change, _ in changes) == stock_of(product)[0] == Decimal("10")
