import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import CommodityFactory, NotificationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def names_in(response) -> str:
    return response.content.decode()


# --- Home page --------------------------------------------------------------


def test_home_lists_open_markets_by_region_in_indonesian_by_default(client, storefront):
    response = client.get(reverse("market:home"))

    page = names_in(response)
    assert response.status_code == 200
    assert '<html lang="id"' in page
    assert "Bandingkan harga" in page  # "Compare prices" in the header
    assert "Kabupaten Batang" in page and "Kabupaten Karangasem" in page
    assert "Pasar Batang" in page and "Pasar Subagan" in page
    assert "Pasar Tutup" not in page
    assert "Jawa Tengah" in page and "WIB" in page and "WITA" in page


def test_home_counts_only_active_stalls(client, storefront):
    page = names_in(client.get(reverse("market:home")))

    # Pasar Batang: coordinator and member are active; the suspended and the pending stall are not
    assert "2 lapak" in page
    assert "1 lapak" in page  # Pasar Subagan


@pytest.mark.parametrize(
    "switch",
    [{"cookie": "en"}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}],
    ids=["language cookie", "Accept-Language"],
)
def test_home_in_english(client, storefront, settings, switch):
    if cookie := switch.pop("cookie", None):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    page = names_in(client.get(reverse("market:home"), **switch))

    assert '<html lang="en"' in page
    assert "Compare prices" in page
    assert "Bahasa Indonesia" in page  # the switch offers the way back
    assert "Pasar Batang" in page and "Pasar Subagan" in page
    assert "2 stalls" in page


def test_language_switch_posts_to_the_accounts_view(client, storefront):
    page = names_in(client.get(reverse("market:home")))

    assert f'action="{reverse("accounts:set_language")}"' in page
    assert 'name="language" value="en"' in page
    assert 'name="next" value="/"' in page


def test_header_for_a_signed_in_user_has_logout_form_and_unread_count(client, storefront):
    user = storefront["stalls"]["member"].user
    NotificationFactory(user=user)
    client.force_login(user)

    page = names_in(client.get(reverse("market:home")))

    assert f'<form method="post" action="{reverse("account_logout")}"' in page
    assert reverse("notifications:inbox") in page
    assert "<mark" in page and ">1</mark>" in page
    assert reverse("account_login") not in page


def test_header_renders_the_role_navigation_when_given(rf, storefront):
    nav = {
        "roles": [
            {"key": "trader", "label": "Pedagang", "url": "/saya/pedagang/"},
            {"key": "shopper", "label": "Pembeli", "url": "/saya/"},
        ],
        "current": "trader",
    }
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("partials/header.html", {"nav": nav}, request=request)

    assert '<a href="/saya/pedagang/" aria-current="page">Pedagang</a>' in html
    assert '<a href="/saya/">Pembeli</a>' in html


# --- Market page ------------------------------------------------------------


def test_market_page_shows_groups_with_coordinator_whatsapp_and_active_stalls_only(client, storefront):
    market = storefront["markets"]["batang"]

    page = names_in(client.get(reverse("vendors:market_detail", args=[market.slug])))

    assert "Kelompok Mawar" in page
    assert 'href="https://wa.me/6281200000001"' in page
    assert "0812-0000-0001" in page
    assert "Lapak Bu Sri" in page and "Lapak Pak Budi" in page
    assert "Lapak Ditangguhkan" not in page and "Lapak Menunggu" not in page
    assert "Cabai rawit merah" in page and "Beras medium" in page
    assert "Cabai hijau" not in page and "Telur ayam" not in page and "Cabai keriting" not in page
    assert "Beras premium" not in page  # another market's product


def test_market_page_hides_a_suspended_coordinators_number(client, storefront):
    coordinator = storefront["stalls"]["coordinator"]
    coordinator.status = "suspended"
    coordinator.save(update_fields=["status"])

    page = names_in(client.get(reverse("vendors:market_detail", args=["pasar-batang"])))

    assert "wa.me" not in page
    assert "Belum ada koordinator" in page


def test_closed_or_unknown_market_is_404(client, storefront):
    assert client.get(reverse("vendors:market_detail", args=["pasar-tutup"])).status_code == 404
    assert client.get(reverse("vendors:market_detail", args=["tidak-ada"])).status_code == 404


# --- Stall page -------------------------------------------------------------


def test_stall_page_shows_its_products_with_rupiah_prices(client, storefront):
    stall = storefront["stalls"]["member"]

    page = names_in(client.get(reverse("vendors:stall_detail", args=[stall.pk])))

    assert "Lapak Pak Budi" in page
    assert "Rp 12.500" in page and "Rp 32.000" in page
    assert "Cabai keriting" not in page  # not available
    assert "Kelompok Mawar" in page and "https://wa.me/6281200000001" in page


