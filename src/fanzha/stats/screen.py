"""The command big screen (指挥大屏): one snapshot of a unit's day for the duty room's wall.

Everything is read for the unit's subtree (through the scope layer: a 分局's screen shows its
stations only), "today" and "this week" are Asia/Shanghai days (the week starts on Monday).
The browser fetches the snapshot when it opens, when the live stream says a warning arrived
or changed (at most once every few seconds), when the stream reconnects and once a minute.

Definitions:
- today's warnings: received today, duplicates (重复预警) left out, by grade and by hour;
- open urgent warnings: 紧急, not closed; their next clock (sign, first contact, face to face)
  and the clock that has run out, if any;
- money protected today, stop-paid today (accounts requested, money banks said they held) and
  the units' ranking (this week's dissuasion rate): the KPI registry's indicators
  (fanzha.stats.catalog), so the wall and the dashboards say the same;
- top fraud types: this week's warnings by type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.i18n import screen as i18n
from fanzha.i18n import zh_CN
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import figures as kpi
from fanzha.stats import periods, screen_map
from fanzha.warnings.board import late_clock, overdue_clause
from fanzha.warnings.models import Grade, Outcome, Warning, WarningStatus

URGENT_SHOWN = 6
LATEST_SHOWN = 4
TYPES_SHOWN = 6
RANKING_SHOWN = 6
OPEN = Warning.status.not_in([WarningStatus.closed, WarningStatus.duplicate])
COUNTED = Warning.status != WarningStatus.duplicate


@dataclass(frozen=True)
class Window:
    """Today and this week, as instants: [day_start, day_end) and [week_start, day_end)."""

    day: date
    day_start: datetime
    day_end: datetime
    week_start: datetime

    @classmethod
    def of(cls, now: datetime) -> Window:
        day = now.astimezone(clock.SHANGHAI).date()
        start = clock.day_start(day)
        return cls(
            day,
            start,
            start + timedelta(days=1),
            clock.day_start(day - timedelta(days=day.weekday())),
        )


def viewer_of(session: Session, unit: Unit) -> Principal:
    """Who the screen reads as: the unit's subtree, whoever looks at it (the unit itself was
    read through the scope layer, so it is within the viewer's)."""
    return scope.unit_scope(session, unit.id)


def snapshot(session: Session, unit: Unit, now: datetime | None = None) -> dict[str, Any]:
    """The whole screen as JSON-ready data: {"unit", "day", "now", "received", "hours",
    "handled", "urgent", "latest", "money", "types", "ranking"}. Amounts are fen with a
    display string beside them; instants are ISO 8601 (UTC) for the browser's clocks."""
    now = now or clock.now()
    window = Window.of(now)
    who = viewer_of(session, unit)
    mine = scope.scope_clause(Warning.unit_id, who)
    return {
        "unit": {"id": unit.id, "name": unit.name},
        "day": window.day.isoformat(),
        "now": now.isoformat(),
        **_received(session, mine, window),
        "handled": _handled(session, mine, window, now),
        "urgent": _urgent(session, mine, unit, now),
        "latest": _latest(session, mine, window, unit),
        "money": _money(session, who, unit, window),
        "types": _types(session, mine, window),
        "ranking": _ranking(session, who, unit, window),
    }


def _today(window: Window) -> list[ColumnElement[bool]]:
    return [Warning.received_at >= window.day_start, Warning.received_at < window.day_end]


def _received(session: Session, mine: ColumnElement[bool], window: Window) -> dict[str, Any]:
    hour = func.extract("hour", func.timezone(literal("Asia/Shanghai"), Warning.received_at))
    rows = session.execute(
        select(Warning.grade, hour, func.count())
        .where(mine, COUNTED, *_today(window))
        .group_by(Warning.grade, hour)
    ).all()
    by_grade = {g.value: 0 for g in Grade}
    hours = [[0] * 24 for _ in Grade]
    rank = {g.value: i for i, g in enumerate(Grade)}
    for grade, at, count in rows:
        by_grade[grade] += count
        hours[rank[grade]][int(at)] += count
    return {
        "received": {**by_grade, "total": sum(by_grade.values())},
        "hours": {g.value: hours[rank[g.value]] for g in Grade},
    }


