"""The region's staff keep their markets' hours, closed days and desk number; nobody else can."""

from datetime import date, time

import pytest
from django.urls import reverse

from market.errors import MarketError
from market.models import MarketClosure, MarketHours
from market.services import market_closure_add, market_hours_set

pytestmark = pytest.mark.django_db


def week_form(**days):
    """POST data: every day open 04:30–13:00 unless given (day -> None for closed, or (opens, closes))."""
    data = {"desk_whatsapp": "0812 0000 0003"}
    for day in range(7):
        times = days.get(f"d{day}", ("04:30", "13:00"))
        if times is not None:
            data |= {f"open_{day}": "on", f"opens_{day}": times[0], f"closes_{day}": times[1]}
    return data


def test_staff_set_the_week_and_the_market_page_shows_it(staff_client, batang, client):
    url = reverse("market:staff_market_hours", args=[batang.slug])

    response = staff_client.post(url, week_form(d6=None))

    assert response.status_code == 302
    rows = list(MarketHours.objects.filter(market=batang).values_list("weekday", "opens", "closes"))
    assert rows == [(day, time(4, 30), time(13)) for day in range(6)]
    batang.refresh_from_db()
    assert str(batang.desk_whatsapp) == "+6281200000003"
    page = client.get(reverse("vendors:market_detail", args=[batang.slug])).content.decode()
    assert "04.30–13.00" in page
    assert "Buka sekarang" in page or "Tutup" in page


def test_an_open_day_needs_both_times_and_nothing_is_saved(staff_client, batang):
    MarketHours.objects.create(market=batang, weekday=0, opens=time(5), closes=time(12))
    data = week_form()
    data["closes_2"] = ""

    response = staff_client.post(reverse("market:staff_market_hours", args=[batang.slug]), data)

    assert response.status_code == 200
    assert "Isi jamnya" in response.content.decode()
    assert list(MarketHours.objects.filter(market=batang).values_list("weekday", "opens")) == [(0, time(5))]


def test_the_same_open_and_close_time_is_refused(staff_client, batang):
    response = staff_client.post(
        reverse("market:staff_market_hours", args=[batang.slug]), week_form(d1=("05:00", "05:00"))
    )

    assert response.status_code == 200
    assert "tidak bisa buka dan tutup pada jam yang sama" in response.content.decode()
    assert not MarketHours.objects.filter(market=batang).exists()


def test_closed_days_are_added_and_removed(staff_client, batang):
    add = reverse("market:staff_market_closure_add", args=[batang.slug])

    assert staff_client.post(add, {"date": "2099-03-20", "reason": "Idulfitri"}).status_code == 302
    again = staff_client.post(add, {"date": "2099-03-20"})
    closure = MarketClosure.objects.get(market=batang)

    assert "sudah tercatat sebagai hari libur" in again.content.decode()
    assert (closure.date, closure.reason) == (date(2099, 3, 20), "Idulfitri")
    remove = reverse("market:staff_market_closure_remove", args=[batang.slug, closure.pk])
    assert staff_client.post(remove).status_code == 302
    assert not MarketClosure.objects.exists()


def test_another_regions_staff_cannot_change_this_regions_market(client, people):
    client.force_login(people.karangasem_staff)

    page = client.post(reverse("market:staff_market_hours", args=[people.market.slug]), week_form())

    assert page.status_code == 404
    with pytest.raises(MarketError) as refused:
        market_hours_set(market_id=people.market.pk, actor=people.karangasem_staff, week={0: None})
    assert refused.value.code == "not_found"
    with pytest.raises(MarketError):
        market_closure_add(market_id=people.market.pk, actor=people.trader, date=date(2099, 1, 1))
    assert not MarketHours.objects.exists() and not MarketClosure.objects.exists()
