"""A taken job through the services: pickup per stall with the cash paid, the stall's confirmation, the
coded handover and its lock, a failed delivery and the staff's decision."""

from decimal import Decimal

import pytest
from django.conf import settings

from couriers.errors import CourierError
from couriers.models import Delivery, DeliveryEvent, DeliveryStatus, DeliveryStop
from couriers.services import delivery as services
from notifications.models import Channel, Notification
from orders.errors import OrderError
from orders.models import Order, OrderEvent, OrderStatus, TraderOrderStatus
from tests.factories import RegionStaffFactory
from vendors.models import Product, StockMovement

pytestmark = pytest.mark.django_db


def told(user, event: str) -> int:
    return Notification.objects.filter(user=user, event=event, channel=Channel.IN_APP).count()


def stock(product) -> Decimal:
    return Product.objects.get(pk=product.pk).stock


def picked_up(job):
    """Both stalls picked up at the cash due."""
    for stop in (job.slamet, job.rohmat):
        services.delivery_stop_pickup(
            courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=stop.pk
        )
    job.delivery.refresh_from_db()


def failed(job, reason="Nomor tidak aktif, rumah kosong"):
    picked_up(job)
    services.delivery_fail(courier=job.courier_profile, delivery_id=job.delivery.pk, reason=reason)


# --- Pickup per stall ----------------------------------------------------------------------------------


def test_each_stall_is_picked_up_and_paid_and_the_last_puts_the_order_on_its_way(job):
    first = services.delivery_stop_pickup(
        courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=job.slamet.pk
    )
    assert first.cash_paid == job.slamet.cash_due == 120000
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.ASSIGNED
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.ASSIGNED
    assert told(job.trader, "delivery.stop_picked_up") == 1

    services.delivery_stop_pickup(
        courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=job.rohmat.pk, cash_paid=37000
    )

    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert delivery.status == DeliveryStatus.PICKED_UP and delivery.picked_up_at is not None
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.PICKED_UP
    assert DeliveryStop.objects.get(pk=job.rohmat.pk).cash_paid == 37000
    assert told(job.shopper, "order.picked_up") == 1


def test_a_stall_is_picked_up_once(job):
    services.delivery_stop_pickup(
        courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=job.slamet.pk
    )

    with pytest.raises(CourierError) as again:
        services.delivery_stop_pickup(
            courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=job.slamet.pk, cash_paid=1
        )

    assert again.value.code == "already_picked_up" and again.value.status == 409
    assert DeliveryStop.objects.get(pk=job.slamet.pk).cash_paid == 120000


def test_another_courier_cannot_pick_up_the_job(job):
    with pytest.raises(CourierError) as refused:
        services.delivery_stop_pickup(
            courier=job.other_courier, delivery_id=job.delivery.pk, stop_id=job.slamet.pk
        )

    assert refused.value.status == 404
    assert DeliveryStop.objects.get(pk=job.slamet.pk).picked_up_at is None


@pytest.mark.parametrize("cash", [-1, 120001, "25000", 12.5, True, 10**12])
def test_a_bad_amount_is_refused_and_nothing_is_saved(job, cash):
    with pytest.raises(CourierError) as refused:
        services.delivery_stop_pickup(
            courier=job.courier_profile, delivery_id=job.delivery.pk, stop_id=job.slamet.pk, cash_paid=cash
        )

    assert (refused.value.code, refused.value.field, refused.value.status) == ("invalid", "cash_paid", 400)
    stop = DeliveryStop.objects.get(pk=job.slamet.pk)
    assert (stop.picked_up_at, stop.cash_paid) == (None, None)
    assert not DeliveryEvent.objects.filter(delivery=job.delivery, kind="picked_up").exists()


# --- The stall confirms the cash ------------------------------------------------------------------------


def test_the_stall_confirms_the_cash_and_a_different_amount_is_flagged_to_staff(job):
    picked_up(job)
    other_staff = RegionStaffFactory(region=job.batang).user

    same = services.delivery_stop_cash_confirm(user=job.other_trader, stop_id=job.rohmat.pk)
    assert same.cash_confirmed == same.cash_paid and not same.cash_mismatch
    assert told(job.staff, "delivery.cash_mismatch") == 0

    # Sri coordinates Slamet's group: she confirms for his stall.
    short = services.delivery_stop_cash_confirm(
        user=job.coordinator, stop_id=job.slamet.pk, cash_received=100000
    )

    assert short.cash_mismatch
    assert told(job.staff, "delivery.cash_mismatch") == told(other_staff, "delivery.cash_mismatch") == 1
    assert told(job.karangasem_staff, "delivery.cash_mismatch") == 0
    note = OrderEvent.objects.get(
        order=job.order, trader_order=job.slamet.trader_order, reason__contains="100.000"
    )
    assert "120.000" in note.reason and note.from_status == note.to_status
    assert DeliveryEvent.objects.filter(delivery=job.delivery, kind="cash_mismatch").count() == 1


