"""The job board's life: a delivery opens with its ready order, one courier takes it, gives it back,
a cancelled order ends it; who is told."""

import pytest

from couriers.errors import CourierError
from couriers.models import Delivery, DeliveryEvent, DeliveryStatus
from couriers.services.jobs import delivery_open, job_accept, job_release
from market.services import application_suspend
from notifications.models import Notification
from orders.models import Kelurahan, OrderStatus
from orders.services.orders import order_cancel_by_staff
from tests.couriers.conftest import board_jobs, online, ready
from tests.factories import MarketFactory, ProductFactory, TraderFactory

pytestmark = pytest.mark.django_db


def test_a_ready_order_opens_one_delivery_with_a_stop_per_stall(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)

    order = delivery.order
    parts = {part.trader_id: part for part in order.trader_orders.all()}
    assert delivery.status == DeliveryStatus.OPEN and delivery.courier is None
    assert (delivery.region, delivery.market) == (board.batang, board.market)
    assert delivery.fee == order.delivery_fee
    assert delivery.cash_to_carry == order.items_total == 25000 + 30000
    assert {stop.trader_order.trader_id: stop.cash_due for stop in delivery.stops.all()} == {
        trader: part.items_total for trader, part in parts.items()
    }


def test_opening_twice_changes_nothing(board):
    delivery = ready(board.shopper, board.kauman, board.rice)

    assert delivery_open(delivery.order) == delivery
    assert Delivery.objects.count() == 1 and delivery.stops.count() == 1


