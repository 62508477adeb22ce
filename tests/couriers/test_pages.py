"""The courier's pages: home with the switches and the job board, its polled list, taking a job, the
delivery page, giving it back; the staff's courier list."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couriers.models import Courier, Delivery, DeliveryStatus
from couriers.services.jobs import job_accept
from tests.couriers.conftest import online, ready
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_board_shows_a_job_without_address_or_phone(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)

    page = _client(board.courier).get(reverse("couriers:board")).content.decode()

    assert f'data-job="{delivery.pk}"' in page
    assert (
        "Pasar Batang → Kauman" in page and "Beras Pak Rohmat (B-01)" in page and "Bumbu Pak Slamet" in page
    )
    assert "Rp 55.000" in page  # cash for the stalls
    assert "Jl. Dr. Sutomo" not in page and "depan masjid" not in page and "3456" not in page
    assert 'hx-get="/kurir/pekerjaan/"' in page and "js/courier.js" in page and "htmx.min.js" in page


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("offline", "Anda sedang offline"),
        ("suspended", "dibekukan"),
    ],
)
def test_an_out_of_scope_courier_is_told_why_the_board_is_empty_and_polling_stops(board, who, says):
    delivery = ready(board.shopper, board.kauman, board.rice)
    client = _client(getattr(board, who).user)

    page = client.get(reverse("couriers:board"))
    fragment = client.get(reverse("couriers:board_list"))

    assert page.status_code == 200 and says in page.content.decode()
    assert f'data-job="{delivery.pk}"' not in page.content.decode()
    assert fragment.status_code == 286 and says in fragment.content.decode()
    taken = client.post(reverse("couriers:accept", args=[delivery.pk]))
    assert taken.status_code == 404


def test_the_list_keeps_polling_while_online(board):
    ready(board.shopper, board.kauman, board.rice)

    fragment = _client(board.courier).get(reverse("couriers:board_list"))

    assert fragment.status_code == 200 and "data-job" in fragment.content.decode()


def test_the_polled_list_shows_the_jobs_and_its_take_buttons_pass_the_csrf_check(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    client = Client(enforce_csrf_checks=True)
    client.force_login(board.courier)

    fragment = client.get(reverse("couriers:board_list")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment).group(1)
    taken = client.post(reverse("couriers:accept", args=[delivery.pk]), {"csrfmiddlewaretoken": token})

    assert "<header" not in fragment and "Pasar Batang → Kauman" in fragment
    assert "Beras Pak Rohmat (B-01)" in fragment and "Rp 55.000" in fragment
    assert taken.status_code == 302 and taken["Location"] == reverse("couriers:delivery", args=[delivery.pk])


@pytest.mark.parametrize("who", ["pending", None])
def test_someone_who_is_no_courier_gets_403(board, who):
    user = board.pending.user if who else board.shopper
    client = _client(user)

    assert client.get(reverse("couriers:board")).status_code == 403
    assert client.get(reverse("couriers:board_list")).status_code == 403


def test_the_other_regions_courier_and_the_one_at_the_limit_cannot_take_it(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    held = ready(board.shopper, board.kauman, board.chili)
    busy = online(region=board.batang)
    job_accept(delivery_id=held.pk, user=busy.user)

    for courier in (board.bali, busy):
        client = _client(courier.user)
        assert f'data-job="{delivery.pk}"' not in client.get(reverse("couriers:board")).content.decode()
        assert client.post(reverse("couriers:accept", args=[delivery.pk])).status_code == 404
    assert "Anda sudah memegang" in _client(busy.user).get(reverse("couriers:board")).content.decode()


def test_a_job_over_the_limit_is_marked_and_has_no_take_button(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    Courier.objects.filter(pk=board.agus.pk).update(cash_limit=50000)
    client = _client(board.courier)

    page = client.get(reverse("couriers:board")).content.decode()
    taken = client.post(reverse("couriers:accept", args=[delivery.pk]), follow=True)

    assert "melebihi batas Anda" in page and reverse("couriers:accept", args=[delivery.pk]) not in page
    assert "lebih dari batas Anda" in taken.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.OPEN


def test_taking_a_job_opens_its_delivery_page_with_where_to_go_and_whom_to_call(board):
    board.market.desk_whatsapp = "+6281200000099"  # Rohmat's stall has no coordinator nor its own number
    board.market.save(update_fields=["desk_whatsapp"])
    delivery = ready(
        board.shopper, board.kauman, board.rice, board.chili, latitude="-6.878300", longitude="109.73"
    )
    client = _client(board.courier)

    taken = client.post(reverse("couriers:accept", args=[delivery.pk]))
    page = client.get(taken["Location"]).content.decode()

    assert taken["Location"] == reverse("couriers:delivery", args=[delivery.pk])
    assert "Jl. Dr. Sutomo 12" in page and "depan masjid" in page
    assert 'href="geo:-6.878300,109.730000"' in page
    assert 'href="https://wa.me/6281234567890"' in page  # the recipient
    assert page.count("data-stall-whatsapp") == 2  # each stall's published contact
    assert "Rp 25.000" in page and "Rp 30.000" in page  # cash due per stall
    assert f"Rp {delivery.order.total:,}".replace(",", ".") in page
    assert 'id="delivery-actions"' in page and reverse("couriers:release", args=[delivery.pk]) in page


def test_the_delivery_page_is_only_for_its_courier(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    other = online(region=board.batang)

    assert _client(other.user).get(reverse("couriers:delivery", args=[delivery.pk])).status_code == 404
    assert _client(board.shopper).get(reverse("couriers:delivery", args=[delivery.pk])).status_code == 403


def test_giving_the_job_back_needs_a_reason_then_returns_it(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    client = _client(board.courier)
    url = reverse("couriers:release", args=[delivery.pk])

    refused = client.post(url, {"reason": ""})
    released = client.post(url, {"reason": "Motor mogok"})

    assert refused.status_code == 400
    assert released.status_code == 302 and released["Location"] == reverse("couriers:board")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.courier) == (DeliveryStatus.OPEN, None)


def test_the_switches_go_online_with_a_location_and_a_cash_limit(board):
    client = _client(board.offline.user)

    saved = client.post(
        reverse("couriers:status"),
        {"online": "on", "cash_limit": "100rb", "latitude": "-6,9", "longitude": "109.73"},
    )
    refused = _client(board.suspended.user).post(reverse("couriers:status"), {"online": "on"})

    assert saved.status_code == 302, saved.content.decode()
    courier = Courier.objects.get(pk=board.offline.pk)
    assert (courier.is_online, courier.cash_limit) == (True, 100000)
    assert (float(courier.latitude), float(courier.longitude)) == (-6.9, 109.73) and courier.located_at
    assert refused.status_code == 400 and "Hanya kurir" in refused.content.decode()
    assert Courier.objects.get(pk=board.suspended.pk).is_online is False


def test_going_offline_forgets_the_location(board):
    Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)

    _client(board.courier).post(reverse("couriers:status"), {"latitude": "-6.9", "longitude": "109.7"})

    courier = Courier.objects.get(pk=board.agus.pk)
    assert (courier.is_online, courier.latitude, courier.located_at) == (False, None, None)


def test_staff_see_their_regions_couriers_with_jobs_given_back(board):
    Courier.objects.filter(pk=board.agus.pk).update(release_count=3)

    page = _client(board.staff).get(reverse("couriers:staff_couriers")).content.decode()

    assert f'data-courier="{board.agus.pk}"' in page and "<td data-releases>3</td>" in page
    assert f'data-courier="{board.bali.pk}"' not in page and f'data-courier="{board.pending.pk}"' not in page


def test_the_shopper_and_the_stall_see_their_courier(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    link = f"https://wa.me/{board.courier.phone.as_e164.lstrip('+')}"

    order_page = _client(board.shopper).get(reverse("orders:order_detail", args=[delivery.order_id]))
    stall_page = _client(board.other_trader).get(reverse("orders:stall_orders"))

    for page in (order_page.content.decode(), stall_page.content.decode()):
        assert board.courier.name in page and "G 4521 KB" in page and link in page


def test_the_portal_courier_page_links_the_board(board):
    page = _client(board.courier).get(reverse("portal:courier")).content.decode()

    assert f'href="{reverse("couriers:board")}"' in page


@pytest.mark.parametrize("located", [False, True], ids=["oldest first", "nearest first"])
def test_the_board_asks_the_same_number_of_queries_for_2_and_20_jobs(board, located):
    product = ProductFactory(trader=board.other_stall, price=5000, stock=100)
    if located:  # nearest market first: the jobs' orders are read apart
        Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)

    def count(jobs: int) -> int:
        for _ in range(jobs):
            ready(UserFactory(), board.kauman, (product, 1), board.chili)
        client = _client(board.courier)
        client.get(reverse("couriers:board"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("couriers:board")).status_code == 200
        with CaptureQueriesContext(connection) as fragment:
            assert client.get(reverse("couriers:board_list")).status_code == 200
        return len(queries), len(fragment)

    # The page: session, user, courier, header, deliveries in hand, the page's keys with the jobs' count,
    # and the page's jobs (each with its stalls); the list polled: the same without the header and the
    # deliveries in hand, but with the courier's count of them.
    assert count(2) == count(18) == (7, 6)


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("id", ("Ambil di", "Menunggu sejak", "Ambil order antar ini", "Jarak Anda ke pasar")),
        ("en", ("Pick up at", "Waiting since", "Take this job", "You to the market")),
    ],
)
def test_a_card_names_its_stalls_by_stall_number_in_the_readers_language(board, language, says):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    Courier.objects.filter(pk=board.agus.pk).update(latitude=-6.9, longitude=109.7)
    client = _client(board.courier)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    stalls = sorted((stop.trader_order.trader for stop in delivery.stops.all()), key=lambda s: s.stall_number)

    fragment = client.get(reverse("couriers:board_list")).content.decode()

    named = ", ".join(f"{stall.stall_name} ({stall.stall_number})" for stall in stalls)
    assert f"</dt><dd>{named}</dd>" in fragment
    assert all(label in fragment for label in says)
    assert f'action="{reverse("couriers:accept", args=[delivery.pk])}"' in fragment


def test_the_boards_pages_follow_each_other_oldest_first(board):
    product = ProductFactory(trader=board.other_stall, price=5000, stock=100)
    for _ in range(23):
        ready(UserFactory(), board.kauman, (product, 1))
    client = _client(board.courier)

    pages = [client.get(reverse("couriers:board_list"), {"page": n}).content.decode() for n in (1, 2)]

    shown = [int(pk) for page in pages for pk in re.findall(r'data-job="(\d+)"', page)]
    open_jobs = Delivery.objects.filter(status=DeliveryStatus.OPEN, region=board.batang)
    assert shown == list(open_jobs.order_by("opened_at", "pk").values_list("pk", flat=True))
    assert len(re.findall(r'data-job="', pages[0])) == 20 and 'href="?page=2"' in pages[0]
