"""Entering the holiday schedule: dates typed or imported, a year marked complete, the
schedule in force handed to `fanzha.deadlines`. Every change is audited; a change to the
schedule in force dispatches HolidayScheduleChanged so running deadlines are recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, deadlines, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.fields import visible_text
from fanzha.holidays.errors import (
    HolidayDayBothKinds,
    HolidayDayNotFound,
    HolidayDayOutsideYear,
    HolidayOverrideNeedsReason,
    HolidayYearCovered,
    HolidayYearEmpty,
    HolidayYearLastHoliday,
    HolidayYearOutOfRange,
)
from fanzha.holidays.events import HolidayScheduleChanged
from fanzha.holidays.models import DayKind, HolidayDay, HolidayYear
from fanzha.i18n import holidays as i18n
from fanzha.kernel.events import dispatch

FIRST_YEAR, LAST_YEAR = 2000, 2100


def schedule(session: Session) -> deadlines.HolidaySchedule:
    """The schedule in force: every date of a complete year the bundled calendar lacks, and
    every date of a covered year an officer overrode (with a reason) while it was covered."""
    complete = set(session.scalars(select(HolidayYear.year).where(HolidayYear.complete)))
    covered: dict[int, bool] = {}
    days: dict[date, bool] = {}
    for row in session.scalars(select(HolidayDay)):
        if row.year not in covered:
            covered[row.year] = deadlines.library_covers(row.year)
        if row.override if covered[row.year] else row.year in complete:
            days[row.day] = row.kind == DayKind.workday
    in_force = frozenset(y for y in complete if not deadlines.library_covers(y))
    return deadlines.HolidaySchedule(days=days, complete_years=in_force)


def in_force(session: Session, year: int) -> bool:
    """Whether entries of `year` move deadlines now (covered: overrides always do)."""
    if deadlines.library_covers(year):
        return True
    row = session.get(HolidayYear, year)
    return bool(row and row.complete)


def check_year(year: int) -> None:
    """Raises HolidayYearOutOfRange (422) outside 2000–2100."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise HolidayYearOutOfRange(year=year, first=FIRST_YEAR, last=LAST_YEAR, field="year")


def _year(session: Session, year: int) -> HolidayYear:
    check_year(year)
    row = session.get(HolidayYear, year)
    if row is None:
        row = HolidayYear(year=year, complete=False)
        session.add(row)
        session.flush()
    return row


def enter(
    session: Session,
    actor: Principal,
    year: int,
    day: date,
    kind: DayKind,
    reason: str = "",
) -> bool:
    """Enter one date of `year`'s schedule without announcing it (imports announce once).
    True when something changed. Raises HolidayYearOutOfRange, HolidayDayOutsideYear,
    HolidayOverrideNeedsReason (422), HolidayDayBothKinds (409)."""
    _year(session, year)
    if day.year != year:
        raise HolidayDayOutsideYear(day=day.isoformat(), year=year, field="day")
    reason = visible_text(reason)
    override = deadlines.library_covers(year)
    if override and not reason:
        raise HolidayOverrideNeedsReason(day=day.isoformat(), field="reason")
    row = session.scalar(select(HolidayDay).where(HolidayDay.day == day))
    if row is not None:
        if row.kind != kind:
            raise HolidayDayBothKinds(day=day.isoformat(), kind=i18n.KINDS[row.kind], field="kind")
        if (row.reason, row.override) == (reason, override):
            return False
        row.reason, row.override = reason, override
    else:
        session.add(
            HolidayDay(
                year=year,
                day=day,
                kind=kind,
                reason=reason,
                override=override,
                entered_by_id=actor.user_id,
                entered_by=actor.name[:50],
            )
        )
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.holiday_day_entered,
        target_type="holiday_days",
        target_id=day.isoformat(),
        summary=i18n.AUDIT["entered"].format(day=day.isoformat(), kind=i18n.KINDS[kind])
        + (i18n.AUDIT["reason"].format(reason=reason) if reason else ""),
        detail={"year": year, "kind": kind.value},
    )
    return True


def announce(session: Session, actor: Principal, years: set[int]) -> None:
    """Tell the domains with working-day clocks that the schedule in force changed."""
    live = tuple(sorted(y for y in years if in_force(session, y)))
    if live:
        dispatch(session, HolidayScheduleChanged(years=live, actor=actor))


