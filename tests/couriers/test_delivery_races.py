"""PostgreSQL, real threads on their own connections: wrong codes entered at once are each counted and
lock the handover once; the right code and a wrong one at once end in one legal state; the last two
stalls picked up at once move the order once; a return submitted twice at once restores stock once."""

from decimal import Decimal

import pytest
from django.conf import settings

from couriers.errors import CourierError
from couriers.models import Delivery, DeliveryStatus
from couriers.services import delivery as services
from notifications.models import Channel, Notification
from orders.models import Order, OrderEvent, OrderStatus
from tests.couriers.test_delivery import failed, picked_up
from tests.locks import run_at_once
from vendors.models import Product, StockMovement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def wrong(job) -> str:
    return "0000" if job.order.confirmation_code != "0000" else "1111"


def test_wrong_codes_at_once_are_all_counted_and_lock_once(job):
    picked_up(job)
    Delivery.objects.filter(pk=job.delivery.pk).update(wrong_codes=settings.COURIER_CODE_TRIES - 3)
    code = wrong(job)

    outcomes = run_at_once(
        *[
            lambda: services.delivery_handover(
                courier=job.courier_profile, delivery_id=job.delivery.pk, code=code
            )
            for _ in range(4)
        ]
    )

    assert all(isinstance(outcome, CourierError) for outcome in outcomes)
    codes = sorted(outcome.code for outcome in outcomes)
    assert codes.count("wrong_code") >= 3 and set(codes) <= {"wrong_code", "locked", "busy"}
    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert delivery.locked_at is not None
    assert delivery.wrong_codes == settings.COURIER_CODE_TRIES
    assert delivery.events.filter(kind="locked").count() == 1
    locked = Notification.objects.filter(event="delivery.handover_locked", channel=Channel.IN_APP)
    assert locked.count() == 1


def test_the_last_two_stalls_picked_up_at_once_move_the_order_once(job):
    outcomes = run_at_once(
        *[
            lambda stop=stop: services.delivery_stop_pickup(
                courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=stop.pk
            )
            for stop in (job.slamet, job.rohmat)
        ]
    )

    # The second waits for the first on the order's lock, then finds itself the last stop.
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.PICKED_UP
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.PICKED_UP
    moves = OrderEvent.objects.filter(order=job.order, trader_order=None, to_status=OrderStatus.PICKED_UP)
    assert moves.count() == 1


def test_a_return_submitted_twice_at_once_restores_stock_once(job):
    cabai = Product.objects.get(pk=job.product.pk).stock
    failed(job)

    outcomes = run_at_once(
        *[
            lambda: services.delivery_return(
                staff=job.staff,
                delivery_id=job.delivery.pk,
                reason="Tidak ada orang",
                taken_back={job.slamet.pk},
            )
            for _ in range(2)
        ]
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(refused) == 1 and refused[0].code in ("invalid_transition", "busy")
    assert Product.objects.get(pk=job.product.pk).stock == cabai + Decimal("2")
    assert StockMovement.objects.filter(reference=f"order:{job.order.pk}", change__gt=0).count() == 1
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.RETURNED
