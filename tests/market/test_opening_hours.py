"""market_opening_state(): open now and the next change, in the region's own time zone."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from market.models import MarketClosure, MarketHours
from market.selectors import market_list_with_hours, market_opening_state
from market.templatetags.opening import opening_text

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
# Monday 7 December 2026 and the days after it
MONDAY = date(2026, 12, 7)


def trades(market, opens, closes, days=range(7)):
    for day in days:
        MarketHours.objects.create(market=market, weekday=day, opens=time(*opens), closes=time(*closes))
    return market_list_with_hours().get(pk=market.pk)


def at(day: int, hour: int, minute: int = 0, zone=WIB) -> datetime:
    return datetime(2026, 12, 7 + day, hour, minute, tzinfo=zone)


def text(state) -> str:
    with translation.override("id"):
        return opening_text(state)


def test_open_until_the_close_time_and_closed_from_it(batang):
    market = trades(batang, (4, 30), (13, 0))

    before = market_opening_state(market, at(0, 12, 59))
    on_the_minute = market_opening_state(market, at(0, 13, 0))

    assert before.is_open and before.closes_at == at(0, 13, 0)
    assert text(before) == "Buka sekarang · tutup 13.00 WIB"
    assert not on_the_minute.is_open and on_the_minute.opens_at == at(1, 4, 30)
    assert text(on_the_minute) == "Tutup · buka besok 04.30 WIB"


def test_the_weekday_is_the_regions_not_utcs_around_midnight(batang):
    """Monday 17:01 UTC is already Tuesday 00:01 in Batang: a market closed on Tuesdays stays closed
    until Wednesday, although Monday (in UTC) is a trading day."""
    market = trades(batang, (4, 30), (13, 0), days=[0, 2, 3, 4, 5, 6])

    late_monday = market_opening_state(market, at(0, 16, 59, zone=UTC))  # 23.59 WIB Monday
    early_tuesday = market_opening_state(market, at(0, 17, 1, zone=UTC))  # 00.01 WIB Tuesday

    assert late_monday.opens_at == at(2, 4, 30)
    assert text(late_monday) == "Tutup · buka Rabu 04.30 WIB"
    assert early_tuesday.opens_at == at(2, 4, 30)
    assert text(early_tuesday) == "Tutup · buka besok 04.30 WIB"


def test_a_market_opening_after_midnight_opens_today(batang):
    market = trades(batang, (4, 30), (13, 0))

    state = market_opening_state(market, at(0, 17, 1, zone=UTC))  # 00.01 WIB Tuesday

    assert state.opens_at == at(1, 4, 30)
    assert text(state) == "Tutup · buka 04.30 WIB"


def test_the_same_instant_in_wib_and_wita(batang, amlapura):
    """05.30 UTC is 12.30 WIB and 13.30 WITA; 06.30 UTC is 13.30 WIB and 14.30 WITA."""
    java = trades(batang, (4, 30), (13, 0))
    bali = trades(amlapura, (5, 0), (15, 0))

    noon = datetime(2026, 12, 7, 5, 30, tzinfo=UTC)
    later = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)

    assert text(market_opening_state(java, noon)) == "Buka sekarang · tutup 13.00 WIB"
    assert text(market_opening_state(bali, noon)) == "Buka sekarang · tutup 15.00 WITA"
    assert market_opening_state(bali, noon).closes_at == datetime(2026, 12, 7, 15, 0, tzinfo=WITA)
    assert not market_opening_state(java, later).is_open
    assert market_opening_state(bali, later).is_open


def test_hours_past_midnight(batang):
    market = trades(batang, (22, 0), (4, 0))

    after_midnight = market_opening_state(market, at(1, 1, 0))
    evening = market_opening_state(market, at(1, 21, 0))

    assert after_midnight.is_open and after_midnight.closes_at == at(1, 4, 0)
    assert evening.opens_at == at(1, 22, 0)
    assert text(market_opening_state(market, at(1, 23, 0))) == "Buka sekarang · tutup besok 04.00 WIB"


def test_a_closed_day_skips_that_days_session_only(batang):
    market = trades(batang, (22, 0), (4, 0))
    MarketClosure.objects.create(market=batang, date=MONDAY.replace(day=8), reason="Kerja bakti")
    market = market_list_with_hours().get(pk=market.pk)

    # Monday night's session runs into Tuesday morning; Tuesday night's is off; Wednesday's is not.
    assert market_opening_state(market, at(1, 3, 0)).is_open
    state = market_opening_state(market, at(1, 22, 30))
    assert not state.is_open and state.opens_at == at(2, 22, 0)
    assert text(state) == "Tutup · buka besok 22.00 WIB"


def test_a_closed_holiday_moves_the_next_opening(batang):
    market = trades(batang, (4, 30), (13, 0))
    MarketClosure.objects.create(market=batang, date=MONDAY.replace(day=8), reason="Libur")
    market = market_list_with_hours().get(pk=market.pk)

    state = market_opening_state(market, at(0, 14, 0))

    assert state.opens_at == at(2, 4, 30)
    assert text(state) == "Tutup · buka Rabu 04.30 WIB"


def test_in_english(batang):
    market = trades(batang, (4, 30), (13, 0))

    with translation.override("en"):
        assert opening_text(market_opening_state(market, at(0, 8, 0))) == "Open now · closes 13:00 WIB"
        assert opening_text(market_opening_state(market, at(0, 14, 0))) == "Closed · opens tomorrow 04:30 WIB"


def test_a_market_without_hours_says_nothing(batang):
    state = market_opening_state(market_list_with_hours().get(pk=batang.pk), at(0, 8, 0))

    assert not state.known and not state.is_open and state.opens_at is None
    assert text(state) == ""


def test_a_week_of_closed_days_opens_the_week_after(batang):
    market = trades(batang, (4, 30), (13, 0), days=[0])

    state = market_opening_state(market, at(0, 14, 0))

    assert state.opens_at == at(7, 4, 30)
    assert text(state) == "Tutup · buka 14 Desember 04.30 WIB"


def test_the_market_list_reads_hours_in_fixed_queries(batang, amlapura, django_assert_num_queries):
    trades(batang, (4, 30), (13, 0))
    trades(amlapura, (5, 0), (14, 0))

    with django_assert_num_queries(3):
        states = [market_opening_state(market) for market in market_list_with_hours()]

    assert all(state.known for state in states)
