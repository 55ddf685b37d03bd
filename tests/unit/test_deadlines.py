"""The legal clocks: every deadline of the money loop, at the edges an officer meets —
holiday weeks, month ends, Shanghai midnight, a year whose holiday schedule is unpublished."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fanzha import deadlines
from fanzha.clock import SHANGHAI


def sh(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


class TestFixedTerms:
    def test_stop_payment_runs_48_hours_and_first_accounts_30_minutes(self):
        start = sh(2026, 11, 23, 9, 15)
        assert deadlines.stop_payment_expiry(start) == sh(2026, 11, 25, 9, 15)
        assert deadlines.first_accounts_due(start) == sh(2026, 11, 23, 9, 45)

    def test_unfreeze_within_three_days_and_notice_of_thirty(self):
        start = sh(2026, 12, 30, 16, 0)
        assert deadlines.unfreeze_due(start) == sh(2027, 1, 2, 16, 0)
        assert deadlines.notice_ends(start) == sh(2027, 1, 29, 16, 0)

    def test_no_daylight_saving_in_shanghai(self):
        # Spring and autumn DST switches elsewhere change nothing: 48 h are 48 wall-clock hours.
        for start in (sh(2026, 3, 28, 12, 0), sh(2026, 10, 31, 12, 0)):
            end = deadlines.stop_payment_expiry(start).astimezone(SHANGHAI)
            assert (end.hour, end.minute) == (12, 0)
            assert end.utcoffset() == timedelta(hours=8)


class TestFreezeTerms:
    def test_six_months_for_deposits_one_year_for_major_cases(self):
        start = sh(2026, 5, 20, 10, 30)
        assert deadlines.freeze_expiry(start, major=False) == sh(2026, 11, 20, 10, 30)
        assert deadlines.freeze_expiry(start, major=True) == sh(2027, 5, 20, 10, 30)

    def test_a_day_the_month_lacks_becomes_its_last_day(self):
        assert deadlines.add_months(sh(2026, 8, 31, 9, 0), 6) == sh(2027, 2, 28, 9, 0)
        assert deadlines.add_months(sh(2027, 8, 31, 9, 0), 6) == sh(2028, 2, 29, 9, 0)  # leap
        assert deadlines.add_months(sh(2026, 3, 31, 9, 0), 6) == sh(2026, 9, 30, 9, 0)

    def test_months_count_on_the_shanghai_calendar_not_utc(self):
        # 31 Aug 01:00 in Shanghai is still 30 Aug in UTC.
        start = datetime(2026, 8, 30, 17, 0, tzinfo=UTC)
        assert deadlines.add_months(start, 6) == sh(2027, 2, 28, 1, 0)

    @given(
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
        st.integers(min_value=1, max_value=24),
    )
    def test_a_term_always_ends_in_the_right_month_never_later(self, naive, months):
        start = naive.replace(tzinfo=SHANGHAI)
        end = deadlines.add_months(start, months)
        assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
        assert end.day <= start.day and end.time() == start.time()


class TestWorkingDays:
    def test_an_order_before_national_day_runs_past_the_holiday_week(self):
        # 2026: 10/1–10/7 off; Saturday 10/10 is a make-up working day.
        due = deadlines.bank_return_due(sh(2026, 9, 30, 15, 0))
        assert due.last_day == date(2026, 10, 10)
        assert due.due_at == sh(2026, 10, 11, 0, 0)
        assert due.caveat == ""

    def test_an_order_before_spring_festival(self):
        # 2026: Saturday 2/14 is worked, 2/15–2/23 off.
        due = deadlines.bank_return_due(sh(2026, 2, 13, 16, 0))
        assert due.last_day == date(2026, 2, 25)

    def test_mid_autumn_friday_is_not_a_working_day(self):
        # 2026-09-25 (Friday) is 中秋.
        assert deadlines.add_working_days(sh(2026, 9, 24, 10, 0), 1).last_day == date(2026, 9, 28)

    def test_the_day_is_read_in_shanghai(self):
        # 17:00 UTC on 29 Sep is 01:00 on 30 Sep in Shanghai: counting starts after the 30th.
        due = deadlines.bank_return_due(datetime(2026, 9, 29, 17, 0, tzinfo=UTC))
        assert due.last_day == date(2026, 10, 10)

    def test_an_unpublished_year_counts_weekdays_and_says_so(self):
        due = deadlines.bank_return_due(sh(2026, 12, 30, 10, 0))
        assert due.last_day == date(2027, 1, 4)  # 12/31, then Fri 1/1 and Mon 1/4 by weekday
        assert "2027" in due.caveat and "周一至周五" in due.caveat

    @given(
        st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 11, 30)),
        st.integers(min_value=1, max_value=10),
    )
    def test_exactly_n_working_days_are_spent(self, day, n):
        due = deadlines.add_working_days(
            datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI), n
        )
        counted = [
            day + timedelta(days=i)
            for i in range(1, (due.last_day - day).days + 1)
            if deadlines.is_working_day(day + timedelta(days=i))[0]
        ]
        assert len(counted) == n and counted[-1] == due.last_day


class TestCountdown:
    def test_left_soon_and_overdue(self):
        now = sh(2026, 11, 23, 10, 0)
        assert (
            deadlines.countdown(now + timedelta(hours=30, minutes=5), now).text == "剩余 1天6小时"
        )
        soon = deadlines.countdown(now + timedelta(minutes=45), now)
        assert (soon.state, soon.text) == ("soon", "剩余 45分钟")
        late = deadlines.countdown(now - timedelta(hours=2, minutes=3), now)
        assert (late.state, late.text) == ("overdue", "已超时 2小时03分")
