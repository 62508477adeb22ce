"""The trader's products page and the quick update page a page at a time, with a search by name."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProductFactory, TraderFactory
from tests.vendors.test_quick_update import posted, row
from vendors.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def stall(client):
    stall = TraderFactory()
    client.force_login(stall.user)
    return stall


def stock(stall, count: int, start: int = 0) -> list[Product]:
    return [
        ProductFactory(trader=stall, name=f"Produk {n:03}", price=1000 + n, stock=Decimal("5"))
        for n in range(start, start + count)
    ]


def names(response) -> list[str]:
    """The generated products a page lists, in order (the list's names are bold, the quick rows' legends)."""
    return re.findall(r"(?:<strong>|<legend>\s*)(Produk \d+)", response.content.decode())


def products_page(stall):
    return reverse("vendors:manage_products", args=[stall.pk])


def quick_page(stall):
    return reverse("vendors:manage_quick_update", args=[stall.pk])


@pytest.mark.parametrize(("url", "per_page"), [(products_page, 30), (quick_page, 50)])
def test_a_big_stall_pages_through_its_products(client, stall, url, per_page):
    stock(stall, per_page + 3)

    first = client.get(url(stall))
    second = client.get(url(stall), {"page": 2})

    assert names(first) == [f"Produk {n:03}" for n in range(per_page)]
    assert names(second) == [f"Produk {n:03}" for n in range(per_page, per_page + 3)]
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("url", [products_page, quick_page])
def test_the_search_finds_products_by_name_and_the_page_links_keep_it(client, stall, url):
    stock(stall, 70)
    ProductFactory(trader=stall, name="Cabai rawit merah")

    found = client.get(url(stall), {"q": "RAWIT"})
    many = client.get(url(stall), {"q": "produk 0"})
    none = client.get(url(stall), {"q": "durian"})

    assert "Cabai rawit merah" in found.content.decode() and not names(found)
    assert "100 produk" not in many.content.decode() and "70 produk" in many.content.decode()
    assert 'href="?q=produk+0&amp;page=2"' in many.content.decode()
    assert "Tidak ada produk dengan nama itu." in none.content.decode()


@pytest.mark.parametrize("url", [products_page, quick_page])
def test_the_pages_cost_the_same_queries_for_5_and_60_products(client, stall, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(stall)).status_code == 200
        return len(captured)

    stock(stall, 5)
    small = queries()
    stock(stall, 55, start=5)
    assert queries() == small


def test_saving_page_2_saves_its_rows_and_leaves_page_1_untouched(client, stall):
    products = stock(stall, 53)
    second = products[50:]

    response = client.post(
        quick_page(stall) + "?page=2", posted([row(p, price=9000, stock="7") for p in second])
    )

    assert response.status_code == 302 and response.url == quick_page(stall) + "?page=2"
    prices = dict(Product.objects.values_list("name", "price"))
    assert [prices[p.name] for p in second] == [9000, 9000, 9000]
    assert all(prices[p.name] == p.price for p in products[:50])
    assert 'value="9000"' in client.get(response.url).content.decode()


def test_a_refused_save_on_page_2_shows_its_rows_with_their_names(client, stall):
    products = stock(stall, 52)
    later = products[50]

    response = client.post(
        quick_page(stall) + "?page=2", posted([row(later, price="abc"), row(products[51])])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Produk 050" in page and "Produk 051" in page and "Produk yang sudah dihapus" not in page
    assert Product.objects.get(pk=later.pk).price == later.price


def test_each_row_links_to_its_own_product(client, stall):
    products = stock(stall, 3)

    page = client.get(products_page(stall)).content.decode()

    for product in products:
        for name in ("manage_product_edit", "manage_product_availability", "manage_product_remove"):
            assert f'"{reverse(f"vendors:{name}", args=[stall.pk, product.pk])}"' in page


def test_the_pages_cost_six_queries(client, stall):
    """Session, user, the stall, the count, the page's products, and the header's one."""
    stock(stall, 3)
    for url in (products_page, quick_page):
        with CaptureQueriesContext(connection) as captured:
            client.get(url(stall))
        assert len(captured) == 6, url


# The product list's cards as its template drew them, before the product_cards tag wrote them in Python.
CARDS_AS_TEMPLATE = """{% load i18n %}{% for product, links in rows %}<li class="card{% if not product.available %} muted{% endif %}">
<div class="product{% if product.thumbnail %} with-thumb{% endif %}">
{% if product.thumbnail %}
<img src="{{ product.thumbnail.url }}" width="{{ product.thumbnail_width }}" height="{{ product.thumbnail_height }}" alt="" loading="lazy" class="thumb">
{% endif %}
<div class="product-name">
<strong>{{ product.name }}</strong>
<small>{{ product.category.display_name }}{% if not product.available %} · <mark>{% translate "hidden" %}</mark>{% endif %}</small>
</div>
<div class="price">
<strong>{{ product.price|rupiah }}</strong>
<small>/ {{ product.get_unit_display }}</small>
<small>{% translate "Stock" %}: {{ product.stock|qty }} {{ product.get_unit_display }}</small>
</div>
</div>
<div class="row-actions">
<a href="{{ links.edit }}">{% translate "Edit" %}</a>
<form method="post" action="{{ links.availability }}" class="inline-form">
{% csrf_token %}
{% if product.available %}
<input type="hidden" name="available" value="0">
<button type="submit" class="link-button">{% translate "Hide" %}</button>
{% else %}
<input type="hidden" name="available" value="1">
<button type="submit" class="link-button">{% translate "Show" %}</button>
{% endif %}
</form>
<a href="{{ links.remove }}">{% translate "Remove" %}</a>
</div>
</li>{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_product_cards_are_the_templates_html(rf, language):
    """The product list's cards (the product_cards tag) are the HTML its template loop drew: thumbnail,
    hidden products, prices, decimals, category names in the language, links and forms, names escaped."""
    from django.middleware.csrf import get_token
    from django.template import Context, Template
    from django.utils import translation

    from vendors.views.products import _rows_with_links

    stall = TraderFactory()
    products = [
        ProductFactory(trader=stall, price=45000, stock=Decimal("12.5")),
        ProductFactory(trader=stall, price=1500, available=False, name='Tahu "pong" <b>'),
        ProductFactory(trader=stall, price=7, stock=Decimal("0.125")),
    ]
    # A thumbnail's name set past the field's descriptor, which would open the file for its size.
    products[2].__dict__["thumbnail"] = "products/t.webp"
    products[2].thumbnail_width, products[2].thumbnail_height = 320, 240
    rows = _rows_with_links(stall, products)
    token = get_token(rf.get("/"))

    def spaceless(html: str) -> str:
        return "".join(line.strip() for line in html.splitlines())

    with translation.override(language):
        context = {"rows": rows, "csrf_token": token}
        drawn = Template("{% load product_manage %}{% product_cards rows %}").render(Context(context))
        built = Template(CARDS_AS_TEMPLATE).render(Context(context))

    assert spaceless(drawn) == spaceless(built)
    assert "Tahu &quot;pong&quot; &lt;b&gt;" in drawn and "products/t.webp" in drawn
    assert drawn.count(f'name="csrfmiddlewaretoken" value="{token}"') == 3
    assert ("Spices" if language == "en" else "Bumbu") in drawn
