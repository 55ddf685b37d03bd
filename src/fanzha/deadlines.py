"""Every legal deadline of the money loop, in one place (DOMAIN.md, Workflow 2).

Pure: instants in, instants out. Calendar arithmetic happens in Asia/Shanghai (UTC+8 all
year, no daylight saving), so "six months" and "three working days" mean what an officer
reading a wall calendar in China means. Working days follow the State Council's holiday
schedule through `chinese-calendar` (adjusted weekend working days included). A year the
library does not cover uses the schedule the center entered (a `HolidaySchedule`, loaded by
`fanzha.holidays`) once that year is marked complete; an officer may also override one date of
a covered year, with a reason. Failing both, a year falls back to Monday–Friday, and the
result says so.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar

from fanzha.clock import SHANGHAI, day_start
from fanzha.i18n import common as i18n

FIRST_ACCOUNTS_WITHIN = timedelta(minutes=30)  # first-level accounts entered after the report
STOP_PAYMENT_TERM = timedelta(hours=48)  # 紧急止付
STOP_PAYMENT_MAX_TERMS = 2  # the first stop-payment and one renewal
FREEZE_MONTHS_DEPOSIT = 6  # 冻结存款
FREEZE_MONTHS_MAJOR = 12  # 重大案件, with city-level approval
FREEZE_REMINDERS = (timedelta(days=7), timedelta(days=1))  # before a freeze expires
UNFREEZE_WITHIN = timedelta(days=3)  # once the money proves unrelated
PUBLIC_NOTICE = timedelta(days=30)  # before pooled money is shared out
BANK_RETURN_WORKING_DAYS = 3  # the bank executes a return order


def first_accounts_due(reported_at: datetime) -> datetime:
    return reported_at + FIRST_ACCOUNTS_WITHIN


def stop_payment_expiry(start: datetime) -> datetime:
    return start + STOP_PAYMENT_TERM


def add_months(start: datetime, months: int) -> datetime:
    """The same Shanghai wall-clock time `months` later; a day the month lacks (31 Aug + 6
    months) becomes that month's last day, as a calendar reader would count."""
    local = start.astimezone(SHANGHAI)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def freeze_expiry(start: datetime, *, major: bool) -> datetime:
    return add_months(start, FREEZE_MONTHS_MAJOR if major else FREEZE_MONTHS_DEPOSIT)


def unfreeze_due(decided_at: datetime) -> datetime:
    return decided_at + UNFREEZE_WITHIN


def notice_ends(published_at: datetime) -> datetime:
    return published_at + PUBLIC_NOTICE


@dataclass(frozen=True)
class HolidaySchedule:
    """What the center entered: `days` maps a date to "working day?" (休 False, 班 True) for
    every entered date of a complete year the library lacks, and for each date of a covered
    year an officer overrode; `complete_years` are the entered years whose other dates are
    plain weekdays/weekends."""

    days: Mapping[date, bool] = field(default_factory=dict)
    complete_years: frozenset[int] = frozenset()


NO_SCHEDULE = HolidaySchedule()


def library_covers(year: int) -> bool:
    """Whether the installed chinese-calendar has the State Council's schedule of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day: date, schedule: HolidaySchedule = NO_SCHEDULE) -> tuple[bool, bool]:
    """(working day?, known from an official schedule?). An officer's override comes first,
    then the library, then the center's entered schedule of a complete year."""
    entered = schedule.days.get(day)
    if entered is not None:
        return entered, True
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:  # the year's schedule is not in the installed data
        return day.weekday() < 5, day.year in schedule.complete_years


@dataclass(frozen=True)
class WorkingDeadline:
    due_at: datetime  # the end of the last allowed working day (midnight after it)
    last_day: date
    assumed_years: tuple[int, ...]  # years counted Monday–Friday for want of a schedule

    @property
    def caveat(self) -> str:
        if not self.assumed_years:
            return ""
        years = i18n.LIST_SEPARATOR.join(str(y) for y in self.assumed_years)
        return i18n.DEADLINES["assumed_weekdays"].format(years=years)


def add_working_days(
    start: datetime, days: int, schedule: HolidaySchedule = NO_SCHEDULE
) -> WorkingDeadline:
    """`days` working days after `start`: counting begins the day after (an order given on
    Friday afternoon before 国庆 is due at the end of the third working day after the
    holiday), and the deadline is the end of that day."""
    day = start.astimezone(SHANGHAI).date()
    assumed: set[int] = set()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        working, known = is_working_day(day, schedule)
        if not known:
            assumed.add(day.year)
        counted += working
    return WorkingDeadline(
        due_at=day_start(day + timedelta(days=1)),
        last_day=day,
        assumed_years=tuple(sorted(assumed)),
    )


def calendar_days_due(
    start: datetime, days: int, schedule: HolidaySchedule = NO_SCHEDULE
) -> WorkingDeadline:
    """`days` calendar days after `start` (counting from the next day), ending at the end of
    the last day; a last day that is not a working day moves to the end of the next working
    day (民法典第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
    The reward scheme's "15 日内发放" counts this way."""
    day = start.astimezone(SHANGHAI).date() + timedelta(days=days)
    assumed: set[int] = set()
    while True:
        working, known = is_working_day(day, schedule)
        if not known:
            assumed.add(day.year)
        if working:
            break
        day += timedelta(days=1)
    return WorkingDeadline(
        due_at=day_start(day + timedelta(days=1)),
        last_day=day,
        assumed_years=tuple(sorted(assumed)),
    )


def bank_return_due(
    ordered_at: datetime, schedule: HolidaySchedule = NO_SCHEDULE
) -> WorkingDeadline:
    return add_working_days(ordered_at, BANK_RETURN_WORKING_DAYS, schedule)


@dataclass(frozen=True)
class Countdown:
    state: str  # "ok", "soon" (within the warning margin) or "overdue"
    text: str  # 剩余 1天3小时 / 已超时 5分钟


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        if hours:
            return i18n.DEADLINES["days_hours"].format(days=days, hours=hours)
        return i18n.DEADLINES["days"].format(days=days)
    if hours:
        return i18n.DEADLINES["hours_minutes"].format(hours=hours, minutes=minutes)
    return i18n.DEADLINES["minutes"].format(minutes=minutes)


def countdown(
    due_at: datetime, now: datetime, *, soon: timedelta = timedelta(hours=1)
) -> Countdown:
    """What a clock shows: time left, amber within `soon`, red once past."""
    left = due_at - now
    if left <= timedelta(0):
        return Countdown("overdue", i18n.DEADLINES["overdue"].format(span=_span(-left)))
    return Countdown(
        "soon" if left <= soon else "ok", i18n.DEADLINES["left"].format(span=_span(left))
    )