def test_a_courier_takes_the_job_and_the_shopper_and_stalls_are_told(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    Notification.objects.all().delete()

    taken = job_accept(delivery_id=delivery.pk, user=board.courier)

    assert (taken.status, taken.courier) == (DeliveryStatus.ASSIGNED, board.agus)
    order = taken.order
    order.refresh_from_db()
    assert order.status == OrderStatus.ASSIGNED
    assert (order.courier_name, order.courier_plate) == (board.courier.name, "G 4521 KB")
    assert order.courier_whatsapp == board.courier.phone.as_e164
    told = Notification.objects.filter(channel="inapp")
    assert list(told.filter(event="order.courier_assigned").values_list("user", flat=True)) == [
        board.shopper.pk
    ]
    assert set(told.filter(event="delivery.courier_coming").values_list("user", flat=True)) == {
        board.trader.pk,
        board.other_trader.pk,
    }
    assert DeliveryEvent.objects.get(delivery=delivery).kind == "taken"
    assert board_jobs(board.agus) == []  # at the limit of one


def test_a_second_courier_is_refused_and_nothing_changes(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    other = online(region=board.batang)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    before = Notification.objects.count()

    with pytest.raises(CourierError) as refused:
        job_accept(delivery_id=delivery.pk, user=other.user)

    assert refused.value.code == "not_found"  # no longer on the board
    delivery.refresh_from_db()
    assert delivery.courier == board.agus and Notification.objects.count() == before


def test_taking_it_twice_is_the_same_job(board):
    delivery = ready(board.shopper, board.kauman, board.rice)

    first = job_accept(delivery_id=delivery.pk, user=board.courier)
    again = job_accept(delivery_id=delivery.pk, user=board.courier)

    assert first.pk == again.pk and DeliveryEvent.objects.filter(kind="taken").count() == 1


def test_release_returns_the_job_and_another_courier_takes_it(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    other = online(region=board.batang)
    job_accept(delivery_id=delivery.pk, user=board.courier)

    job_release(delivery_id=delivery.pk, user=board.courier, reason="Ban bocor")

    delivery.refresh_from_db()
    board.agus.refresh_from_db()
    assert (delivery.status, delivery.courier, delivery.assigned_at) == (DeliveryStatus.OPEN, None, None)
    assert delivery.order.status == OrderStatus.READY and delivery.order.courier_name == ""
    assert board.agus.release_count == 1
    released = DeliveryEvent.objects.get(kind="released")
    assert (released.courier, released.reason) == (board.agus, "Ban bocor")
    assert [job["id"] for job in board_jobs(other)] == [delivery.pk]

    job_accept(delivery_id=delivery.pk, user=other.user)
    delivery.refresh_from_db()
    assert delivery.courier == other and Delivery.objects.count() == 1


def test_release_needs_a_reason_and_the_courier_holding_it(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    other = online(region=board.batang)

    with pytest.raises(CourierError) as no_reason:
        job_release(delivery_id=delivery.pk, user=board.courier, reason="  ")
    with pytest.raises(CourierError) as not_theirs:
        job_release(delivery_id=delivery.pk, user=other.user, reason="Ban bocor")

    assert (no_reason.value.code, no_reason.value.field) == ("reason_required", "reason")
    assert not_theirs.value.code == "not_found"
    delivery.refresh_from_db()
    assert delivery.courier == board.agus


def test_staff_cancelling_ends_an_open_or_taken_delivery_and_tells_the_courier(board):
    open_job = ready(board.shopper, board.kauman, board.rice)
    taken = ready(board.shopper, board.kauman, board.chili)
    job_accept(delivery_id=taken.pk, user=board.courier)

    order_cancel_by_staff(order_id=open_job.order_id, staff=board.staff, reason="Pembeli minta batal")
    order_cancel_by_staff(order_id=taken.order_id, staff=board.staff, reason="Alamat tidak ditemukan")

    open_job.refresh_from_db()
    taken.refresh_from_db()
    assert open_job.status == taken.status == DeliveryStatus.CANCELLED
    assert taken.finished_at is not None
    told = Notification.objects.get(event="delivery.cancelled", channel="inapp")
    assert told.user == board.courier and told.params["reason"] == "Alamat tidak ditemukan"
    assert board_jobs(board.agus) == []


def test_a_suspended_courier_gives_the_job_back_and_staff_are_told(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)

    application_suspend(application_id=board.agus.application_id, actor=board.staff, reason="Laporan pembeli")

    delivery.refresh_from_db()
    board.agus.refresh_from_db()
    assert (board.agus.status, board.agus.is_online) == ("suspended", False)
    assert (delivery.status, delivery.courier) == (DeliveryStatus.OPEN, None)
    assert delivery.order.status == OrderStatus.READY
    assert Notification.objects.filter(event="delivery.returned_to_board", user=board.staff).exists()


def test_a_courier_suspended_after_pickup_keeps_it_and_staff_are_told(board):
    delivery = ready(board.shopper, board.kauman, board.rice)
    job_accept(delivery_id=delivery.pk, user=board.courier)
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PICKED_UP)

    application_suspend(application_id=board.agus.application_id, actor=board.staff, reason="Laporan pembeli")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.courier) == (DeliveryStatus.PICKED_UP, board.agus)
    told = Notification.objects.get(
        event="delivery.suspended_courier_holding", user=board.staff, channel="inapp"
    )
    assert told.params["order"] == delivery.order.number


def test_a_job_over_the_cash_limit_is_shown_marked_and_cannot_be_taken(board):
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)  # Rp 55.000 for the stalls
    board.agus.cash_limit = 50000
    board.agus.save(update_fields=["cash_limit"])

    jobs = board_jobs(board.agus)
    with pytest.raises(CourierError) as refused:
        job_accept(delivery_id=delivery.pk, user=board.courier)

    assert [job["id"] for job in jobs] == [delivery.pk] and jobs[0]["over_cash_limit"]
    assert refused.value.code == "over_cash_limit" and "Rp 55.000" in refused.value.message
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.OPEN and delivery.order.status == OrderStatus.READY


@pytest.mark.parametrize("who", ["offline", "pending", "suspended", "bali"])
def test_couriers_out_of_scope_neither_see_nor_take_jobs(board, who):
    delivery = ready(board.shopper, board.kauman, board.rice)
    courier = getattr(board, who)

    with pytest.raises(CourierError) as refused:
        job_accept(delivery_id=delivery.pk, user=courier.user)

    assert board_jobs(courier) == []
    assert refused.value.code == "not_found"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.OPEN


def test_a_courier_at_the_limit_neither_sees_nor_takes_another(board):
    first = ready(board.shopper, board.kauman, board.rice)
    second = ready(board.shopper, board.kauman, board.chili)
    job_accept(delivery_id=first.pk, user=board.courier)

    with pytest.raises(CourierError) as refused:
        job_accept(delivery_id=second.pk, user=board.courier)

    assert refused.value.code == "not_found" and board_jobs(board.agus) == []


def test_the_board_lists_the_nearest_market_first_else_the_oldest(board):
    far_market = MarketFactory(region=board.batang, name="Pasar Bandar", latitude=-7.05, longitude=109.9)
    far_stall = TraderFactory(market=far_market, stall_name="Sayur Bandar")
    far_product = ProductFactory(trader=far_stall, price=10000, stock=5)
    bandar = Kelurahan.objects.create(region=board.batang, name="Bandar", flat_fee=10000)
    near = ready(board.shopper, board.kauman, board.rice)
    far = ready(board.shopper, bandar, (far_product, 1))
    Delivery.objects.filter(pk=far.pk).update(opened_at=near.opened_at.replace(year=2020))

    assert [job["id"] for job in board_jobs(board.agus)] == [far.pk, near.pk]  # no location: oldest first
    board.agus.latitude, board.agus.longitude = board.market.latitude, board.market.longitude
    jobs = board_jobs(board.agus)
    assert [job["id"] for job in jobs] == [near.pk, far.pk]
    assert jobs[0]["distance_to_market"] < 0.01 < 15 < jobs[1]["distance_to_market"] < 30
