"""Taking a job under real concurrency (PostgreSQL, a connection per thread, released together)."""

import threading

import pytest

from couriers.errors import CourierError
from couriers.models import Delivery, DeliveryEvent, DeliveryStatus
from couriers.services import jobs
from couriers.services.jobs import job_accept
from notifications.models import Notification
from orders.errors import OrderError
from orders.models import Order, OrderStatus
from orders.services.orders import order_cancel_by_staff
from tests.couriers.conftest import online, ready
from tests.locks import WAIT, run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

COURIERS = 10


@pytest.fixture
def race(board):
    """One open job and ten online couriers of its region."""
    delivery = ready(board.shopper, board.kauman, board.rice)
    couriers = [online(region=board.batang) for _ in range(COURIERS)]
    return delivery, couriers


def _take(delivery, courier):
    return lambda: job_accept(delivery_id=delivery.pk, user=courier.user)


def test_ten_couriers_take_one_job_and_exactly_one_wins(race):
    delivery, couriers = race

    outcomes = run_at_once(*[_take(delivery, courier) for courier in couriers])

    won = [o for o in outcomes if isinstance(o, Delivery)]
    refused = [o for o in outcomes if isinstance(o, CourierError)]
    assert len(won) == 1, outcomes
    assert len(refused) == COURIERS - 1 and {error.code for error in refused} == {"taken"}, outcomes
    assert {error.message for error in refused} == {"Pesanan sudah diambil kurir lain."}
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.ASSIGNED and delivery.courier == won[0].courier
    assert Order.objects.get(pk=delivery.order_id).status == OrderStatus.ASSIGNED
    assert DeliveryEvent.objects.filter(kind="taken").count() == 1
    assigned = Notification.objects.filter(event="order.courier_assigned", channel="inapp")
    assert assigned.count() == 1
    assert Notification.objects.filter(event="delivery.courier_coming", channel="inapp").count() == 1


def test_without_the_locks_and_the_conditional_update_the_same_race_double_assigns(race, monkeypatch):
    """The negative control: the test above can fail. With orders' locked move left out, the
    delivery's lock dropped and the conditional update replaced by a read then a plain save, every
    courier who read the job open believes they won it."""
    delivery, couriers = race
    everyone_read = threading.Barrier(COURIERS)

    def plain_save(delivery_id, courier, now):
        job = Delivery.objects.get(pk=delivery_id)
        everyone_read.wait(WAIT)
        if job.status != DeliveryStatus.OPEN:
            return False
        job.status, job.courier, job.assigned_at = DeliveryStatus.ASSIGNED, courier, now
        job.save()
        return True

    monkeypatch.setattr(jobs, "order_delivery_assign", lambda **fields: None)
    monkeypatch.setattr(jobs, "_delivery_locked", lambda delivery_id: Delivery.objects.get(pk=delivery_id))
    monkeypatch.setattr(jobs, "_claim", plain_save)

    outcomes = run_at_once(*[_take(delivery, courier) for courier in couriers])

    won = [o for o in outcomes if isinstance(o, Delivery)]
    assert len(won) > 1, outcomes
    assert DeliveryEvent.objects.filter(kind="taken").count() > 1


@pytest.mark.parametrize("attempt", range(5))
def test_staff_cancelling_while_a_courier_takes_the_job_ends_in_one_legal_state(board, attempt):
    delivery = ready(board.shopper, board.kauman, board.rice)

    taken, cancelled = run_at_once(
        lambda: job_accept(delivery_id=delivery.pk, user=board.courier),
        lambda: order_cancel_by_staff(order_id=delivery.order_id, staff=board.staff, reason="Stok habis"),
    )

    assert isinstance(taken, Delivery | CourierError) and isinstance(cancelled, Order | OrderError)
    delivery.refresh_from_db()
    order = Order.objects.get(pk=delivery.order_id)
    legal = {
        (OrderStatus.CANCELLED, DeliveryStatus.CANCELLED),
        (OrderStatus.ASSIGNED, DeliveryStatus.ASSIGNED),
    }
    assert (order.status, delivery.status) in legal, (taken, cancelled)
    if delivery.status == DeliveryStatus.ASSIGNED:
        assert delivery.courier == board.agus and isinstance(cancelled, OrderError)
    else:
        assert isinstance(cancelled, Order)
        assert isinstance(taken, CourierError) or delivery.courier == board.agus  # taken, then cancelled
