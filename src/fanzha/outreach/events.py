"""Outreach events (宣传活动): record them, list them, a month calendar and totals per unit.

Every read goes through the scope layer: a station sees its own events and those of the units
below it; totals roll each event up to the unit it was held by.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import outreach_people as i18n
from fanzha.listing import ListQuery, Page, day_window, paginate, text_match
from fanzha.org import scope
from fanzha.org.models import Staff, Team, Unit
from fanzha.outreach.people_errors import EventTeamOutsideUnit
from fanzha.outreach.people_models import EventKind, EventStaff, OutreachEvent
from fanzha.outreach.people_schemas import EventIn

SORTS = {
    "starts": [OutreachEvent.starts_at],
    "kind": [OutreachEvent.kind],
    "onsite": [OutreachEvent.audience_onsite],
    "online": [OutreachEvent.audience_online],
    "materials": [OutreachEvent.materials],
}
DEFAULT_ORDER = [OutreachEvent.starts_at.desc(), OutreachEvent.id.desc()]


def _apply(session: Session, actor: Principal, event: OutreachEvent, data: EventIn) -> None:
    scope.require_unit_in_scope(session, actor, data.unit_id)
    if data.team_id is not None:
        team = session.get(Team, data.team_id)
        under = scope.unit_scope(session, data.unit_id)
        if team is None or not scope.unit_in_scope(session, under, team.unit_id):
            raise EventTeamOutsideUnit(field="team_id")
    for name in (
        "kind",
        "title",
        "place",
        "starts_at",
        "ends_at",
        "unit_id",
        "team_id",
        "campaign_id",
        "audience_onsite",
        "audience_online",
        "materials",
        "note",
    ):
        setattr(event, name, getattr(data, name))
    # Helpers named on the form, only those the actor may see.
    event.helpers = staff_named(session, actor, data.staff_ids)


def staff_named(session: Session, actor: Principal, staff_ids: Sequence[int]) -> list[Staff]:
    """The staff of these ids the actor may see (the helpers chosen on an event's form), by
    unit then id; the others are left out as if never named."""
    visible = scope.visible_ids(session, actor, Staff, set(staff_ids))
    if not visible:
        return []
    stmt = select(Staff).where(Staff.id.in_(visible)).order_by(Staff.unit_id, Staff.id)
    return list(session.scalars(stmt))


def create_event(session: Session, actor: Principal, data: EventIn) -> OutreachEvent:
    """Record an event. Raises UnitOutOfScope (422) for a unit beyond the actor's scope and
    EventTeamOutsideUnit (422) for a team not of that unit or below."""
    event = OutreachEvent(created_by_id=actor.user_id)
    _apply(session, actor, event, data)
    session.add(event)
    session.flush()
    _audit(session, actor, event)
    return event


def update_event(
    session: Session, actor: Principal, event: OutreachEvent, data: EventIn
) -> OutreachEvent:
    """Change an event (already fetched through the scope layer); same refusals as create."""
    _apply(session, actor, event, data)
    session.flush()
    _audit(session, actor, event)
    return event


def _audit(session: Session, actor: Principal, event: OutreachEvent) -> None:
    audit.record(
        session,
        actor,
        AuditAction.outreach_event_saved,
        target_type="outreach_events",
        target_id=event.id,
        summary=i18n.AUDIT["event_saved"].format(
            title=event.title, day=clock.local(event.starts_at, "%Y-%m-%d")
        ),
    )


def list_events(
    session: Session,
    actor: Principal,
    query: ListQuery,
    *,
    kind: EventKind | None = None,
    unit_id: int | None = None,
) -> Page[OutreachEvent]:
    """A page of events in scope: text matches title or place; the date filter is the day held."""
    stmt = scope.scoped_select(OutreachEvent, actor).where(
        *day_window(OutreachEvent.starts_at, query),
        *text_match(query, OutreachEvent.title, OutreachEvent.place),
    )
    if kind is not None:
        stmt = stmt.where(OutreachEvent.kind == kind)
    if unit_id is not None:
        stmt = stmt.where(
            scope.scope_clause(OutreachEvent.unit_id, scope.unit_scope(session, unit_id))
        )
    return paginate(session, stmt, query, SORTS, DEFAULT_ORDER)


# --- the month calendar -------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    events: list[OutreachEvent] = field(default_factory=list)


def month_of(text: str | None) -> date:
    """The first day of the month asked as `2026-11`; this month when blank or unreadable."""
    try:
        year, month = (int(p) for p in (text or "").split("-", 1))
        return date(year, month, 1)
    except ValueError:
        today = clock.now().astimezone(clock.SHANGHAI).date()
        return today.replace(day=1)


def month_calendar(session: Session, actor: Principal, first: date) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering the month of `first`, each day with the events in scope
    that start on it (Shanghai days)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1] + timedelta(days=1)
    stmt = (
        scope.scoped_select(OutreachEvent, actor)
        .where(
            OutreachEvent.starts_at >= clock.day_start(start),
            OutreachEvent.starts_at < clock.day_start(end),
        )
        .order_by(OutreachEvent.starts_at, OutreachEvent.id)
    )
    by_day: dict[date, list[OutreachEvent]] = {}
    for event in session.scalars(stmt):
        by_day.setdefault(event.starts_at.astimezone(clock.SHANGHAI).date(), []).append(event)
    return [
        [CalendarDay(d, d.month == first.month, by_day.get(d, [])) for d in week] for week in weeks
    ]


# --- totals per unit ------------------------------------------------------------------------


@dataclass
class UnitTotals:
    unit_id: int
    unit_name: str
    events: int
    onsite: int
    online: int
    materials: int


def totals_by_unit(
    session: Session, actor: Principal, since: date | None, until: date | None
) -> tuple[list[UnitTotals], UnitTotals]:
    """Per unit holding events in scope: events, audience on site and online, materials handed
    out, over the local days asked (both ends included); and the sum of them all."""
    window = ListQuery(since=since, until=until)
    stmt = (
        select(
            Unit.id,
            Unit.name,
            func.count(OutreachEvent.id),
            func.coalesce(func.sum(OutreachEvent.audience_onsite), 0),
            func.coalesce(func.sum(OutreachEvent.audience_online), 0),
            func.coalesce(func.sum(OutreachEvent.materials), 0),
        )
        .join(Unit, Unit.id == OutreachEvent.unit_id)
        .where(
            scope.owner_clause(OutreachEvent, actor), *day_window(OutreachEvent.starts_at, window)
        )
        .group_by(Unit.id, Unit.name, Unit.path)
        .order_by(Unit.path)
    )
    rows = [UnitTotals(*r) for r in session.execute(stmt)]
    return rows, _sum(rows)


def _sum(rows: Sequence[UnitTotals]) -> UnitTotals:
    return UnitTotals(
        0,
        "",
        sum(r.events for r in rows),
        sum(r.onsite for r in rows),
        sum(r.online for r in rows),
        sum(r.materials for r in rows),
    )


def event_hours(event: OutreachEvent) -> float:
    return (event.ends_at - event.starts_at) / timedelta(hours=1)


def staff_event_hours(session: Session, staff_ids: Sequence[int]) -> dict[int, float]:
    """Hours each staff member served at events (the length of each event they helped at)."""
    if not staff_ids:
        return {}
    seconds = func.sum(func.extract("epoch", OutreachEvent.ends_at - OutreachEvent.starts_at))
    stmt = (
        select(EventStaff.staff_id, seconds)
        .join(OutreachEvent, OutreachEvent.id == EventStaff.event_id)
        .where(EventStaff.staff_id.in_(staff_ids))
        .group_by(EventStaff.staff_id)
    )
    return {sid: float(s or 0) / 3600 for sid, s in session.execute(stmt)}


def recent_for_staff(session: Session, staff_id: int, limit: int = 20) -> list[OutreachEvent]:
    """The events a staff member helped at, latest first (the caller holds the staff record
    through the scope layer)."""
    stmt = (
        select(OutreachEvent)
        .join(EventStaff, EventStaff.event_id == OutreachEvent.id)
        .where(EventStaff.staff_id == staff_id)
        .order_by(OutreachEvent.starts_at.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def datetime_local(value: datetime) -> str:
    return clock.local(value, "%Y-%m-%dT%H:%M")