def _handled(
    session: Session, mine: ColumnElement[bool], window: Window, now: datetime
) -> dict[str, int]:
    """Open warnings and those overdue now; fed back and dissuaded today."""
    open_row = session.execute(
        select(func.count(), func.count().filter(overdue_clause(now))).where(mine, OPEN)
    ).one()
    closed_row = session.execute(
        select(func.count(), func.count().filter(Warning.outcome == Outcome.dissuaded)).where(
            mine,
            Warning.status == WarningStatus.closed,
            Warning.closed_at >= window.day_start,
            Warning.closed_at < window.day_end,
        )
    ).one()
    return {
        "open": open_row[0],
        "overdue": open_row[1],
        "closed": closed_row[0],
        "dissuaded": closed_row[1],
    }


def _short(name: str, parent: str) -> str:
    return name.removeprefix(parent) or name


def _urgent(
    session: Session, mine: ColumnElement[bool], unit: Unit, now: datetime
) -> dict[str, Any]:
    """Open 紧急 warnings, the nearest clock first (those with no clock left last)."""
    where = [mine, OPEN, Warning.grade == Grade.urgent]
    total = session.scalar(select(func.count()).select_from(Warning).where(*where)) or 0
    rows = session.execute(
        select(Warning, Unit.name, late_clock(now))
        .join(Unit, Unit.id == Warning.unit_id)
        .where(*where)
        .order_by(Warning.next_due_at.asc().nulls_last(), Warning.received_at, Warning.id)
        .limit(URGENT_SHOWN)
    ).all()
    shown = []
    for w, unit_name, late in rows:
        due, which = _next_clock(w)
        shown.append(
            {
                "id": w.id,
                "number": w.external_id,
                "unit": _short(unit_name, unit.name),
                "type": zh_CN.FRAUD_TYPES[w.fraud_type],
                "amount": format_yuan(w.amount_fen) if w.amount_fen else "",
                "status": zh_CN.WARNING_STATUSES[w.status],
                "received": received_label(w.received_at, now),
                "received_at": w.received_at.isoformat(),
                "due_at": due.isoformat() if due else None,
                "clock": i18n.CLOCKS[which],
                "late": late or "",
            }
        )
    return {"total": total, "rows": shown}


def received_label(at: datetime, now: datetime) -> str:
    """The local time a warning came in today ("12:28"), yesterday ("昨12:28") or its date
    before that ("11-28"): an open urgent warning from yesterday must not read as this
    afternoon's."""
    day = at.astimezone(clock.SHANGHAI).date()
    today = now.astimezone(clock.SHANGHAI).date()
    if day == today:
        return clock.local(at, "%H:%M")
    if (today - day).days == 1:
        return i18n.YESTERDAY.format(time=clock.local(at, "%H:%M"))
    return clock.local(at, "%m-%d")


def _next_clock(w: Warning) -> tuple[datetime | None, str]:
    if w.signed_at is None:
        return w.sign_due_at, "sign"
    if w.first_contact_at is None:
        return w.contact_due_at, "contact"
    if w.face_due_at is not None and w.face_to_face_at is None:
        return w.face_due_at, "face"
    return None, "feedback"  # every clock met: the 平台反馈 is what is left


def _latest(
    session: Session, mine: ColumnElement[bool], window: Window, unit: Unit
) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            Warning.id,
            Warning.external_id,
            Warning.grade,
            Warning.fraud_type,
            Warning.amount_fen,
            Warning.received_at,
            Unit.name,
        )
        .join(Unit, Unit.id == Warning.unit_id)
        .where(mine, COUNTED, *_today(window))
        .order_by(Warning.received_at.desc(), Warning.id.desc())
        .limit(LATEST_SHOWN)
    ).all()
    return [
        {
            "id": r.id,
            "number": r.external_id,
            "grade": r.grade.value,
            "grade_label": zh_CN.GRADES[r.grade],
            "type": zh_CN.FRAUD_TYPES[r.fraud_type],
            "amount": format_yuan(r.amount_fen) if r.amount_fen else "",
            "time": clock.local(r.received_at, "%H:%M:%S"),
            "unit": _short(r.name, unit.name),
        }
        for r in rows
    ]


