from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProductFactory, TraderFactory, UserFactory, coordinated_group
from tests.vendors.typed_numbers import FORTY_FIVE_THOUSAND, NOT_A_PRICE, QUANTITIES
from vendors.errors import VendorError
from vendors.models import Product, Unit
from vendors.services.products import QuickRow, product_quick_update

pytestmark = pytest.mark.django_db


def url(stall) -> str:
    return reverse("vendors:manage_quick_update", args=[stall.pk])


def posted(rows: list[dict]) -> dict:
    """The quick-update form as the page posts it; each row: product, price, stock, expected_stock."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"form-{index}-{field}"] = str(value)
    return data


def row(product, **changes) -> dict:
    values = {
        "product": product.pk,
        "price": product.price,
        "stock": product.stock,
        "expected_stock": product.stock,
    }
    return {**values, **changes}


def state(products) -> list[tuple]:
    return [
        (p.price, p.stock) for p in Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk")
    ]


@pytest.fixture
def stall():
    return TraderFactory()


@pytest.fixture
def products(stall):
    return [
        ProductFactory(trader=stall, name="Bawang merah", price=38000, stock=Decimal("12.5")),
        ProductFactory(trader=stall, name="Cabai rawit", price=45000, stock=Decimal("4")),
        ProductFactory(
            trader=stall, name="Telur ayam", unit=Unit.BUTIR, step=Decimal("1"), price=2000, stock=30
        ),
    ]


def test_the_page_shows_every_product_with_its_price_and_stock(client, stall, products):
    client.force_login(stall.user)

    response = client.get(url(stall))

    page = response.content.decode()
    assert response.status_code == 200
    for product in products:
        assert product.name in page
    assert 'value="12,5"' in page  # stock shown the Indonesian way
    assert 'value="38000"' in page


def test_saving_changes_every_row_at_once_and_records_who(client, stall, products):
    bawang, cabai, telur = products
    client.force_login(stall.user)

    response = client.post(
        url(stall),
        posted([row(bawang, price=40000), row(cabai, stock="3,75"), row(telur)]),
    )

    assert response.status_code == 302
    assert state(products) == [(40000, Decimal("12.5")), (45000, Decimal("3.75")), (2000, Decimal("30"))]
    assert bawang.history.latest().history_user == stall.user
    assert cabai.history.latest().history_user == stall.user
    assert telur.history.count() == 1  # unchanged: no new version


def test_one_invalid_row_leaves_every_product_unchanged(client, stall, products):
    bawang, cabai, telur = products
    before = state(products)
    client.force_login(stall.user)

    response = client.post(
        url(stall),
        posted([row(bawang, price=40000), row(cabai, stock="3,1"), row(telur, price=0)]),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert state(products) == before
    assert "Harga harus antara Rp 1 dan Rp 100.000.000." in page
    assert "Tidak ada yang disimpan" in page


def test_a_stock_step_violation_found_by_the_service_saves_nothing(client, stall, products):
    bawang, cabai, telur = products
    before = state(products)
    client.force_login(stall.user)

    response = client.post(url(stall), posted([row(bawang, price=40000), row(telur, stock="2,5")]))

    assert "Stok harus kelipatan langkah jumlahnya (1)." in response.content.decode()
    assert state(products) == before


def test_a_row_whose_stock_sold_meanwhile_is_refused_and_nothing_is_saved(client, stall, products):
    bawang, cabai, telur = products
    client.force_login(stall.user)
    shown = posted([row(bawang, price=40000), row(cabai, stock="10")])
    Product.objects.filter(pk=cabai.pk).update(stock=Decimal("2.5"))  # a shopper bought 1,5 kg meanwhile

    response = client.post(url(stall), shown)

    page = response.content.decode()
    assert "Stok sudah berubah: sekarang 2,5 kg" in page
    assert state([bawang, cabai]) == [(38000, Decimal("12.5")), (45000, Decimal("2.5"))]

    # The page now carries the new stock as the one shown: saving again after a look goes through.
    assert 'name="form-1-expected_stock" value="2.5' in page
    shown["form-1-expected_stock"] = "2.5"
    assert client.post(url(stall), shown).status_code == 302
    assert state([bawang, cabai]) == [(40000, Decimal("12.5")), (45000, Decimal("10"))]


def test_htmx_gets_the_form_back_in_place(client, stall, products):
    client.force_login(stall.user)

    response = client.post(
        url(stall), posted([row(p, price=p.price + 1000) for p in products]), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<form") and "<html" not in page
    assert "Harga dan stok tersimpan." in page
    assert [price for price, _ in state(products)] == [39000, 46000, 3000]


def test_a_product_of_another_stall_cannot_ride_along(client, stall, products):
    stranger = ProductFactory(price=45000)
    before = state(products)
    client.force_login(stall.user)

    client.post(url(stall), posted([row(products[0], price=1000), row(stranger, price=1)]))

    stranger.refresh_from_db()
    assert stranger.price == 45000
    assert state(products) == before


def test_the_coordinator_updates_a_member_and_is_recorded(client):
    group = coordinated_group()
    member = group.members.exclude(pk=group.coordinator_id).get()
    product = ProductFactory(trader=member, price=45000)
    client.force_login(group.coordinator.user)

    response = client.post(url(member), posted([row(product, price=47000)]))

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == 47000
    assert product.history.latest().history_user == group.coordinator.user


def test_another_trader_gets_404_and_a_shopper_403(client, stall, products):
    client.force_login(TraderFactory().user)
    assert client.get(url(stall)).status_code == 404
    assert client.post(url(stall), posted([row(products[0], price=1)])).status_code == 404

    client.force_login(UserFactory())
    assert client.get(url(stall)).status_code == 403
    assert state(products)[0] == (38000, Decimal("12.5"))


def test_saving_costs_the_same_queries_for_5_and_50_products(client):
    def queries_to_save(count: int) -> int:
        stall = TraderFactory()
        products = ProductFactory.create_batch(count, trader=stall, price=10000, stock=Decimal("8"))
        client.force_login(stall.user)
        client.get(url(stall))  # session and language settled before counting
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url(stall), posted([row(p, price=12000, stock="7,5") for p in products]))
        assert response.status_code == 302
        assert state(products) == [(12000, Decimal("7.5"))] * count
        assert Product.history.filter(history_user=stall.user).count() == count
        return len(queries)

    assert queries_to_save(5) == queries_to_save(50)


def test_the_service_refuses_stock_changes_with_the_current_value(stall, products):
    bawang, cabai, _ = products

    with pytest.raises(VendorError) as caught:
        product_quick_update(
            actor=stall.user,
            trader=stall,
            rows=[
                QuickRow(bawang.pk, 40000, Decimal("12.5"), Decimal("12.5")),
                QuickRow(cabai.pk, 45000, Decimal("3"), Decimal("5")),
            ],
        )

    assert caught.value.code == "stock_changed"
    assert caught.value.current_stock == {cabai.pk: Decimal("4")}
    assert set(caught.value.rows) == {cabai.pk}
    assert state([bawang]) == [(38000, Decimal("12.5"))]


@pytest.mark.parametrize("typed", FORTY_FIVE_THOUSAND)
def test_a_price_typed_as_people_write_it_saves_in_whole_rupiah(client, stall, products, typed):
    bawang, cabai, telur = products
    client.force_login(stall.user)

    response = client.post(url(stall), posted([row(bawang, price=typed), row(cabai), row(telur)]))

    assert response.status_code == 302
    assert [price for price, _ in state(products)] == [45000, 45000, 2000]


@pytest.mark.parametrize(("typed", "message"), NOT_A_PRICE.items())
def test_a_typed_price_that_is_no_price_is_refused_on_its_row(client, stall, products, typed, message):
    bawang, cabai, telur = products
    before = state(products)
    client.force_login(stall.user)

    response = client.post(url(stall), posted([row(bawang, price=40000), row(cabai, price=typed)]))

    forms = response.context["formset"].forms
    assert [list(form.errors) for form in forms] == [[], ["price"]]
    assert message in response.content.decode()
    assert state(products) == before


@pytest.mark.parametrize(("typed", "value"), QUANTITIES.items())
def test_stock_reads_thousands_dots_and_decimal_commas(client, stall, products, typed, value):
    bawang = products[0]
    client.force_login(stall.user)

    response = client.post(url(stall), posted([row(bawang, stock=typed)]))

    assert response.status_code == 302
    assert state([bawang]) == [(38000, value)]


def test_a_thousandfold_drop_asks_to_confirm_that_row_and_saves_nothing_until_then(client, stall, products):
    bawang, cabai, telur = products
    before = state(products)
    client.force_login(stall.user)
    typed = posted([row(bawang, price="40.000"), row(cabai, price="45")])

    asked = client.post(url(stall), typed)

    page = asked.content.decode()
    assert "Rp 45 kurang dari sepersepuluh harga terakhir, Rp 45.000. Benarkah?" in page
    assert "Ada harga yang tidak biasa: pastikan benar, lalu simpan lagi." in page
    assert 'name="form-1-confirm_price"' in page and 'name="form-0-confirm_price"' not in page
    assert state(products) == before

    confirmed = client.post(url(stall), {**typed, "form-1-confirm_price": "on"})

    assert confirmed.status_code == 302
    assert state(products)[:2] == [(40000, Decimal("12.5")), (45, Decimal("4"))]


@pytest.mark.parametrize("language", ["id", "en"])
def test_rows_drawn_without_their_forms_are_the_forms_html(language):
    """The page draws its rows from the empty form's inputs (vendors.forms.products.unbound_quick_rows):
    the same HTML as the formset's own forms, decimals, prices and hidden products included."""
    from django.template import Context, Template
    from django.utils import translation

    from vendors.forms.products import QuickUpdateFormSet, quick_initial, unbound_quick_rows

    stall = TraderFactory()
    products = [
        ProductFactory(trader=stall, price=45000, stock=Decimal("12.5"), unit=Unit.KG),
        ProductFactory(
            trader=stall, price=1500, stock=Decimal("1000"), available=False, name='Tahu "pong" <b>'
        ),
        ProductFactory(trader=stall, price=7, stock=Decimal("0.125"), unit=Unit.ONS),
    ]
    row_html = Template(
        "{% load product_manage %}{% for form, product in rows %}{% quick_row form product 'Rp' %}"
        "{% endfor %}"
    )
    with translation.override(language):
        forms = QuickUpdateFormSet(initial=[quick_initial(product) for product in products])
        built = row_html.render(Context({"rows": list(zip(forms, products, strict=True))}))
        drawn = row_html.render(
            Context({"rows": list(zip(unbound_quick_rows(products), products, strict=True))})
        )

    assert drawn == built
    assert (
        'name="form-0-stock" value="12,5"' in drawn and 'name="form-2-expected_stock" value="0.125"' in drawn
    )
    assert "Tahu &quot;pong&quot; &lt;b&gt;" in drawn


def test_the_page_asks_no_form_per_row_until_posted(client):
    stall = TraderFactory()
    ProductFactory.create_batch(3, trader=stall)
    client.force_login(stall.user)

    response = client.get(url(stall))

    assert "forms" not in vars(response.context["formset"])  # the formset's forms were never built
    assert response.content.decode().count('class="quick-row"') == 3
