"""What the events say: a reason typed with its own full stop is not given a second one."""

import pytest
from django.urls import reverse

from market import events as market_events
from market.events import APPLICATION_REJECTED, APPLICATION_SUSPENDED
from market.services import application_reject
from notifications import events
from notifications.models import Notification
from tests.factories import RegionStaffFactory, TraderFactory
from vendors import events as vendors_events

PARAMS = {"region": "Kabupaten Batang", "number": 42}


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("Daftar ulang dengan KTP.", "Alasan: Daftar ulang dengan KTP."),
        ("Daftar ulang dengan KTP", "Alasan: Daftar ulang dengan KTP."),
        ("Foto lapak buram!", "Alasan: Foto lapak buram!"),
        ("Sudah diperbaiki?", "Alasan: Sudah diperbaiki?"),
    ],
)
def test_a_reason_ends_with_one_stop_in_both_languages(reason, expected):
    _title, indonesian = APPLICATION_SUSPENDED.render(params={**PARAMS, "reason": reason}, language="id")
    _title, english = APPLICATION_SUSPENDED.render(params={**PARAMS, "reason": reason}, language="en")

    assert indonesian.endswith(expected)
    assert english.endswith(expected.replace("Alasan", "Reason"))
    assert ".." not in indonesian + english


def test_a_reason_inside_the_sentence_keeps_the_text_after_it():
    _title, body = APPLICATION_REJECTED.render(
        params={**PARAMS, "reason": "Nomor los sudah dipakai."}, language="id"
    )

    assert "Alasan: Nomor los sudah dipakai. Anda boleh mendaftar lagi." in body


@pytest.mark.django_db
def test_the_inbox_and_whatsapp_say_a_rejection_reason_with_one_stop(
    client, django_capture_on_commit_callbacks, capsys
):
    stall = TraderFactory(status="pending", application__status="pending")
    staff = RegionStaffFactory(region=stall.market.region).user

    with django_capture_on_commit_callbacks(execute=True):
        application_reject(
            application_id=stall.application_id, actor=staff, reason="Daftar ulang dengan KTP."
        )

    client.force_login(stall.user)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    whatsapp = capsys.readouterr().out
    assert "Daftar ulang dengan KTP. Anda boleh" in inbox
    assert "Daftar ulang dengan KTP. Anda boleh" in whatsapp
    assert Notification.objects.filter(user=stall.user).count() == 2


@pytest.mark.parametrize("app_events", [events, market_events, vendors_events], ids=lambda m: m.__name__)
def test_each_app_registers_the_events_it_declares_when_django_starts(app_events):
    assert app_events.EVENTS
    for event in app_events.EVENTS:
        assert events.get_event(event.name) is event


def test_notifications_declares_only_its_own_events():
    assert {event.name for event in events.EVENTS} == {"account.code", "platform.whatsapp_token_expired"}


def test_another_event_under_a_taken_name_is_refused():
    taken = events.get_event("stall.linked")
    with pytest.raises(ValueError):
        events.register(events.Event(name=taken.name, title=taken.title, body=taken.title))

    assert events.register(taken) is taken  # the same event again is harmless
    assert events.get_event("stall.linked") is taken