def test_product_price_reads_the_same_in_english(client, storefront, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    stall = storefront["stalls"]["member"]

    page = names_in(client.get(reverse("vendors:stall_detail", args=[stall.pk])))

    assert "Rp 12.500" in page
    assert "On sale today" in page


@pytest.mark.parametrize("stall", ["suspended", "pending", "in_closed_market"])
def test_stall_that_is_not_selling_is_404(client, storefront, stall):
    pk = storefront["stalls"][stall].pk

    assert client.get(reverse("vendors:stall_detail", args=[pk])).status_code == 404


def test_product_thumbnail_has_its_size(client, storefront):
    product = storefront["products"]["rice"]
    product.thumbnail_width, product.thumbnail_height = 96, 72
    product.thumbnail.name = "products/thumbs/beras.jpg"
    product.save(update_fields=["thumbnail", "thumbnail_width", "thumbnail_height"])

    page = names_in(client.get(reverse("vendors:stall_detail", args=[product.trader.pk])))

    assert 'src="/media/products/thumbs/beras.jpg" width="96" height="72"' in page


# --- Product search and price compare -----------------------------------------


def product_names(response) -> list[str]:
    return [product.name for product in response.context["page"].object_list]


def test_product_list_shows_only_products_on_sale_cheapest_first(client, storefront):
    response = client.get(reverse("vendors:product_list"))

    assert product_names(response) == ["Beras medium", "Beras premium", "Bawang merah", "Cabai rawit merah"]
    assert "Rp 12.500" in names_in(response)


def test_suspended_stalls_products_are_absent_even_when_searched_for(client, storefront):
    response = client.get(reverse("vendors:product_list"), {"q": "cabai"})

    assert product_names(response) == ["Cabai rawit merah"]
    assert "Cabai hijau" not in names_in(response)


def test_search_filters_combine(client, storefront):
    url = reverse("vendors:product_list")

    assert product_names(client.get(url, {"q": "BERAS"})) == ["Beras medium", "Beras premium"]
    assert product_names(client.get(url, {"q": "beras", "market": "pasar-subagan"})) == ["Beras premium"]
    assert product_names(client.get(url, {"category": "bumbu"})) == ["Bawang merah", "Cabai rawit merah"]
    assert product_names(client.get(url, {"category": "bumbu", "sort": "-price"})) == [
        "Cabai rawit merah",
        "Bawang merah",
    ]
    assert product_names(client.get(url, {"q": "durian"})) == []


def test_search_finds_a_product_by_its_commodity(client, storefront):
    shallot = storefront["products"]["shallot"]
    shallot.commodity = CommodityFactory(name="Bawang merah Brebes", slug="bawang-merah-brebes")
    shallot.name = "Brambang super"  # the trader's own word for it
    shallot.save(update_fields=["commodity", "name"])

    assert product_names(client.get(reverse("vendors:product_list"), {"q": "brebes"})) == ["Brambang super"]


def test_unknown_filter_values_are_ignored(client, storefront):
    response = client.get(reverse("vendors:product_list"), {"market": "pasar-tutup", "sort": "stock"})

    assert response.status_code == 200
    assert len(product_names(response)) == 4


def test_product_list_paginates_and_keeps_the_filters(client, storefront):
    trader = storefront["stalls"]["member"]
    for price in range(1000, 26000, 1000):
        ProductFactory(trader=trader, name=f"Sayur {price}", price=price)

    first = client.get(reverse("vendors:product_list"), {"q": "sayur"})
    second = client.get(reverse("vendors:product_list"), {"q": "sayur", "page": 2})

    assert len(product_names(first)) == 20
    assert 'href="?q=sayur&amp;page=2"' in names_in(first)
    assert product_names(second) == [f"Sayur {price}" for price in range(21000, 26000, 1000)]


def test_htmx_search_gets_the_results_fragment_only(client, storefront):
    response = client.get(reverse("vendors:product_list"), {"q": "beras"}, headers={"HX-Request": "true"})

    page = names_in(response)
    assert page.lstrip().startswith('<section id="results"')
    assert "<html" not in page
    assert "Beras medium" in page
    assert "HX-Request" in response["Vary"]


# --- Security headers -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("market:home"),
        reverse("vendors:market_detail", args=["pasar-batang"]),
        reverse("vendors:product_list"),
        reverse("vendors:market_detail", args=["tidak-ada"]),
    ],
)
def test_every_page_sends_a_content_security_policy(client, storefront, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_stall_page_sends_a_content_security_policy(client, storefront):
    response = client.get(reverse("vendors:stall_detail", args=[storefront["stalls"]["member"].pk]))

    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_htmx_is_configured_for_the_policy_and_loaded_only_where_used(client, storefront):
    home = names_in(client.get(reverse("market:home")))
    page = names_in(client.get(reverse("vendors:product_list")))

    assert "htmx" not in home and "js/app.js" in home
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false, '
        '"allowScriptTags": false' in page
    )
    assert "vendor/htmx/htmx.min.js" in page and "js/app.js" in page


def test_not_found_page_is_friendly_and_in_the_site_layout(client, storefront):
    response = client.get(reverse("vendors:stall_detail", args=[storefront["stalls"]["suspended"].pk]))

    assert response.status_code == 404
    page = names_in(response)
    assert "Halaman tidak ditemukan" in page
    assert "Lapak Ditangguhkan" not in page
    assert f'href="{reverse("market:home")}"' in page
