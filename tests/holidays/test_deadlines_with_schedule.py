"""Working-day deadlines with the schedule a center entered: pure, no database."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fanzha import deadlines
from fanzha.clock import SHANGHAI
from fanzha.holidays import sheet
from fanzha.holidays.errors import HolidayDateUnreadable
from tests.holidays.schedule_2027 import HOLIDAYS, MAKE_UP

ENTERED = deadlines.HolidaySchedule(
    days={**{d: False for d in HOLIDAYS}, **{d: True for d in MAKE_UP}},
    complete_years=frozenset({2027}),
)


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


def test_the_bundled_calendar_stops_at_2026():
    # If this fails, chinese-calendar gained 2027: the tests below still hold for the entered
    # schedule as an override, but the fallback case needs another year.
    assert deadlines.library_covers(2026) and not deadlines.library_covers(2027)


class TestSpringFestival2027:
    def test_without_a_schedule_it_is_monday_to_friday_and_says_so(self):
        due = deadlines.bank_return_due(sh(2027, 2, 4, 10, 0))
        assert due.last_day == date(2027, 2, 9) and "2027" in due.caveat

    def test_an_order_the_day_before_the_holiday_is_due_after_it(self):
        due = deadlines.bank_return_due(sh(2027, 2, 4, 10, 0), ENTERED)
        # 5–13 Feb off, Sunday 14th a weekend: Mon 15, Tue 16, Wed 17.
        assert due.last_day == date(2027, 2, 17) and due.due_at == sh(2027, 2, 18, 0, 0)
        assert due.caveat == ""

    def test_the_saturday_worked_in_exchange_counts(self):
        due = deadlines.bank_return_due(sh(2027, 2, 19, 16, 0), ENTERED)
        assert due.last_day == date(2027, 2, 23)  # Sat 20 (班), Mon 22, Tue 23
        assert deadlines.bank_return_due(sh(2027, 2, 19, 16, 0)).last_day == date(2027, 2, 24)

    def test_a_half_entered_year_is_not_used(self):
        partial = deadlines.HolidaySchedule(days={}, complete_years=frozenset())
        assert deadlines.bank_return_due(sh(2027, 2, 4, 10, 0), partial).caveat


class TestNationalDay2027:
    def test_an_order_on_the_eve_of_national_day(self):
        due = deadlines.bank_return_due(sh(2027, 9, 30, 15, 0), ENTERED)
        assert due.last_day == date(2027, 10, 11)  # Fri 8, Sat 9 (班), Mon 11
        assert deadlines.bank_return_due(sh(2027, 9, 30, 15, 0)).last_day == date(2027, 10, 5)

    def test_the_sunday_before_is_worked(self):
        due = deadlines.bank_return_due(sh(2027, 9, 24, 17, 0), ENTERED)
        assert due.last_day == date(2027, 9, 28)  # Sun 26 (班), Mon 27, Tue 28


def test_an_officers_override_beats_the_library_in_a_covered_year():
    plain = deadlines.bank_return_due(sh(2026, 12, 23, 10, 0))
    assert plain.last_day == date(2026, 12, 28) and plain.caveat == ""
    closed = deadlines.HolidaySchedule(days={date(2026, 12, 24): False})
    assert deadlines.bank_return_due(sh(2026, 12, 23, 10, 0), closed).last_day == date(2026, 12, 29)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_every_way_officers_write_a_date_reads_back(day: date):
    for text in (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.isoformat()} 00:00:00",
    ):
        assert sheet.parse_day(text) == day


@given(st.text(max_size=12))
@example("99999999999999999999-1-1")  # overflowed date() before
@example("2027-02-30")
def test_anything_else_is_refused_not_guessed(text: str):
    try:
        parsed = sheet.parse_day(text)
    except HolidayDateUnreadable:
        return
    assert isinstance(parsed, date)


@pytest.mark.parametrize("word", ["休", "班", "调休上班", "放假"])
def test_kind_words(word: str):
    assert sheet.parse_kind(word).value in ("holiday", "workday")