def add_day(
    session: Session, actor: Principal, year: int, day: date, kind: DayKind, reason: str = ""
) -> None:
    """Enter one date (see `enter`); running deadlines follow when the year is in force."""
    if enter(session, actor, year, day, kind, reason):
        announce(session, actor, {year})


def remove_day(session: Session, actor: Principal, day_id: int) -> HolidayDay:
    """Take one date out of the schedule. Raises HolidayDayNotFound (404), HolidayYearLastHoliday
    (409) for the only 休 of a complete year."""
    row = session.get(HolidayDay, day_id)
    if row is None:
        raise HolidayDayNotFound()
    if row.kind == DayKind.holiday and _year(session, row.year).complete:
        others = session.scalars(
            select(HolidayDay.id).where(
                HolidayDay.year == row.year,
                HolidayDay.kind == DayKind.holiday,
                HolidayDay.id != row.id,
            )
        ).first()
        if others is None:
            raise HolidayYearLastHoliday(year=row.year, day=row.day.isoformat())
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.holiday_day_removed,
        target_type="holiday_days",
        target_id=row.day.isoformat(),
        summary=i18n.AUDIT["removed"].format(day=row.day.isoformat(), kind=i18n.KINDS[row.kind]),
        detail={"year": row.year},
    )
    announce(session, actor, {row.year})
    return row


def complete_year(session: Session, actor: Principal, year: int) -> HolidayYear:
    """Mark `year` complete: from now on its entered dates replace the Monday–Friday
    fallback and running deadlines are recomputed. Raises HolidayYearCovered (409) for a
    year the bundled calendar has, HolidayYearEmpty (409) without a single 休 entered."""
    row = _year(session, year)
    if deadlines.library_covers(year):
        raise HolidayYearCovered(year=year)
    holidays = session.scalars(
        select(HolidayDay.id).where(HolidayDay.year == year, HolidayDay.kind == DayKind.holiday)
    ).first()
    if holidays is None:
        raise HolidayYearEmpty(year=year)
    if row.complete:
        return row
    row.complete, row.completed_at, row.completed_by = True, clock.now(), actor.name[:50]
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.holiday_year_completed,
        target_type="holiday_years",
        target_id=year,
        summary=i18n.AUDIT["completed"].format(year=year),
    )
    announce(session, actor, {year})
    return row


@dataclass(frozen=True)
class YearView:
    year: int
    covered: bool  # the bundled calendar has it: rows are overrides
    complete: bool
    completed_by: str
    days: list[HolidayDay]


def years(session: Session) -> list[YearView]:
    """Every year with something entered, newest first, with its dates in order."""
    rows = session.scalars(select(HolidayYear).order_by(HolidayYear.year.desc())).all()
    by_year: dict[int, list[HolidayDay]] = {}
    for day in session.scalars(select(HolidayDay).order_by(HolidayDay.day)):
        by_year.setdefault(day.year, []).append(day)
    return [
        YearView(
            r.year,
            deadlines.library_covers(r.year),
            r.complete,
            r.completed_by,
            by_year.get(r.year, []),
        )
        for r in rows
    ]


DAY_SORTS: listing.Sorts = {
    "day": [HolidayDay.day],
    "kind": [HolidayDay.kind],
    "entered": [HolidayDay.entered_at],
}


def page_days(
    session: Session, query: listing.ListQuery, *, year: int | None = None, kind: str = ""
) -> listing.Page[HolidayDay]:
    """The entered dates as a list, in calendar order: of one `year` and `kind` (休/班) when
    given; the text filter matches the reason or who entered it; the date window the date."""
    stmt = select(HolidayDay).where(
        *([HolidayDay.year == year] if year else []),
        *([HolidayDay.kind == kind] if kind in {k.value for k in DayKind} else []),
        *listing.text_match(query, HolidayDay.reason, HolidayDay.entered_by),
        *([HolidayDay.day >= query.since] if query.since else []),
        *([HolidayDay.day <= query.until] if query.until else []),
    )
    return listing.paginate(session, stmt, query, DAY_SORTS, (HolidayDay.day,))
