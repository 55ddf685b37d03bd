"""The command big screen (指挥大屏): one snapshot of a unit's day for the duty room's wall.

Everything is read for the unit's subtree (through the scope layer: a 分局's screen shows its
stations only), "today" and "this week" are Asia/Shanghai days (the week starts on Monday).
The browser fetches the snapshot when it opens, when the live stream says a warning arrived
or changed (at most once every few seconds), when the stream reconnects and once a minute.

Definitions:
- today's warnings: received today, duplicates (重复预警) left out, by grade and by hour;
- open urgent warnings: 紧急, not closed; their next clock (sign, first contact, face to face)
  and the clock that has run out, if any;
- money protected today: `protected_fen` of the warnings fed back today (closed today);
- stop-paid today: stop-payments requested today, accounts and the money banks said they held;
- top fraud types: this week's warnings by type;
- units' ranking: the child units by this week's dissuasion rate (已劝阻 / warnings fed back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.cases.models import StopPayment
from fanzha.i18n import screen as i18n
from fanzha.i18n import zh_CN
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import screen_map
from fanzha.warnings.board import late_clock, overdue_clause
from fanzha.warnings.models import Grade, Outcome, Warning, WarningStatus

URGENT_SHOWN = 6
LATEST_SHOWN = 6
TYPES_SHOWN = 6
RANKING_SHOWN = 8
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
        "urgent": _urgent(session, mine, now),
        "latest": _latest(session, mine, window, unit),
        "money": _money(session, who, mine, window),
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


def _urgent(session: Session, mine: ColumnElement[bool], now: datetime) -> dict[str, Any]:
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
                "unit": unit_name,
                "type": zh_CN.FRAUD_TYPES[w.fraud_type],
                "amount": format_yuan(w.amount_fen) if w.amount_fen else "",
                "status": zh_CN.WARNING_STATUSES[w.status],
                "received": clock.local(w.received_at, "%H:%M"),
                "received_at": w.received_at.isoformat(),
                "due_at": due.isoformat() if due else None,
                "clock": i18n.CLOCKS[which] if which else "",
                "late": late or "",
            }
        )
    return {"total": total, "rows": shown}


def _next_clock(w: Warning) -> tuple[datetime | None, str | None]:
    if w.signed_at is None:
        return w.sign_due_at, "sign"
    if w.first_contact_at is None:
        return w.contact_due_at, "contact"
    if w.face_due_at is not None and w.face_to_face_at is None:
        return w.face_due_at, "face"
    return None, None


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


def _money(
    session: Session, who: Principal, mine: ColumnElement[bool], window: Window
) -> dict[str, Any]:
    protected = (
        session.scalar(
            select(func.coalesce(func.sum(Warning.protected_fen), 0)).where(
                mine,
                Warning.status == WarningStatus.closed,
                Warning.closed_at >= window.day_start,
                Warning.closed_at < window.day_end,
            )
        )
        or 0
    )
    accounts, held = session.execute(
        select(func.count(), func.coalesce(func.sum(StopPayment.held_fen), 0)).where(
            scope.owner_clause(StopPayment, who),
            StopPayment.requested_at >= window.day_start,
            StopPayment.requested_at < window.day_end,
        )
    ).one()
    return {
        "protected_fen": int(protected),
        "protected": wan(int(protected)),
        "stopped_fen": int(held),
        "stopped": wan(int(held)),
        "stopped_accounts": accounts,
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
    """The child units by this week's dissuasion rate; a unit with nothing fed back has no
    rate and ranks last. Ties share a place (1, 2, 2, 4)."""
    children = session.execute(
        select(Unit.id, Unit.name, Unit.path)
        .where(Unit.parent_id == unit.id, scope.owner_clause(Unit, who))
        .order_by(Unit.code)
    ).all()
    counts = session.execute(
        select(
            Unit.path,
            func.count(),
            func.count().filter(Warning.status == WarningStatus.closed),
            func.count().filter(Warning.outcome == Outcome.dissuaded),
        )
        .join(Unit, Unit.id == Warning.unit_id)
        .where(
            scope.scope_clause(Warning.unit_id, who),
            COUNTED,
            Warning.received_at >= window.week_start,
            Warning.received_at < window.day_end,
        )
        .group_by(Unit.path)
    ).all()
    rows = {
        c.id: {
            "id": c.id,
            "unit": _short(c.name, unit.name),
            "warnings": 0,
            "closed": 0,
            "dissuaded": 0,
        }
        for c in children
    }
    for path, n, closed, dissuaded in counts:
        child = next((c for c in children if path.startswith(c.path)), None)
        if child is not None:
            row = rows[child.id]
            row["warnings"] += n
            row["closed"] += closed
            row["dissuaded"] += dissuaded
    ranked = list(rows.values())
    for row in ranked:
        row["rate"] = round(100 * row["dissuaded"] / row["closed"], 1) if row["closed"] else None
    ranked.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), -r["warnings"], r["unit"]))
    place = 0
    for i, row in enumerate(ranked):
        if i == 0 or row["rate"] != ranked[i - 1]["rate"]:
            place = i + 1
        row["place"] = place
    return {"title": i18n.RANKING["dissuasion"], "rows": ranked[:RANKING_SHOWN]}


def regions(session: Session, unit: Unit, now: datetime | None = None) -> dict[str, Any]:
    """The map's figures: each region below the unit with today's warnings and the running
    campaign's coverage (see screen_map)."""
    window = Window.of(now or clock.now())
    return screen_map.figures(
        session, viewer_of(session, unit), unit, window.day_start, window.day_end
    )
