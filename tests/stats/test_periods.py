"""Reporting periods: calendar spans in Shanghai days, 环比 and 同比 by the calendar."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fanzha.clock import SHANGHAI
from fanzha.stats import periods as P

days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))
kinds = st.sampled_from(["day", "week", "month", "quarter", "year"])


@given(kinds, days)
def test_a_period_holds_its_day_and_tiles_the_calendar(kind, day):
    p = P.period_of(kind, day)
    assert p.start <= day < p.end
    assert P.previous(p).end == p.start  # 环比 is the period just before, no gap, no overlap
    assert P.period_of(kind, p.end).start == p.end
    assert P.period_of(kind, p.last_day) == p


@given(kinds, days)
def test_previous_is_the_same_kind_of_calendar_period(kind, day):
    p = P.period_of(kind, day)
    assert P.previous(p) == P.period_of(kind, p.start - timedelta(days=1))


@given(days)
def test_weeks_start_on_monday(day):
    assert P.period_of("week", day).start.weekday() == 0


@given(st.sampled_from(["month", "quarter", "year"]), days)
def test_year_earlier_is_the_same_calendar_period_last_year(kind, day):
    p = P.period_of(kind, day)
    y = P.year_earlier(p)
    assert (y.start.month, y.start.day) == (p.start.month, p.start.day)
    assert y.start.year == p.start.year - 1
    assert y == P.period_of(kind, y.start)  # a whole period, not a row or day offset


@given(days)
def test_year_earlier_of_a_week_is_a_monday_week_a_year_back(day):
    y = P.year_earlier(P.period_of("week", day))
    assert y.start.weekday() == 0 and y.days == 7
    assert 358 <= (day - y.start).days <= 378


def test_29_february_compares_with_28_february():
    leap = P.period_of("day", date(2028, 2, 29))
    assert P.year_earlier(leap) == P.Period("day", date(2027, 2, 28), date(2027, 3, 1))
    feb = P.period_of("month", date(2028, 2, 10))
    assert P.year_earlier(feb) == P.Period("month", date(2027, 2, 1), date(2027, 3, 1))


@given(kinds, days, st.integers(0, 400))
def test_a_running_period_is_compared_on_the_same_number_of_days(kind, day, ahead):
    p = P.period_of(kind, day)
    today = p.start + timedelta(days=ahead)
    cut, prev, year = P.comparisons(p, today)
    if today < p.last_day:
        assert cut.end == today + timedelta(days=1)
        assert prev.days == min(cut.days, P.previous(p).days)
        assert prev.start == P.previous(p).start and year.start == P.year_earlier(p).start
    else:
        assert (cut, prev, year) == (p, P.previous(p), P.year_earlier(p))


@given(kinds, days)
def test_utc_bounds_are_shanghai_midnights(kind, day):
    start, end = P.utc_bounds(P.period_of(kind, day))
    assert start.utcoffset() == end.utcoffset() == timedelta(hours=8)
    assert start.tzinfo == SHANGHAI and start.hour == 0


@given(days, st.integers(0, 90))
def test_custom_spans_step_back_by_their_length(day, length):
    p = P.custom(day, day + timedelta(days=length))
    assert p.days == length + 1
    assert P.previous(p).days == p.days and P.previous(p).end == p.start


def test_bad_period_input_falls_back_to_a_month():
    assert P.parse("fortnight", "2026-13-40").kind == "month"
    assert P.parse("custom", None, "2026-11-30", "2026-11-01") == P.custom(
        date(2026, 11, 1), date(2026, 11, 30)
    )
