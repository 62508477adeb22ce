"""The staff review pages: own regions only, decisions through the services, history on the page."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from market.models import Decision
from notifications.models import Notification
from tests.factories import (
    RegionStaffFactory,
    TraderFactory,
    UserFactory,
    pending_stall,
)

pytestmark = pytest.mark.django_db


def decide_url(stall, action):
    return reverse("market:review_decide", args=[stall.application_id, action])


def test_the_queue_lists_pending_applications_of_the_staff_members_regions_with_counts(
    client, batang, amlapura, batang_staff
):
    mine = pending_stall(batang, stall_name="Sayur Bu Tini", application__note="Sayur segar")
    TraderFactory(market=batang)  # approved
    pending_stall(amlapura, application__note="Canang Bu Komang")
    client.force_login(batang_staff)

    response = client.get(reverse("market:review_queue"))

    assert response.status_code == 200
    assert list(response.context["applications"]) == [mine.application]
    assert {value: count for value, _, count in response.context["counts"]} == {
        "pending": 1,
        "approved": 1,
        "rejected": 0,
        "suspended": 0,
    }
    assert reverse("market:review_detail", args=[mine.application_id]) in response.text
    assert "Canang Bu Komang" not in response.text


def test_the_queue_filters_by_status_and_kind(client, batang, batang_staff):
    approved = TraderFactory(market=batang)
    pending_stall(batang)
    client.force_login(batang_staff)

    by_status = client.get(reverse("market:review_queue"), {"status": "approved"}).context["applications"]
    couriers = client.get(reverse("market:review_queue"), {"kind": "courier"}).context["applications"]

    assert list(by_status) == [approved.application]
    assert list(couriers) == []


def test_the_staff_landing_links_each_pending_application_to_its_page(client, batang, batang_staff):
    stall = pending_stall(batang)
    client.force_login(batang_staff)

    response = client.get(reverse("portal:staff"))

    assert reverse("market:review_detail", args=[stall.application_id]) in response.text


def test_the_detail_shows_the_stall_and_the_decision_history_in_the_regions_time(client, amlapura):
    staff = RegionStaffFactory(region=amlapura.region, user__name="I Gusti Ayu Ratna Dewi").user
    stall = TraderFactory(market=amlapura, stall_name="Canang Bu Komang", stall_number="C-07")
    Decision.objects.create(
        application=stall.application,
        action="suspend",
        actor=staff,
        reason="Harga tidak sesuai",
        created_at=datetime(2026, 11, 3, 1, 30, tzinfo=UTC),
    )
    client.force_login(staff)

    response = client.get(reverse("market:review_detail", args=[stall.application_id]))

    assert response.status_code == 200
    text = response.text
    assert "Canang Bu Komang" in text and "C-07" in text
    assert "I Gusti Ayu Ratna Dewi" in text
    assert "3 Nov 2026 09.30 WITA" in text  # 01.30 UTC in Asia/Makassar
    assert "Harga tidak sesuai" in text


def test_approving_from_the_page_puts_the_stall_on_its_market_page(client, batang, batang_staff):
    stall = pending_stall(batang, stall_name="Sayur Bu Tini")
    client.force_login(batang_staff)

    response = client.post(decide_url(stall, "approve"), {"reason": ""})

    assert response.status_code == 302
    stall.refresh_from_db()
    assert stall.status == "active"
    market_page = client.get(reverse("vendors:market_detail", args=[batang.slug]))
    assert "Sayur Bu Tini" in market_page.text
    detail = client.get(response.url)
    assert "Retno Wulandari" in detail.text


def test_rejecting_without_a_reason_shows_the_message_and_changes_nothing(client, batang, batang_staff):
    stall = pending_stall(batang)
    client.force_login(batang_staff)

    response = client.post(decide_url(stall, "reject"), {"reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("pending", "pending")
    assert (Decision.objects.count(), Notification.objects.count()) == (0, 0)


def test_an_invalid_move_from_the_page_is_refused_with_nothing_changed(client, batang, batang_staff):
    stall = TraderFactory(market=batang)
    client.force_login(batang_staff)

    response = client.post(decide_url(stall, "reinstate"), {"reason": "Coba"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("active", "approved")
    assert (Decision.objects.count(), Notification.objects.count()) == (0, 0)


def test_batang_staff_cannot_see_or_decide_karangasem_applications(client, amlapura, batang_staff):
    stall = pending_stall(amlapura)
    client.force_login(batang_staff)

    assert client.get(reverse("market:review_detail", args=[stall.application_id])).status_code == 404
    for action in ("approve", "reject", "suspend", "reinstate"):
        assert client.post(decide_url(stall, action), {"reason": "x"}).status_code == 404
    stall.refresh_from_db()
    assert (stall.status, stall.application.status) == ("pending", "pending")
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("who", ["shopper", "trader"])
def test_shoppers_and_traders_get_403_on_the_review_pages(client, batang, who):
    stall = pending_stall(batang)
    client.force_login(UserFactory() if who == "shopper" else TraderFactory(market=batang).user)

    assert client.get(reverse("market:review_queue")).status_code == 403
    assert client.get(reverse("market:review_detail", args=[stall.application_id])).status_code == 403
    assert client.post(decide_url(stall, "approve")).status_code == 403
    stall.refresh_from_db()
    assert stall.status == "pending"


def test_anonymous_visitors_are_sent_to_log_in(client, batang):
    response = client.get(reverse("market:review_queue"))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_an_unknown_decision_is_404(client, batang, batang_staff):
    stall = pending_stall(batang)
    client.force_login(batang_staff)

    assert client.post(decide_url(stall, "delete"), {"reason": "x"}).status_code == 404