# The registry's indicators the wall shows (one definition with the dashboards and reports).
PROTECTED = "warnings.protected"
STOPPED = "money.stop_paid"
STOPPED_AMOUNT = "money.stop_paid_amount"
RANKED_BY = "warnings.dissuasion_rate"
RECEIVED = "warnings.received"


def _money(session: Session, who: Principal, unit: Unit, window: Window) -> dict[str, Any]:
    """Today's money protected and stop-paid, as the KPI registry counts them, with the change
    against yesterday up to the same hour (环比, percent; None when there is nothing to compare)."""
    got = {
        f.key: f
        for f in kpi.figures(
            session,
            who,
            unit.id,
            periods.period_of("day", window.day),
            keys=[PROTECTED, STOPPED, STOPPED_AMOUNT],
            today=window.day,
        )
    }
    protected = got[PROTECTED].value or 0
    held = got[STOPPED_AMOUNT].value or 0
    return {
        "protected_fen": protected,
        "protected": wan(protected),
        "protected_mom": got[PROTECTED].mom_pct,
        "stopped_fen": held,
        "stopped": wan(held),
        "stopped_mom": got[STOPPED_AMOUNT].mom_pct,
        "stopped_accounts": got[STOPPED].value or 0,
    }


def wan(fen: int) -> dict[str, str]:
    """An amount as a wall reads it: {"value": "23.42", "unit": "万元"} from 10,000 yuan up,
    else whole yuan."""
    yuan = fen / 100
    if yuan >= 10_000:
        return {"value": f"{yuan / 10_000:,.2f}", "unit": i18n.UNITS["wan"]}
    return {"value": f"{yuan:,.0f}", "unit": i18n.UNITS["yuan"]}


def _types(session: Session, mine: ColumnElement[bool], window: Window) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Warning.fraud_type, func.count().label("n"))
        .where(
            mine,
            COUNTED,
            Warning.received_at >= window.week_start,
            Warning.received_at < window.day_end,
        )
        .group_by(Warning.fraud_type)
        .order_by(func.count().desc(), Warning.fraud_type)
        .limit(TYPES_SHOWN)
    ).all()
    return [{"type": t.value, "label": zh_CN.FRAUD_TYPES[t], "count": n} for t, n in rows]


def _ranking(session: Session, who: Principal, unit: Unit, window: Window) -> dict[str, Any]:
    """The child units by this week's dissuasion rate (the registry's ranking: ties share a
    place, units without a rate last, a small base flagged), with this week's warnings."""
    week = periods.period_of("week", window.day)
    ranked = kpi.ranking(session, who, unit.id, RANKED_BY, week)
    received = {r.unit_id: r.value for r in kpi.ranking(session, who, unit.id, RECEIVED, week)}
    rows = [
        {
            "id": r.unit_id,
            "unit": _short(r.unit_name, unit.name),
            "place": r.rank,
            "tied": r.tied,
            "small": r.small,
            "rate": None if r.value is None else r.value / 100,  # basis points → percent
            "warnings": received.get(r.unit_id) or 0,
        }
        for r in ranked
    ]
    return {"title": i18n.RANKING["dissuasion"], "rows": rows[:RANKING_SHOWN]}


def regions(session: Session, unit: Unit, now: datetime | None = None) -> dict[str, Any]:
    """The map's figures: each region below the unit with today's warnings and the running
    campaign's coverage (see screen_map)."""
    window = Window.of(now or clock.now())
    return screen_map.figures(
        session, viewer_of(session, unit), unit, window.day_start, window.day_end
    )