def test_the_cash_is_confirmed_once_by_the_stall_itself_after_pickup(job):
    with pytest.raises(CourierError) as too_early:
        services.delivery_stop_cash_confirm(user=job.trader, stop_id=job.slamet.pk)
    picked_up(job)
    with pytest.raises(CourierError) as other_stall:
        services.delivery_stop_cash_confirm(user=job.other_trader, stop_id=job.slamet.pk)
    with pytest.raises(CourierError) as courier:
        services.delivery_stop_cash_confirm(user=job.courier, stop_id=job.slamet.pk)
    with pytest.raises(CourierError) as negative:
        services.delivery_stop_cash_confirm(user=job.trader, stop_id=job.slamet.pk, cash_received=-5)
    services.delivery_stop_cash_confirm(user=job.trader, stop_id=job.slamet.pk)
    with pytest.raises(CourierError) as again:
        services.delivery_stop_cash_confirm(user=job.trader, stop_id=job.slamet.pk, cash_received=1)

    assert too_early.value.code == "invalid_transition"
    assert other_stall.value.status == courier.value.status == 404
    assert negative.value.field == "cash_received"
    assert again.value.code == "already_confirmed"
    assert DeliveryStop.objects.get(pk=job.slamet.pk).cash_confirmed == 120000


# --- The handover ------------------------------------------------------------------------------------------


def wrong_code(job):
    return "0000" if job.order.confirmation_code != "0000" else "1111"


def test_wrong_codes_are_refused_and_counted_and_the_fifth_locks_and_tells_staff(job):
    picked_up(job)
    for tried in range(1, settings.COURIER_CODE_TRIES + 1):
        with pytest.raises(CourierError) as refused:
            services.delivery_handover(
                courier=job.courier_profile, delivery_id=job.delivery.pk, code=wrong_code(job)
            )
        assert (refused.value.code, refused.value.field) == ("wrong_code", "code")
        assert Delivery.objects.get(pk=job.delivery.pk).wrong_codes == tried
        assert told(job.staff, "delivery.handover_locked") == (
            1 if tried == settings.COURIER_CODE_TRIES else 0
        )

    with pytest.raises(CourierError) as locked:
        services.delivery_handover(
            courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
        )

    assert locked.value.code == "locked" and locked.value.status == 409
    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert delivery.locked_at is not None and delivery.status == DeliveryStatus.PICKED_UP
    assert delivery.wrong_codes == settings.COURIER_CODE_TRIES
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.PICKED_UP

    with pytest.raises(CourierError) as other_region:
        services.delivery_unlock(staff=job.karangasem_staff, delivery_id=job.delivery.pk)
    services.delivery_unlock(staff=job.staff, delivery_id=job.delivery.pk)

    assert other_region.value.status == 404
    assert told(job.courier, "delivery.handover_unlocked") == 1
    services.delivery_handover(
        courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
    )
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.DELIVERED


def test_a_code_that_is_not_four_digits_is_refused_without_counting(job):
    picked_up(job)
    for code in ("12", "abcd", "12345", ""):
        with pytest.raises(CourierError) as refused:
            services.delivery_handover(courier=job.courier_profile, delivery_id=job.delivery.pk, code=code)
        assert (refused.value.code, refused.value.field) == ("invalid", "code")
    assert Delivery.objects.get(pk=job.delivery.pk).wrong_codes == 0


def test_the_right_code_completes_the_delivery_the_order_and_every_stalls_part(job):
    picked_up(job)

    services.delivery_handover(
        courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
    )

    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.finished_at is not None
    order = Order.objects.get(pk=job.order.pk)
    assert order.status == OrderStatus.DELIVERED
    assert set(order.trader_orders.values_list("status", flat=True)) == {TraderOrderStatus.COMPLETED}
    assert told(job.shopper, "order.delivered") == 1
    assert told(job.trader, "delivery.stall_order_completed") == 1
    with pytest.raises(CourierError) as again:
        services.delivery_handover(
            courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
        )
    assert again.value.code == "invalid_transition"


def test_no_handover_before_pickup_nor_by_another_courier(job):
    with pytest.raises(CourierError) as early:
        services.delivery_handover(
            courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
        )
    picked_up(job)
    with pytest.raises(CourierError) as other:
        services.delivery_handover(
            courier=job.other_courier, delivery_id=job.delivery.pk, code=job.order.confirmation_code
        )

    assert early.value.code == "invalid_transition"
    assert other.value.status == 404
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.PICKED_UP


# --- A failed delivery and the staff's decision ----------------------------------------------------------


