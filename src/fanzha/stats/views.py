"""Pages of leaders' figures (数据): the dashboard of a unit, the definitions (口径), and the
records behind any figure (the drill-down list)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, inspect, literal, select

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.errors import NotFound
from fanzha.fields import posted_id
from fanzha.i18n import stats as i18n
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats.registry import INDICATORS, by_key, grouped
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.templating import render

router = APIRouter(prefix="/stats")

Reader = Annotated[Principal, Depends(require(Permission.stats_read))]
DEFAULT_KEY = "warnings.received"
TREND_POINTS = 12


@dataclass(frozen=True)
class Shortcut:
    label: str
    kind: str
    anchor: date


def _shortcuts(today: date) -> list[Shortcut]:
    month = P.period_of("month", today)
    quarter = P.period_of("quarter", today)
    return [
        Shortcut(i18n.SHORTCUTS["this_month"], "month", today),
        Shortcut(i18n.SHORTCUTS["last_month"], "month", P.previous(month).start),
        Shortcut(i18n.SHORTCUTS["this_quarter"], "quarter", today),
        Shortcut(i18n.SHORTCUTS["last_quarter"], "quarter", P.previous(quarter).start),
        Shortcut(i18n.SHORTCUTS["this_year"], "year", today),
    ]


def _unit_choice(
    session: DbSession, actor: Principal, asked: str | None
) -> tuple[Unit, list[Unit]]:
    """The unit shown (the asked one when in scope, else the actor's own) and the choices:
    the actor's own unit and its children, plus the asked one."""
    own = scope.own_unit(session, actor)
    if own is None:
        own = session.scalars(
            scope.scoped_select(Unit, actor).where(Unit.parent_id.is_(None))
        ).first()
    assert own is not None
    chosen = own
    if asked and asked.isascii() and asked.isdigit():
        unit_id = posted_id(asked)
        if unit_id is None:  # digits no unit can have (past `integer`): not found, not a 500
            raise NotFound()
        chosen = scope.get_scoped(session, actor, Unit, unit_id)
    children = list(
        session.scalars(
            scope.scoped_select(Unit, actor).where(Unit.parent_id == own.id).order_by(Unit.code)
        )
    )
    choices = [own, *children]
    if chosen not in choices:
        choices.append(chosen)
    return chosen, choices


def _arrow(indicator: Any, pct: float | None) -> str:
    """'good', 'bad' or '' for a change, by the indicator's direction."""
    if pct is None or pct == 0:
        return ""
    return "good" if (pct > 0) == (indicator.direction > 0) else "bad"


@router.get("")
def dashboard(request: Request, session: DbSession, actor: Reader) -> Response:
    """The figures of a unit for a period (`kind` + `anchor`, or `kind=custom` with `from`
    and `to`), with 环比/同比, a trend and the ranking of its child units for `key`."""
    args = request.query_params
    unit, choices = _unit_choice(session, actor, args.get("unit"))
    kind = args.get("kind") or "month"
    period, understood = P.parse_checked(kind, args.get("anchor"), args.get("from"), args.get("to"))
    key = args.get("key") or DEFAULT_KEY
    try:
        chosen = by_key(key)
    except KeyError:
        chosen = by_key(DEFAULT_KEY)
    today = P.local_today()
    got = {f.key: f for f in F.figures(session, actor, unit.id, period, today=today)}
    trend_kind = period.kind if period.kind != "custom" else "month"
    points = F.trend(session, actor, unit.id, chosen.key, trend_kind, TREND_POINTS, today=today)
    ranks = F.ranking(session, actor, unit.id, chosen.key, got[chosen.key].period or period)
    cut = got[chosen.key].period or period
    festival = P.spring_festival_shift(period)
    return render(
        request,
        "stats/dashboard.html",
        actor,
        unit=unit,
        choices=choices,
        period=period,
        cut=cut,
        partial=cut != period,
        groups=[(g, [(i, got[i.key]) for i in items]) for g, items in grouped()],
        chosen=chosen,
        arrow=_arrow,
        ranks=ranks,
        shortcuts=_shortcuts(today),
        festival=festival,
        understood=understood,
        trend_json=json.dumps(
            {
                "labels": [_label(p) for p, _ in points],
                "values": [_chart_value(chosen, v) for _, v in points],
                "name": chosen.name,
            },
            ensure_ascii=False,
        ),
        t=i18n,
    )


def _label(p: P.Period) -> str:
    if p.kind == "month":
        return p.start.strftime("%Y-%m")
    if p.kind == "year":
        return str(p.start.year)
    if p.kind == "quarter":
        return f"{p.start.year}Q{(p.start.month - 1) // 3 + 1}"
    return p.start.isoformat()


def _chart_value(indicator: Any, value: int | None) -> float | None:
    """The value in the unit a leader reads (yuan, percent, days) for the chart."""
    if value is None:
        return None
    if indicator.kind == "rate" or indicator.unit_label == i18n.UNIT_LABELS["yuan"]:
        return value / 100
    if indicator.kind == "mean":
        return value / 10
    return value


@router.get("/definitions")
def definitions(request: Request, actor: Reader) -> Response:
    """Every indicator's 口径, version and the date it took effect."""
    return render(
        request, "stats/definitions.html", actor, groups=grouped(), t=i18n, count=len(INDICATORS)
    )


class _Attrs(dict):
    """`str.format_map` over a record's attributes (a drill-down row's link)."""

    def __init__(self, record: Any) -> None:
        super().__init__()
        self.record = record

    def __missing__(self, key: str) -> Any:
        return getattr(self.record, key)


@router.get("/records/{key}")
def records(request: Request, session: DbSession, actor: Reader, key: str) -> Response:
    """The records behind one figure: `unit` (and below) in days `from`..`to`; a rate lists
    its base unless `part=measure`. The same query the figure counted, paged."""
    try:
        indicator = by_key(key)
    except KeyError:
        raise NotFound() from None
    view = lists.list_view(request, ("unit", "part"))
    unit, _ = _unit_choice(session, actor, view.query.get("unit"))
    today = P.local_today()
    first = view.query.since or P.period_of("month", today).start
    last = view.query.until or today
    period = P.custom(min(first, last), max(first, last))
    # The filter shows the days listed, also when they were defaulted or given reversed.
    view = replace(view, query=replace(view.query, since=period.start, until=period.last_day))
    part = "measure" if view.query.get("part") == "measure" else ""
    measure = indicator.listed(part)
    stmt = F.rows_select(session, actor, indicator, unit, period, part)
    total = measure.total if measure.total is not None else None
    stmt = stmt.add_columns(
        measure.unit if measure.unit is not None else literal(None),
        measure.date,
        *([total] if total is not None else []),
        *([measure.caption] if measure.caption is not None else []),
    )
    page = listing.paginate(
        session,
        stmt,
        view.query,
        {"date": [measure.date]},
        (measure.date.desc(), *(c.desc() for c in inspect(measure.model).primary_key)),
        scalars=False,
    )
    # A summed figure (losses, audiences) is checked against its list by this line, not by
    # the number of rows.
    summed = None
    if indicator.kind == "sum" and not part and total is not None:
        listed = stmt.order_by(None).subquery()
        summed = indicator.display(
            int(session.scalar(select(func.coalesce(func.sum(list(listed.c)[-1]), 0))) or 0)
        )
    names = dict(
        session.execute(select(Unit.id, Unit.name).where(scope.owner_clause(Unit, actor))).all()
    )
    may_open = actor.can(Permission(measure.permission))
    rows = [
        {
            "number": getattr(row[0], measure.label),
            "at": clock.local(row[2]) if isinstance(row[2], datetime) else str(row[2]),
            "unit": names.get(row[1], ""),
            "amount": _amount(indicator, row[3]) if total is not None else "",
            "href": measure.link.format_map(_Attrs(row[0])) if may_open else "",
            "caption": row[-1] if measure.caption is not None else "",
        }
        for row in page.rows
    ]
    return render(
        request,
        "stats/records.html",
        actor,
        indicator=indicator,
        part=part,
        unit=unit,
        period=period,
        lv=view,
        pg=page,
        rows=rows,
        summed=summed,
        back=f"/stats?unit={unit.id}&kind=custom&from={period.start}&to={period.last_day}",
        t=i18n,
    )


def _amount(indicator: Any, value: Any) -> str:
    if value is None:
        return ""
    if indicator.unit_label == i18n.UNIT_LABELS["yuan"]:
        return f"{int(value) / 100:,.2f}"
    if indicator.kind == "mean":
        return f"{float(value) / 10:.1f}"
    return f"{int(value):,}"
