"""A product without a photo shows its staple's or its category's illustration, from the vendored set."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from market import illustrations
from tests.factories import CategoryFactory, CommodityFactory, ProductFactory, TraderFactory, photo_upload
from vendors.services.photos import process_photo

pytestmark = pytest.mark.django_db

FOLDER = Path(settings.BASE_DIR) / "static" / illustrations.FOLDER


@pytest.fixture
def stall(batang):
    return TraderFactory(market=batang, stall_name="Bumbu Bu Siti", stall_number="A-04")


@pytest.fixture
def spices():
    return CategoryFactory(name="Bumbu", name_en="Spices", slug="bumbu", illustration="salt")


def pictures(response) -> dict[str, str]:
    """Each product row's or page's picture: the product's name -> the img tag shown for it."""
    html = response.content.decode()
    rows = re.findall(r'<li class="product[^"]*" id="product-\d+">(.*?)</li>', html, re.S)
    shown = {}
    for row in rows:
        name = re.search(r"<strong>(.*?)</strong>", row).group(1)
        shown[name] = re.search(r"<img [^>]*>", row).group(0)
    return shown


def test_every_illustration_offered_is_vendored_with_its_licence_and_nothing_else_is():
    offered = {name for name, _label in illustrations.CHOICES}
    vendored = {path.stem for path in FOLDER.glob("*.svg")}

    assert offered == vendored
    assert all(finders.find(illustrations.illustration(name).path) for name in offered)
    assert "MIT License" in (FOLDER / "LICENSE").read_text()
    assert "@iconify-json/fluent-emoji-flat` version 1.2.6" in (FOLDER / "README.md").read_text()


@pytest.mark.parametrize(
    "page", ["market", "stall", "search"], ids=["market page", "stall page", "search results"]
)
def test_rows_show_the_staples_illustration_else_the_categorys_else_a_basket(client, stall, spices, page):
    chili = CommodityFactory(
        name="Cabai rawit", slug="cabai-rawit", category=spices, illustration="hot-pepper"
    )
    ProductFactory(trader=stall, name="Cabai rawit merah", category=spices, commodity=chili)
    ProductFactory(trader=stall, name="Merica bubuk", category=spices)
    ProductFactory(trader=stall, name="Merica butir", category=CategoryFactory(slug="lain-lain"))
    url = {
        "market": reverse("vendors:market_detail", args=[stall.market.slug]),
        "stall": reverse("vendors:stall_detail", args=[stall.pk]),
        "search": reverse("vendors:product_list") + "?q=merica&sort=name",
    }[page]

    shown = pictures(client.get(url))

    assert 'src="/static/img/illustrations/salt.svg"' in shown["Merica bubuk"]
    assert 'src="/static/img/illustrations/basket.svg"' in shown["Merica butir"]
    assert 'alt="Ilustrasi: Garam dan bumbu"' in shown["Merica bubuk"]
    assert 'width="48" height="48"' in shown["Merica bubuk"] and 'loading="lazy"' in shown["Merica bubuk"]
    if page != "search":
        assert 'src="/static/img/illustrations/hot-pepper.svg"' in shown["Cabai rawit merah"]
        assert 'alt="Ilustrasi: Cabai"' in shown["Cabai rawit merah"]


def test_a_product_with_a_photo_shows_its_thumbnail_not_an_illustration(client, stall, spices):
    product = ProductFactory(trader=stall, name="Kemiri", category=spices)
    process_photo(photo_upload()).attach_to(product)
    product.save()

    shown = pictures(client.get(reverse("vendors:stall_detail", args=[stall.pk])))

    assert f'src="{product.thumbnail.url}"' in shown["Kemiri"]
    assert 'width="320" height="240"' in shown["Kemiri"]
    assert "illustrations" not in shown["Kemiri"]


def test_the_product_page_shows_the_illustration_large_in_english_too(client, stall, spices, settings):
    product = ProductFactory(trader=stall, name="Ketumbar", category=spices)
    url = reverse("vendors:product_detail", args=[product.pk])

    indonesian = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()

    picture = re.search(r'<img [^>]*class="illustration product-illustration"[^>]*>', indonesian).group(0)
    assert 'src="/static/img/illustrations/salt.svg"' in picture
    assert 'width="160" height="160"' in picture and 'alt="Ilustrasi: Garam dan bumbu"' in picture
    assert 'alt="Illustration: Salt and spices"' in english


def test_an_illustration_since_removed_from_the_set_shows_the_basket(stall):
    category = CategoryFactory(slug="lama")
    category.illustration = "durian"  # a choice that is no longer offered, left in the database
    product = ProductFactory(trader=stall, category=category)

    assert product.illustration.path == "img/illustrations/basket.svg"