def test_the_courier_reports_the_shopper_unreachable_with_a_reason_and_staff_are_asked(job):
    picked_up(job)
    with pytest.raises(CourierError) as no_reason:
        services.delivery_fail(courier=job.courier_profile, delivery_id=job.delivery.pk, reason="  ")
    assert no_reason.value.field == "reason"

    services.delivery_fail(
        courier=job.courier_profile, delivery_id=job.delivery.pk, reason="Tidak diangkat 3x"
    )

    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert (delivery.status, delivery.failure_reason) == (DeliveryStatus.FAILED, "Tidak diangkat 3x")
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.FAILED
    assert told(job.staff, "delivery.delivery_failed") == 1
    shopper_notice = Notification.objects.get(
        user=job.shopper, event="order.delivery_failed", channel=Channel.IN_APP
    )
    assert shopper_notice.params["reason"] == "Tidak diangkat 3x"


def test_a_second_attempt_goes_back_to_the_same_courier(job):
    failed(job)

    services.delivery_retry(staff=job.staff, delivery_id=job.delivery.pk)

    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert (delivery.status, delivery.courier, delivery.attempts) == (
        DeliveryStatus.PICKED_UP,
        job.courier_profile,
        2,
    )
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.PICKED_UP
    assert told(job.courier, "delivery.delivery_retry") == 1
    assert told(job.shopper, "order.delivery_retry") == 1
    services.delivery_handover(
        courier=job.courier_profile, delivery_id=job.delivery.pk, code=job.order.confirmation_code
    )
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.DELIVERED


def test_a_return_restores_stock_once_where_the_stall_takes_it_back_and_keeps_the_couriers_cash(job):
    cabai, beras = stock(job.product), stock(job.beras)
    failed(job)

    services.delivery_return(
        staff=job.staff,
        delivery_id=job.delivery.pk,
        reason="Pembeli tidak bisa dihubungi",
        taken_back={job.slamet.pk},
    )
    with pytest.raises(CourierError) as twice:
        services.delivery_return(
            staff=job.staff,
            delivery_id=job.delivery.pk,
            reason="lagi",
            taken_back={job.slamet.pk, job.rohmat.pk},
        )

    assert twice.value.code == "invalid_transition"
    assert stock(job.product) == cabai + 2  # Slamet took his cabai back
    assert stock(job.beras) == beras  # Rohmat did not take the beras back
    assert StockMovement.objects.filter(reference=f"order:{job.order.pk}", change__gt=0).count() == 1
    delivery = Delivery.objects.get(pk=job.delivery.pk)
    assert delivery.status == DeliveryStatus.RETURNED
    order = Order.objects.get(pk=job.order.pk)
    assert order.status == OrderStatus.RETURNED
    assert set(order.trader_orders.values_list("status", flat=True)) == {TraderOrderStatus.RETURNED}
    stops = {stop.pk: stop for stop in delivery.stops.all()}
    assert stops[job.slamet.pk].returned_at is not None and stops[job.rohmat.pk].returned_at is None
    assert [stops[job.slamet.pk].cash_paid, stops[job.rohmat.pk].cash_paid] == [120000, 37500]
    courier_notice = Notification.objects.get(
        user=job.courier, event="delivery.delivery_return", channel=Channel.IN_APP
    )
    assert courier_notice.params["cash"] == "Rp 157.500"
    assert (
        told(job.trader, "delivery.goods_returned") == told(job.other_trader, "delivery.goods_returned") == 1
    )
    assert told(job.shopper, "order.returned") == 1


def test_a_return_needs_a_reason_and_the_delivery_s_own_stops_and_staff_of_its_region(job):
    cabai = stock(job.product)
    failed(job)
    other_stop = (
        DeliveryStop.objects.exclude(delivery=job.delivery).values_list("pk", flat=True).first() or 10**9
    )

    with pytest.raises(OrderError) as no_reason:
        services.delivery_return(
            staff=job.staff, delivery_id=job.delivery.pk, reason="", taken_back={job.slamet.pk}
        )
    with pytest.raises(CourierError) as not_its_stop:
        services.delivery_return(
            staff=job.staff, delivery_id=job.delivery.pk, reason="x", taken_back={other_stop}
        )
    with pytest.raises(CourierError) as other_region:
        services.delivery_return(
            staff=job.karangasem_staff, delivery_id=job.delivery.pk, reason="x", taken_back=set()
        )
    with pytest.raises(CourierError) as a_courier:
        services.delivery_retry(staff=job.courier, delivery_id=job.delivery.pk)

    assert no_reason.value.code == "reason_required"
    assert not_its_stop.value.field == "taken_back"
    assert other_region.value.status == a_courier.value.status == 404
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.FAILED
    assert stock(job.product) == cabai
