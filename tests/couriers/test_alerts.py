"""Who hears of jobs: new jobs on WhatsApp to online couriers (throttled per courier), jobs nobody takes
to staff and coordinators (once), and the periodic jobs that forget old locations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from couriers.models import Courier, Delivery
from couriers.services.jobs import jobs_alert_unassigned
from couriers.services.status import courier_locations_expire
from notifications.jobs import job_run_if_due, registered_jobs
from notifications.models import JobRun, Notification
from tests.couriers.conftest import online, ready
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _whatsapp(event: str, user=None):
    sent = Notification.objects.filter(event=event, channel="whatsapp")
    return sent.filter(user=user) if user else sent


def test_a_new_job_goes_on_whatsapp_to_the_regions_online_couriers_who_could_take_it(board):
    capped = online(region=board.batang, cash_limit=10000)

    delivery = ready(board.shopper, board.kauman, board.rice)

    told = set(_whatsapp("delivery.job_new").values_list("user", flat=True))
    assert told == {board.courier.pk}  # not the offline, pending, suspended, Karangasem or capped ones
    message = _whatsapp("delivery.job_new").get()
    assert message.params == {
        "market": "Pasar Batang",
        "kelurahan": "Kauman",
        "fee": f"Rp {delivery.fee:,}".replace(",", "."),
        "cash": "Rp 25.000",
    }
    assert capped.user.pk not in told
    board.agus.refresh_from_db()
    assert board.agus.job_alert_sent_at is not None


def test_new_job_messages_are_throttled_per_courier(board, settings):
    settings.COURIER_JOB_WHATSAPP_EVERY_MINUTES = 5

    ready(board.shopper, board.kauman, board.rice)
    ready(board.shopper, board.kauman, board.chili)  # a minute later, say: no second message
    assert _whatsapp("delivery.job_new", board.courier).count() == 1

    Courier.objects.filter(pk=board.agus.pk).update(job_alert_sent_at=timezone.now() - timedelta(minutes=6))
    ready(UserFactory(), board.kauman, board.rice)
    assert _whatsapp("delivery.job_new", board.courier).count() == 2


def test_a_job_nobody_takes_alerts_staff_and_the_coordinators_once(board, settings):
    settings.COURIER_UNASSIGNED_ALERT_MINUTES = 15
    delivery = ready(board.shopper, board.kauman, board.rice, board.chili)
    fresh = ready(UserFactory(), board.kauman, board.rice)
    Delivery.objects.filter(pk=delivery.pk).update(opened_at=timezone.now() - timedelta(minutes=16))

    first, second = jobs_alert_unassigned(), jobs_alert_unassigned()

    assert (first, second) == (1, 0)
    alerts = Notification.objects.filter(event="delivery.unassigned", channel="inapp")
    # Batang's staff, and Sri, who coordinates Slamet's group (Rohmat's group has no coordinator)
    assert sorted(alerts.values_list("user", flat=True)) == sorted([board.staff.pk, board.coordinator.pk])
    assert alerts.first().params["order"] == delivery.order.number
    delivery.refresh_from_db()
    fresh.refresh_from_db()
    assert delivery.alerted_at is not None and fresh.alerted_at is None


def test_the_periodic_jobs_are_registered_and_the_alert_runs_once_a_period(board):
    names = {job.name for job in registered_jobs()}
    assert {"couriers.unassigned_alert", "couriers.locations_expire"} <= names
    delivery = ready(board.shopper, board.kauman, board.rice)
    Delivery.objects.filter(pk=delivery.pk).update(opened_at=timezone.now() - timedelta(hours=1))

    assert job_run_if_due("couriers.unassigned_alert") is True
    assert job_run_if_due("couriers.unassigned_alert") is False
    JobRun.objects.filter(name="couriers.unassigned_alert").update(last_started_at=None)
    assert job_run_if_due("couriers.unassigned_alert") is True

    assert (
        Notification.objects.filter(event="delivery.unassigned", user=board.staff, channel="inapp").count()
        == 1
    )


def test_shared_locations_are_forgotten_after_the_set_hours(board, settings):
    settings.COURIER_LOCATION_KEEP_HOURS = 12
    now = timezone.now()
    Courier.objects.filter(pk=board.agus.pk).update(
        latitude=-6.9, longitude=109.7, located_at=now - timedelta(hours=13)
    )
    Courier.objects.filter(pk=board.bali.pk).update(
        latitude=-8.4, longitude=115.6, located_at=now - timedelta(hours=1)
    )

    assert courier_locations_expire() == 1

    agus, bali = Courier.objects.get(pk=board.agus.pk), Courier.objects.get(pk=board.bali.pk)
    assert (agus.latitude, agus.longitude, agus.located_at) == (None, None, None)
    assert bali.latitude is not None
