"""The cart with and without htmx: a plain form post goes back to the page with a message; with the
HX-Request header the answer is a fragment (the note beside the button, or the carts in place) with the
header's cart link swapped out of band, and no message is left for the next page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import CartItem
from tests.factories import ProductFactory
from tests.orders.conftest import fill

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
CART_LINK_OOB = 'id="cart-link" href="/keranjang/" class="cart-link" hx-swap-oob="true"'


def add(client, product, quantity="0,5", **headers):
    return client.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": quantity, "next": "/pasar/"},
        **headers,
    )


def test_adding_with_htmx_answers_the_note_and_the_new_count_in_place(client, shop):
    add(client, shop.bawang, "1", **HTMX)

    answer = add(client, shop.product, **HTMX)

    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Cabai rawit merah masuk keranjang." in text
    assert CART_LINK_OOB in text and 'data-cart-count aria-label="2 barang">2</span>' in text
    assert "<html" not in text
    assert "masuk keranjang" not in client.get(reverse("orders:cart")).content.decode()  # no message left


def test_adding_without_htmx_goes_back_to_the_page_with_a_message(client, shop):
    answer = add(client, shop.product)

    assert answer.status_code == 302 and answer["Location"] == "/pasar/"
    page = client.get(reverse("orders:cart")).content.decode()
    assert "Cabai rawit merah masuk keranjang." in page and 'data-cart-count aria-label="1 barang">1<' in page


@pytest.mark.parametrize("quantity", ["0,3", "banyak", "11"])
def test_a_refused_add_with_htmx_says_why_beside_the_button_and_saves_nothing(client, shop, quantity):
    answer = add(client, shop.product, quantity, **HTMX)

    text = answer.content.decode()
    assert answer.status_code == 200 and 'class="field-error"' in text
    assert CART_LINK_OOB in text and "data-cart-count" not in text
    assert not CartItem.objects.exists()


def test_a_product_not_on_sale_is_404_with_htmx_too(client, shop):
    hidden = ProductFactory(trader=shop.trader_stall, available=False)

    assert add(client, hidden, "1", **HTMX).status_code == 404


def test_changing_a_line_with_htmx_answers_the_carts_in_place(client, shop):
    cart = fill(shop.shopper, (shop.product, 1), (shop.bawang, 1))
    client.force_login(shop.shopper)
    line = cart.items.get(product=shop.product)

    answer = client.post(reverse("orders:cart_line", args=[line.pk]), {"quantity": "2"}, **HTMX)

    text = answer.content.decode()
    assert answer.status_code == 200
    assert '<div id="carts">' in text and "<html" not in text
    assert 'value="2"' in text and "Rp 120.000" in text and "Rp 156.000" in text
    assert CART_LINK_OOB in text
    assert CartItem.objects.get(pk=line.pk).quantity == Decimal("2")


def test_removing_the_last_line_with_htmx_empties_the_cart_and_the_count(client, shop):
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)

    answer = client.post(reverse("orders:cart_line", args=[cart.items.get().pk]), {"quantity": "0"}, **HTMX)

    text = answer.content.decode()
    assert "Keranjang Anda kosong." in text and "data-cart-count" not in text
    assert not CartItem.objects.exists()


def test_a_refused_change_with_htmx_shows_why_above_the_carts_and_changes_nothing(client, shop):
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)
    line = cart.items.get()

    answer = client.post(reverse("orders:cart_line", args=[line.pk]), {"quantity": "0,3"}, **HTMX)

    assert 'class="message message-error" role="alert"' in answer.content.decode()
    assert CartItem.objects.get(pk=line.pk).quantity == 1


def test_changing_a_line_without_htmx_goes_back_to_the_cart(client, shop):
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)

    answer = client.post(reverse("orders:cart_line", args=[cart.items.get().pk]), {"quantity": "1,5"})

    assert answer.status_code == 302 and answer["Location"] == reverse("orders:cart")
    assert cart.items.get().quantity == Decimal("1.5")


@pytest.mark.parametrize("page", ["market", "stall", "product", "cart"])
def test_pages_with_cart_forms_load_htmx_and_the_forms_post_with_it(client, shop, page):
    fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)
    urls = {
        "market": reverse("vendors:market_detail", args=[shop.market.slug]),
        "stall": reverse("vendors:stall_detail", args=[shop.trader_stall.pk]),
        "product": reverse("vendors:product_detail", args=[shop.bawang.pk]),
        "cart": reverse("orders:cart"),
    }

    text = client.get(urls[page]).content.decode()

    assert "vendor/htmx/htmx.min.js" in text
    posts_to = reverse("orders:cart") if page == "cart" else reverse("orders:cart_add")
    assert f'hx-post="{posts_to}' in text


def test_a_sold_out_product_offers_no_cart_form(client, shop):
    sold_out = ProductFactory(trader=shop.trader_stall, stock=0)

    text = client.get(reverse("vendors:product_detail", args=[sold_out.pk])).content.decode()

    assert f'id="qty-{sold_out.pk}"' not in text
