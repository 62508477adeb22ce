from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Notification
from portal.context_processors import header
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")


def welcome(user, name, **kwargs):
    """An in-app notification whose text shows `name` (as the stall's name)."""
    return NotificationFactory(
        user=user, event="stall.linked", params={"stall": name, "market": "Pasar Batang"}, **kwargs
    )


@pytest.fixture
def siti():
    return UserFactory(name="Siti")


def test_inbox_needs_login(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_inbox_shows_only_the_users_in_app_notifications_newest_first(client, siti):
    now = timezone.now()
    welcome(siti, "Lama", created_at=now - timedelta(days=2))
    welcome(siti, "Baru", created_at=now - timedelta(hours=1))
    welcome(siti, "LewatWhatsApp", channel=Channel.WHATSAPP, phone="+6281398765432")
    welcome(UserFactory(), "OrangLain")
    client.force_login(siti)

    response = client.get(INBOX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Lapak Baru di Pasar Batang sekarang ada di akun Anda." in page
    assert page.index("Lapak Baru") < page.index("Lapak Lama")
    assert "LewatWhatsApp" not in page
    assert "OrangLain" not in page


def test_inbox_follows_the_chosen_language(client, siti):
    welcome(siti, "Siti")
    client.force_login(siti)
    client.cookies["django_language"] = "en"

    page = client.get(INBOX).content.decode()

    assert "The stall Siti at Pasar Batang is now in your account." in page
    assert "Mark as read" in page


def test_inbox_shows_unread_notifications_before_read_ones(client, siti):
    now = timezone.now()
    welcome(siti, "SudahDibaca", created_at=now - timedelta(hours=1), read_at=now)
    welcome(siti, "BelumDibaca", created_at=now - timedelta(days=3))
    client.force_login(siti)

    page = client.get(INBOX).content.decode()

    assert page.index("BelumDibaca") < page.index("SudahDibaca")


def test_inbox_is_paginated(client, siti):
    for number in range(23):
        welcome(siti, f"Nomor{number:02d}")
    client.force_login(siti)

    first = client.get(INBOX).content.decode()
    second = client.get(INBOX, {"page": 2}).content.decode()

    assert "Nomor22" in first and "Nomor03" in first and "Nomor02" not in first
    assert "Nomor02" in second and "Nomor00" in second and "Nomor22" not in second


def test_unread_count_in_every_page_context(client, siti):
    welcome(siti, "a")
    welcome(siti, "b")
    welcome(siti, "read", read_at=timezone.now())
    welcome(siti, "wa", channel=Channel.WHATSAPP, phone="+6281398765432")
    welcome(UserFactory(), "other")
    client.force_login(siti)

    response = client.get(INBOX)

    assert response.context["unread_notifications"] == 2


def test_unread_count_comes_with_the_header_query_and_is_zero_for_anonymous(django_assert_num_queries, siti):
    welcome(siti, "a")
    welcome(siti, "read", read_at=timezone.now())
    request = RequestFactory().get("/")

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert header(request)["unread_notifications"] == 0
    request.user = siti
    with django_assert_num_queries(1):
        assert header(request)["unread_notifications"] == 1


def test_the_header_counts_up_to_a_hundred_unread_and_shows_99_plus(client, siti):
    """A trader who follows their orders on WhatsApp never opens the inbox: the header's count stops at
    100 rather than counting years of rows on every page."""
    Notification.objects.bulk_create(NotificationFactory.build(user=siti) for _ in range(101))
    NotificationFactory.create_batch(2, user=UserFactory())
    client.force_login(siti)

    page = client.get(reverse("market:home"))
    Notification.objects.filter(pk__in=list(siti.notifications.values_list("pk", flat=True)[:3])).delete()
    fewer = client.get(reverse("market:home"))

    assert page.context["unread_notifications"] == 100
    assert ">99+</mark>" in page.text and 'aria-label="lebih dari 99 belum dibaca"' in page.text
    assert fewer.context["unread_notifications"] == 98
    assert ">98</mark>" in fewer.text


def test_mark_read_marks_one_and_returns_to_the_page(client, siti):
    first, second = welcome(siti, "a"), welcome(siti, "b")
    client.force_login(siti)

    response = client.post(reverse("notifications:mark_read", args=[first.pk]), {"next": f"{INBOX}?page=1"})

    assert response.status_code == 302
    assert response.url == f"{INBOX}?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_mark_read_refuses_a_foreign_next_url(client, siti):
    notification = welcome(siti, "a")
    client.force_login(siti)

    response = client.post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == INBOX


def test_mark_read_with_htmx_returns_the_item_and_the_new_count(client, siti):
    notification = welcome(siti, "a")
    welcome(siti, "b")
    client.force_login(siti)
    url = reverse("notifications:mark_read", args=[notification.pk])

    response = client.post(url, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in body
    assert 'id="unread-notifications"' in body and 'hx-swap-oob="true"' in body
    assert response.context["unread_notifications"] == 1


def test_cannot_mark_another_users_notification(client, siti):
    foreign = welcome(UserFactory(), "other")
    client.force_login(siti)

    response = client.post(reverse("notifications:mark_read", args=[foreign.pk]))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_read_needs_post(client, siti):
    notification = welcome(siti, "a")
    client.force_login(siti)

    response = client.get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_rows(client, siti):
    welcome(siti, "a")
    welcome(siti, "b")
    foreign = welcome(UserFactory(), "other")
    client.force_login(siti)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=siti, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None
