"""The taken job as pages: the courier's forms on the delivery page, the stall's pickups, the trade
office's deliveries to decide and settlement."""

import pytest
from django.urls import reverse

from couriers.models import Delivery, DeliveryStatus, DeliveryStop
from orders.models import Order, OrderStatus
from tests.couriers.test_delivery import failed, picked_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def courier_client(client, job):
    client.force_login(job.courier)
    return client


def page(client, job) -> str:
    return client.get(reverse("couriers:delivery", args=[job.delivery.pk])).content.decode()


def test_the_courier_picks_up_each_stall_then_hands_over_with_the_code(courier_client, job):
    assert f'data-pickup="{job.slamet.pk}"' in page(courier_client, job) and "data-handover" not in page(
        courier_client, job
    )

    first = courier_client.post(
        reverse("couriers:pickup", args=[job.delivery.pk, job.slamet.pk]), {"cash_paid": "120000"}
    )
    courier_client.post(reverse("couriers:pickup", args=[job.delivery.pk, job.rohmat.pk]), {"cash_paid": ""})
    after_pickup = page(courier_client, job)
    done = courier_client.post(
        reverse("couriers:handover", args=[job.delivery.pk]),
        {"code": job.order.confirmation_code},
        follow=True,
    )

    assert first.status_code == 302
    assert DeliveryStop.objects.get(pk=job.rohmat.pk).cash_paid == 37500
    assert "data-handover" in after_pickup and "data-pickup=" not in after_pickup
    assert done.status_code == 200 and "Terkirim. Terima kasih!" in done.content.decode()
    assert Order.objects.get(pk=job.order.pk).status == OrderStatus.DELIVERED


@pytest.mark.parametrize("cash", ["dua puluh ribu", "-1", "999999999999", "120001"])
def test_a_bad_cash_amount_shows_on_its_field_and_saves_nothing(courier_client, job, cash):
    answer = courier_client.post(
        reverse("couriers:pickup", args=[job.delivery.pk, job.slamet.pk]), {"cash_paid": cash}
    )

    assert answer.status_code == 400
    assert 'class="field-error"' in answer.content.decode()
    assert DeliveryStop.objects.get(pk=job.slamet.pk).picked_up_at is None


def test_a_wrong_code_shows_kode_salah_on_the_field(courier_client, job):
    picked_up(job)
    wrong = "0000" if job.order.confirmation_code != "0000" else "1111"

    answer = courier_client.post(reverse("couriers:handover", args=[job.delivery.pk]), {"code": wrong})

    assert answer.status_code == 400
    assert "Kode salah" in answer.content.decode()
    assert Delivery.objects.get(pk=job.delivery.pk).wrong_codes == 1


def test_the_courier_reports_a_failed_delivery(courier_client, job):
    picked_up(job)

    empty = courier_client.post(reverse("couriers:fail", args=[job.delivery.pk]), {"reason": ""})
    reported = courier_client.post(
        reverse("couriers:fail", args=[job.delivery.pk]), {"reason": "HP tidak aktif"}
    )

    assert empty.status_code == 400
    assert reported.status_code == 302
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.FAILED
    assert "data-failed" in page(courier_client, job)


def test_another_courier_gets_404_on_every_move(client, job):
    client.force_login(job.other_courier.user)

    answers = [
        client.post(
            reverse("couriers:pickup", args=[job.delivery.pk, job.slamet.pk]), {"cash_paid": "1"}
        ).status_code,
        client.post(reverse("couriers:handover", args=[job.delivery.pk]), {"code": "1234"}).status_code,
        client.post(reverse("couriers:fail", args=[job.delivery.pk]), {"reason": "x"}).status_code,
    ]

    assert answers == [404, 404, 404]
    assert DeliveryStop.objects.get(pk=job.slamet.pk).picked_up_at is None


def test_the_stall_confirms_the_cash_on_its_pickups_page(client, job):
    picked_up(job)
    client.force_login(job.trader)

    listed = client.get(reverse("couriers:stall_pickups")).content.decode()
    bad = client.post(
        reverse("couriers:stall_pickup_confirm", args=[job.slamet.pk]), {"cash_received": "abc"}
    )
    short = client.post(
        reverse("couriers:stall_pickup_confirm", args=[job.slamet.pk]),
        {"cash_received": "100000"},
        follow=True,
    )

    assert f'data-pickup="{job.slamet.pk}"' in listed and f'data-pickup="{job.rohmat.pk}"' not in listed
    assert bad.status_code == 400
    assert "data-confirmed" in short.content.decode()
    assert DeliveryStop.objects.get(pk=job.slamet.pk).cash_confirmed == 100000
    assert "data-pickups-link" in client.get(reverse("orders:stall_orders")).content.decode()
    client.force_login(job.staff)
    staff_page = client.get(reverse("couriers:staff_deliveries")).content.decode()
    order_page = client.get(reverse("orders:staff_order_detail", args=[job.order.pk])).content.decode()
    assert "data-mismatch" in staff_page
    assert "Rp 100.000" in order_page and "Rp 120.000" in order_page


def test_staff_send_once_more_then_return_and_see_the_settlement(client, job):
    failed(job)
    client.force_login(job.staff)

    listed = client.get(reverse("couriers:staff_deliveries")).content.decode()
    retried = client.post(reverse("couriers:staff_delivery_decide", args=[job.delivery.pk, "retry"]))
    again = client.post(
        reverse("couriers:staff_delivery_decide", args=[job.delivery.pk, "retry"]), follow=True
    )
    Delivery.objects.filter(pk=job.delivery.pk).update(status=DeliveryStatus.FAILED)
    Order.objects.filter(pk=job.order.pk).update(status=OrderStatus.FAILED)
    returned = client.post(
        reverse("couriers:staff_delivery_return", args=[job.delivery.pk]),
        {"reason": "Pembeli pindah alamat", "taken_back": [job.slamet.pk]},
    )
    settlement = client.get(reverse("couriers:staff_settlement")).content.decode()

    assert f'data-delivery="{job.delivery.pk}"' in listed
    assert retried.status_code == 302 and again.status_code == 200
    assert returned.status_code == 302
    assert Delivery.objects.get(pk=job.delivery.pk).status == DeliveryStatus.RETURNED
    assert "Rp 157.500" in settlement


def test_staff_unlock_a_locked_handover_from_the_page(client, job):
    picked_up(job)
    Delivery.objects.filter(pk=job.delivery.pk).update(wrong_codes=5, locked_at="2026-12-01T10:00:00Z")
    client.force_login(job.courier)
    assert "data-locked" in page(client, job) and "data-handover" not in page(client, job)

    client.force_login(job.karangasem_staff)
    other_region = client.post(reverse("couriers:staff_delivery_decide", args=[job.delivery.pk, "unlock"]))
    client.force_login(job.staff)
    unlocked = client.post(reverse("couriers:staff_delivery_decide", args=[job.delivery.pk, "unlock"]))

    assert other_region.status_code == 404 and unlocked.status_code == 302
    assert Delivery.objects.get(pk=job.delivery.pk).locked_at is None
