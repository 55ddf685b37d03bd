"""Reporting periods: calendar spans of Asia/Shanghai days, end exclusive.

Kinds: day, week (Monday start), month, quarter, year, and custom (any span of whole days).
同比 (`year_earlier`) is the same calendar span one year back, found by the calendar and never
by counting rows or days back; 环比 (`previous`) is the span just before, of the same kind.
A period still running is cut at today (`partial`), and so are the spans it is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fanzha import clock

KINDS = ("day", "week", "month", "quarter", "year", "custom")


@dataclass(frozen=True, order=True)
class Period:
    """Whole local days `start <= day < end`; `kind` says how previous/year_earlier step."""

    kind: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end <= self.start:
            raise ValueError("a period holds at least one day")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        """The last day inside the period (lists filter by inclusive days)."""
        return self.end - timedelta(days=1)


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    """The period of `kind` that contains `day` (custom: that day alone)."""
    if kind == "day" or kind == "custom":
        return Period(kind, day, day + timedelta(days=1))
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(kind, start, start + timedelta(days=7))
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, _month_start(start, -1))
    if kind == "quarter":
        start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, _month_start(start, -3))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    raise ValueError(f"unknown period kind {kind!r}")


def custom(start: date, last_day: date) -> Period:
    """A custom span of whole days, both ends included as a user picks them."""
    return Period("custom", start, last_day + timedelta(days=1))


def previous(p: Period) -> Period:
    """环比: the period just before, same kind (custom: the same number of days before)."""
    if p.kind == "custom":
        return Period("custom", p.start - timedelta(days=p.days), p.start)
    if p.kind == "day" or p.kind == "week":
        span = timedelta(days=1 if p.kind == "day" else 7)
        return Period(p.kind, p.start - span, p.end - span)
    months = {"month": 1, "quarter": 3, "year": 12}[p.kind]
    return Period(p.kind, _month_start(p.start, months), _month_start(p.end, months))


def _a_year_back(day: date) -> date:
    """The same calendar day one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def year_earlier(p: Period) -> Period:
    """同比: the same calendar span one year earlier. A week is the week of ISO number alike
    when that exists, so Monday-start weeks stay weeks; a month, quarter or year is the same
    calendar one; a day or custom span moves each end back one calendar year (29 Feb → 28 Feb,
    and an end of 1 March stays 1 March, so 29 Feb's span covers 28 Feb)."""
    if p.kind == "week":
        year, week, _ = p.start.isocalendar()
        try:
            start = date.fromisocalendar(year - 1, week, 1)
        except ValueError:  # week 53 in a year that had 52
            start = date.fromisocalendar(year - 1, 52, 1)
        return Period("week", start, start + timedelta(days=7))
    start, end = _a_year_back(p.start), _a_year_back(p.end)
    if end <= start:  # a one-day span of 29 Feb: 28 Feb
        end = start + timedelta(days=1)
    return Period(p.kind, start, end)


def partial(p: Period, today: date) -> Period:
    """`p` cut at `today` (today included) when it is still running; `p` itself when it is
    over. Compare a partial period with `cut_like(earlier, partial(p, today), p)`."""
    if today >= p.last_day or today < p.start:
        return p
    return Period(p.kind, p.start, today + timedelta(days=1))


def cut_like(earlier: Period, cut: Period, whole: Period) -> Period:
    """The same-length leading part of an earlier period as `cut` is of `whole` (the first
    N days of last year's month when this month has run N days); `earlier` itself when `cut`
    is whole. Never longer than `earlier`."""
    if cut == whole:
        return earlier
    end = min(earlier.start + timedelta(days=cut.days), earlier.end)
    return Period(earlier.kind, earlier.start, end)


def comparisons(p: Period, today: date | None = None) -> tuple[Period, Period, Period]:
    """(the period as counted, its 环比, its 同比), each cut to the same length when `p` is
    still running on `today` (Shanghai today when None)."""
    today = today or local_today()
    cut = partial(p, today)
    return cut, cut_like(previous(p), cut, p), cut_like(year_earlier(p), cut, p)


def utc_bounds(p: Period) -> tuple[datetime, datetime]:
    """The instants [start, end) of the period's local days, timezone-aware (Shanghai offset,
    comparable with UTC columns)."""
    return clock.day_start(p.start), clock.day_start(p.end)


def local_today() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


# Days a period may hold: a typed year 1 or 9999 (or a span of decades) is not a period anyone
# means, and stepping back from it for 环比/同比 would leave the calendar.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)
LONGEST_DAYS = 3660  # a custom span of ten years at most


def parse_checked(
    kind: str, anchor: str | None, start: str | None = None, end: str | None = None
) -> tuple[Period, bool]:
    """A period from a URL: `kind` and an anchor day inside it, or custom `start`..`end`
    (inclusive days, read in order when reversed). Returns (period, understood): bad input
    (an unknown day, a year outside 1900..2099, a custom span over ten years) gives this month
    and False, so the page shows this month and says the asked one was not understood."""
    try:
        if kind == "custom" and start and end:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
            if last < first:
                first, last = last, first
            if (last - first).days > LONGEST_DAYS or first < FIRST_DAY or last > LAST_DAY:
                raise ValueError
            return custom(first, last), True
        day = date.fromisoformat(anchor) if anchor else local_today()
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueError
        understood = kind in KINDS and kind != "custom"
        return period_of(kind if understood else "month", day), understood
    except ValueError:
        return period_of("month", local_today()), False


def parse(
    kind: str, anchor: str | None, start: str | None = None, end: str | None = None
) -> Period:
    """`parse_checked` without the flag (a page never fails on a period)."""
    return parse_checked(kind, anchor, start, end)[0]


# 春节 (the first day of the lunar year): the holiday moves between January and February, so a
# month compared with the same month last year can hold the festival in one year only.
SPRING_FESTIVAL = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}


def spring_festival_shift(p: Period) -> date | None:
    """The Spring Festival day when it falls inside `p` or its 同比 period but not in both
    (a January or February month, or a week, whose 同比 is distorted); None otherwise."""
    if p.kind not in ("month", "week", "day", "custom"):
        return None
    earlier = year_earlier(p)
    here = SPRING_FESTIVAL.get(p.start.year)
    there = SPRING_FESTIVAL.get(earlier.start.year)
    if here is None or there is None:
        return None
    inside_here = p.start <= here < p.end
    inside_there = earlier.start <= there < earlier.end
    if inside_here == inside_there:
        return None
    return here if inside_here else there
