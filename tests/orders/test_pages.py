"""The orders pages without JavaScript: add to cart from a stall's page, the anonymous cart merged on
login, checkout showing the fee before the order can be placed, the order page, the stall's list."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Cart, Order, StallClosure
from orders.selectors import market_today
from orders.services.checkout import order_place
from orders.services.orders import trader_order_accept, trader_order_ready
from tests.factories import ProductFactory, TraderFactory, UserFactory
from tests.orders.conftest import details, fill, place

pytestmark = pytest.mark.django_db


def test_a_visitor_adds_from_the_stall_page_and_the_cart_follows_them_into_their_account(client, shop):
    page = client.get(reverse("vendors:stall_detail", args=[shop.trader_stall.pk]))
    assert "Tambah ke keranjang" in page.content.decode()

    added = client.post(
        reverse("orders:cart_add"),
        {"product": shop.product.pk, "quantity": "0,5", "next": page.wsgi_request.path},
    )
    client.force_login(shop.shopper)

    assert added.status_code == 302 and added["Location"] == page.wsgi_request.path
    cart = Cart.objects.get(shopper=shop.shopper)
    assert [(item.product_id, item.quantity) for item in cart.items.all()] == [
        (shop.product.pk, Decimal("0.5"))
    ]
    assert not Cart.objects.filter(shopper__isnull=True).exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "0,3", "banyak", "99999999"])
def test_bad_quantities_on_the_page_say_why_and_save_nothing(client, shop, quantity):
    answer = client.post(
        reverse("orders:cart_add"), {"product": shop.product.pk, "quantity": quantity}, follow=True
    )

    assert answer.status_code == 200
    assert answer.context["messages"] and list(answer.context["messages"])[0].level_tag == "error"
    assert not Cart.objects.filter(items__isnull=False).exists()


def test_checkout_shows_the_fee_before_the_order_can_be_placed(client, shop):
    cart = fill(shop.shopper, (shop.product, 1))
    client.force_login(shop.shopper)
    url = reverse("orders:checkout", args=[cart.pk])
    form = client.get(url).context["form"]
    fields = {
        "kelurahan": shop.kauman.pk,
        "street": "Jl. Dr. Sutomo 12",
        "recipient_name": "Bu Ani",
        "recipient_whatsapp": "0812 3456 7890",
        "idempotency_key": form.initial["idempotency_key"],
    }

    skipped = client.post(url, {**fields, "step": "place"})  # no fee seen yet
    assert skipped.status_code == 200 and not Order.objects.exists()
    quoted = client.post(url, {**fields, "step": "quote"})
    text = quoted.content.decode()
    assert "3,2 km × Rp 2.500 + Rp 3.000 = Rp 11.000" in text and "Rp 71.000" in text
    placed = client.post(url, {**fields, "step": "place", "quoted_fee": 11000})
    again = client.post(url, {**fields, "step": "place", "quoted_fee": 11000})  # a double submit

    order = Order.objects.get()
    assert placed["Location"] == reverse("orders:order_detail", args=[order.pk])
    assert again["Location"] == placed["Location"]
    page = client.get(placed["Location"]).content.decode()
    assert order.confirmation_code in page and "Menunggu lapak" in page


def test_the_stall_accepts_and_marks_ready_from_its_page(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    client.force_login(shop.trader)

    listed = client.get(reverse("orders:stall_orders"))
    early = client.post(reverse("orders:stall_order_move", args=[part.pk, "ready"]), follow=True)
    client.post(reverse("orders:stall_order_move", args=[part.pk, "accept"]))
    client.post(reverse("orders:stall_order_move", args=[part.pk, "ready"]))

    assert order.number in listed.content.decode()
    assert "data-incoming>1</span>" in listed.content.decode()
    assert "tidak bisa dilakukan" in early.content.decode()
    assert Order.objects.get(pk=order.pk).status == "ready"


@pytest.mark.parametrize("page", ["cart", "checkout", "order", "stall_orders"])
def test_pages_ask_the_same_number_of_queries_for_2_and_20_lines(shop, page, settings):
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000

    def count(lines: int) -> int:
        shopper = UserFactory()
        stalls = [TraderFactory(market=shop.market) for _ in range(lines)] if page == "cart" else []
        products = [
            ProductFactory(trader=stalls[n] if stalls else shop.trader_stall, stock=5) for n in range(lines)
        ]
        cart = fill(shopper, *[(product, 1) for product in products])
        urls = {"cart": reverse("orders:cart"), "checkout": reverse("orders:checkout", args=[cart.pk])}
        if page in ("order", "stall_orders"):
            order = order_place(shopper=shopper, cart_id=cart.pk, details=details(shop.kauman))
            urls |= {
                "order": reverse("orders:order_detail", args=[order.pk]),
                "stall_orders": reverse("orders:stall_orders"),
            }
        client = Client()
        client.force_login(shop.trader if page == "stall_orders" else shopper)
        client.get(urls[page])  # the session and the language settle on the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get(urls[page]).status_code == 200
        return len(queries)

    assert count(2) == count(20)


def test_the_stalls_list_leaves_out_orders_already_delivered(client, shop):
    delivered = place(shop.shopper, shop.kauman, (shop.product, 1))
    waiting = place(shop.shopper, shop.kauman, (shop.product, 1))
    delivered.trader_orders.update(status="ready")
    Order.objects.filter(pk=delivered.pk).update(status="delivered")
    client.force_login(shop.trader)

    listed = client.get(reverse("orders:stall_orders")).content.decode()

    assert waiting.number in listed and delivered.number not in listed


def test_the_stalls_list_pages_its_open_orders_newest_first_in_as_many_queries(shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 30
    settings.ORDERS_COD_NEW_SHOPPER_TOTAL = 10_000_000
    client = Client()
    client.force_login(shop.trader)

    def page(number: int) -> tuple[list[str], int]:
        client.get(reverse("orders:stall_orders"))  # the session and the language settle first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("orders:stall_orders"), {"page": number})
        return [part.number for part in response.context["page"]], len(queries)

    first = [place(shop.shopper, shop.kauman, (shop.product, "0.25")) for _ in range(2)]
    _, few = page(1)
    later = [place(shop.shopper, shop.kauman, (shop.product, "0.25")) for _ in range(20)]
    newest, many = page(1)
    rest, _ = page(2)

    assert newest == [order.number for order in reversed(later)]
    assert rest == [order.number for order in reversed(first)]
    assert few == many


def test_the_stalls_list_shows_each_trader_their_own_stalls_and_groups_in_turn(shop):
    """The page's stalls and groups are read by queries built once (core.sql.KeptRows), for whoever
    asks first: each trader after them still sees only theirs."""
    rice = place(shop.shopper, shop.kauman, (shop.beras, 1))

    def seen(user) -> tuple[list[str], list[str], str]:
        client = Client()
        client.force_login(user)
        response = client.get(reverse("orders:stall_orders"))
        names = [stall.stall_name for stall in response.context["stalls"]]
        return names, [group["name"] for group in response.context["groups"]], response.content.decode()

    coordinator, member, other = seen(shop.coordinator), seen(shop.trader), seen(shop.other_trader)

    assert coordinator[:2] == (["Sayur Bu Sri", "Bumbu Pak Slamet"], ["Kelompok Sayur"])
    assert member[:2] == (["Bumbu Pak Slamet"], [])
    assert other[:2] == (["Beras Pak Rohmat"], [])
    assert rice.number in other[2] and rice.number not in coordinator[2] + member[2]


def test_the_stalls_list_marks_a_stall_closed_today_but_not_one_closed_yesterday(client, shop):
    today = market_today(shop.market)
    yesterday = StallClosure.objects.create(
        trader=shop.trader_stall, day=today - timedelta(days=1), closed_by=shop.trader
    )
    client.force_login(shop.trader)

    open_today = client.get(reverse("orders:stall_orders")).context["stalls"]
    yesterday.delete()
    StallClosure.objects.create(trader=shop.trader_stall, day=today, closed_by=shop.trader)
    closed_today = client.get(reverse("orders:stall_orders")).context["stalls"]

    assert [stall.closed_today for stall in open_today] == [False]
    assert [stall.closed_today for stall in closed_today] == [True]


def _card(page: str, part) -> str:
    start = page.index(f'<article class="card" aria-labelledby="part-{part.pk}">')
    return page[start : page.index("</article>", start)]


def _actions(card: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="([^"]+)"', card))


def test_each_part_offers_what_its_status_allows_each_form_posting_to_its_own_part(client, shop, settings):
    settings.ORDERS_COD_NEW_SHOPPER_OPEN_ORDERS = 3
    pending, accepted, ready = (place(shop.shopper, shop.kauman, (shop.product, "0.5")) for _ in range(3))
    parts = [order.trader_orders.get() for order in (pending, accepted, ready)]
    trader_order_accept(trader_order_id=parts[1].pk, user=shop.trader)
    trader_order_accept(trader_order_id=parts[2].pk, user=shop.trader)
    trader_order_ready(trader_order_id=parts[2].pk, user=shop.trader)
    client.force_login(shop.trader)

    page = client.get(reverse("orders:stall_orders")).content.decode()
    cards = [_card(page, part) for part in parts]

    def move(part, action):
        return reverse("orders:stall_order_move", args=[part.pk, action])

    items = [reverse("orders:stall_order_items", args=[part.pk]) for part in parts]
    assert _actions(cards[0]) == {items[0], move(parts[0], "accept"), move(parts[0], "reject")}
    assert _actions(cards[1]) == {items[1], move(parts[1], "ready"), move(parts[1], "reject")}
    assert _actions(cards[2]) == {items[2]}
    item = parts[0].items.get()
    assert f'name="item-{item.pk}" value="0,5"' in cards[0] and f'id="reason-{parts[0].pk}"' in cards[0]
    assert 'name="item-' not in cards[2] and "0,5 kg" in cards[2] and 'name="reason"' not in cards[2]
    assert "Menunggu lapak" in cards[0] and "Diterima" in cards[1] and "Siap</span>" in cards[2]
    for card in cards:
        assert card.count('name="csrfmiddlewaretoken"') == card.count("<form ")


def test_a_part_shows_its_order_note_time_courier_and_refused_items_escaped(client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, "0.5"), (shop.bawang, 1))
    Order.objects.filter(pk=order.pk).update(
        placed_at=datetime(2026, 3, 1, 1, 5, tzinfo=UTC),  # 08.05 in Batang
        deliver_from=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
        note='Cabai <b>"segar"</b>',
        status="assigned",
        courier_name="Agus <P>",
        courier_plate="G 4521 KB",
        courier_whatsapp="+6281234567890",
    )
    part = order.trader_orders.get()
    part.items.filter(name="Bawang merah").update(quantity=0)
    client.force_login(shop.trader)

    card = _card(client.get(reverse("orders:stall_orders")).content.decode(), part)

    assert "1 Mar 08.05 · Kauman · untuk Senin 10.00" in card
    assert re.search(
        r"<br>Cabai &lt;b&gt;&quot;segar&quot;&lt;/b&gt;<br>Kurir:\s+Agus &lt;P&gt; \(G 4521 KB\)", card
    )
    assert 'href="https://wa.me/6281234567890"' in card and "WhatsApp Agus &lt;P&gt;" in card
    assert "<small>0812-3456-7890</small>" in card
    refused = part.items.get(name="Bawang merah")
    assert re.search(rf'<li class="muted">\s*<label for="item-{refused.pk}">Bawang merah', card)
    assert card.count('<li class="muted">') == 1  # the chilli is not refused


def test_the_stalls_list_speaks_english_to_an_english_reader(client, shop):
    place(shop.shopper, shop.kauman, (shop.product, 1))
    shop.trader.language = "en"
    shop.trader.save(update_fields=["language"])
    client.force_login(shop.trader)

    page = client.get(reverse("orders:stall_orders")).content.decode()

    for label in ("Waiting for the stall", "Accept", "Refuse", "Reason", "Total", "Closed today"):
        assert label in page
    assert "Terima" not in page and "Tutup hari ini" not in page


def test_each_stall_switch_posts_to_its_own_stall(client, shop):
    StallClosure.objects.create(
        trader=shop.trader_stall, day=market_today(shop.market), closed_by=shop.trader
    )
    client.force_login(shop.coordinator)

    page = client.get(reverse("orders:stall_orders")).content.decode()

    for stall, closed, label in (
        (shop.coordinator_stall, "1", "Tutup hari ini"),
        (shop.trader_stall, "0", "Buka lagi"),
    ):
        action = reverse("orders:stall_closed_today", args=[stall.pk])
        start = page.index(f'<li><form method="post" action="{action}"')
        switch = page[start : page.index("</form>", start)]
        assert f"{stall.stall_name}:" in switch
        assert f'name="closed" value="{closed}"' in switch and label in switch


def test_the_coordinators_list_names_each_stall_above_its_parts(client, shop):
    bayam = ProductFactory(trader=shop.coordinator_stall, name="Bayam", price=3000, stock=10)
    older = place(shop.shopper, shop.kauman, (shop.product, 1))
    newer = place(shop.shopper, shop.kauman, (bayam, 1))
    client.force_login(shop.coordinator)

    page = client.get(reverse("orders:stall_orders")).content.decode()

    sri = page.index(f"<h2>{shop.coordinator_stall.stall_name} <small>(A-01)</small></h2>")
    slamet = page.index(f"<h2>{shop.trader_stall.stall_name} <small>(A-02)</small></h2>")
    assert sri < page.index(newer.number) < slamet < page.index(older.number)


def test_the_staff_order_history_names_the_statuses_in_the_readers_language(staff_client, shop):
    order = place(shop.shopper, shop.kauman, (shop.product, 1))
    part = order.trader_orders.get()
    trader_order_accept(trader_order_id=part.pk, user=shop.trader)

    page = staff_client.get(reverse("orders:staff_order_detail", args=[order.pk])).content.decode()

    assert "– → Menunggu lapak" in page  # the order placed
    assert f"{part.trader.stall_name}: Menunggu lapak → Diterima" in page  # the stall's part accepted
    assert "Menunggu lapak → Sedang disiapkan" in page  # the order, once a stall accepted
    assert "→ placed" not in page and "pending →" not in page
