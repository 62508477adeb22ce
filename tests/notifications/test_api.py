from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Channel, Notification
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/notifications/"


def in_app(user, stall, **kwargs):
    return NotificationFactory(
        user=user, event="stall.linked", params={"stall": stall, "market": "Pasar Batang"}, **kwargs
    )


@pytest.fixture
def siti(client):
    user = UserFactory(language="en")
    client.force_login(user)
    return user


def test_the_inbox_lists_the_callers_in_app_notifications_unread_first(client, siti):
    now = timezone.now()
    read = in_app(siti, "Read", created_at=now - timedelta(minutes=1), read_at=now)
    old_unread = in_app(siti, "OldUnread", created_at=now - timedelta(days=2))
    new_unread = in_app(siti, "NewUnread", created_at=now - timedelta(hours=1))
    in_app(siti, "ByWhatsApp", channel=Channel.WHATSAPP, phone="+6281398765432")
    in_app(UserFactory(), "SomeoneElse")

    body = client.get(INBOX, headers={"Accept-Language": "en"}).json()

    assert body["count"] == 3
    assert [n["id"] for n in body["results"]] == [new_unread.pk, old_unread.pk, read.pk]
    first = body["results"][0]
    assert first["title"] == "Stall added to your account"
    assert first["body"] == "The stall NewUnread at Pasar Batang is now in your account."
    assert (first["unread"], body["results"][2]["unread"]) == (True, False)


def test_the_inbox_is_paginated(client, siti):
    for number in range(25):
        in_app(siti, f"S{number}")

    first = client.get(INBOX).json()
    second = client.get(INBOX, {"page": 2}).json()

    assert (first["count"], len(first["results"]), len(second["results"])) == (25, 20, 5)
    assert first["next"] and second["next"] is None


def test_mark_one_read_and_the_unread_count(client, siti):
    first, _second = in_app(siti, "A"), in_app(siti, "B")
    assert client.get(f"{INBOX}unread-count/").json() == {"count": 2}

    response = client.post(f"{INBOX}{first.pk}/read/")

    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert client.get(f"{INBOX}unread-count/").json() == {"count": 1}
    read_at = Notification.objects.get(pk=first.pk).read_at
    client.post(f"{INBOX}{first.pk}/read/")
    assert Notification.objects.get(pk=first.pk).read_at == read_at  # again: no change


def test_mark_all_read_touches_only_the_callers_rows(client, siti):
    in_app(siti, "A")
    in_app(siti, "B")
    foreign = in_app(UserFactory(), "C")

    response = client.post(f"{INBOX}read-all/")

    assert response.json() == {"count": 2}
    assert client.get(f"{INBOX}unread-count/").json() == {"count": 0}
    foreign.refresh_from_db()
    assert foreign.read_at is None


@pytest.mark.parametrize("path", ["{pk}/", "{pk}/read/"])
def test_another_users_notification_answers_404(client, siti, path):
    foreign = in_app(UserFactory(), "C")
    method = client.post if path.endswith("read/") else client.get

    response = method(INBOX + path.format(pk=foreign.pk))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_a_whatsapp_row_of_the_caller_is_not_in_the_inbox(client, siti):
    row = in_app(siti, "W", channel=Channel.WHATSAPP, phone="+6281398765432")

    assert client.get(f"{INBOX}{row.pk}/").status_code == 404
    assert client.post(f"{INBOX}{row.pk}/read/").status_code == 404


def test_the_inbox_needs_sign_in(client):
    assert client.get(INBOX).status_code == 401
    assert client.get(f"{INBOX}unread-count/").status_code == 401
