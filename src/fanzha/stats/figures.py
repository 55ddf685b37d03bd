"""Leaders' figures of one unit (and everything below it) for a period, with 环比 and 同比,
rankings of its child units and trends. Everything is counted in SQL (one query per measure
and unit, each period a FILTER column); values follow fanzha.stats.registry's conventions.
Measures that add up over days read their full past days from the daily roll-up
(fanzha.stats.rollup) and count the rest live, so they equal a direct count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.clock import SHANGHAI
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import periods as P
from fanzha.stats import rollup
from fanzha.stats.periods import Period
from fanzha.stats.registry import INDICATORS, Indicator, Measure, by_key

# A rate over fewer records than this, or a per-10,000 figure of fewer residents than this, is
# flagged "样本小" in rankings: one record more or less moves it by whole points.
SMALL_BASE = 30
SMALL_POPULATION = 10_000


@dataclass(frozen=True)
class Figure:
    """One indicator for one unit and period. `value`: see the registry (records, fen or
    people, basis points for rates, tenths for means); None when it cannot be computed (a rate
    over nothing). `previous` (环比) and `year_earlier` (同比) are the same indicator over the
    comparison periods, cut to the same length when the period is still running, None when the
    system holds no data that far back. `mom_pct`/`yoy_pct`: the change in percent (one
    decimal), None when the comparison is missing or zero (shown as —, never 0)."""

    key: str
    value: int | None
    numerator: int | None  # records, or the sum (rates: the numerator's records)
    denominator: int | None  # rates: the base's records; sums and means: the records
    previous: int | None
    year_earlier: int | None
    mom_pct: float | None
    yoy_pct: float | None
    drill_url: str
    records: int  # rows in the drill-down list (rates: the base)
    numerator_url: str | None = None  # rates: the list of the numerator's records
    period: Period | None = None  # the period counted (cut at today when still running)

    @property
    def indicator(self) -> Indicator:
        return by_key(self.key)


@dataclass(frozen=True)
class RankRow:
    unit_id: int
    unit_name: str
    value: int | None  # as in Figure
    per_10k: float | None  # value per 10,000 residents (counts and sums, population set)
    rank: int | None  # equal values share a rank (1, 2, 2, 4); None when value is None
    tied: bool  # another unit has the same rank
    small: bool  # small base: a rate over < SMALL_BASE records or a population < 10,000
    population: int | None
    drill_url: str


# --- the counting core -------------------------------------------------------------------------


def _base_select(measure: Measure, *columns: Any) -> Select[Any]:
    stmt = select(*columns).select_from(measure.model)
    for target, onclause in measure.joins:
        stmt = stmt.join(target, onclause)
    return stmt.where(*measure.where)


def _unit_clauses(
    session: Session,
    principal: Principal,
    measure: Measure,
    unit: Unit,
    below: Principal | None = None,
) -> list[ColumnElement[bool]]:
    """The records of `unit` and below, within what the principal may see. At the root (the
    city) nothing is filtered: records without a unit (a gang nobody leads yet) are the city's."""
    if unit.parent_id is None and scope.at_root(principal):
        return []
    if measure.unit is None:  # a city-wide record (a citizen's tip) is the city's alone
        return [false()]
    below = below or scope.unit_scope(session, unit.id)  # the caller's, when it counts many
    clauses = [scope.scope_clause(measure.unit, below)]
    if not scope.sees_city(principal):
        clauses.append(scope.scope_clause(measure.unit, principal))
    return clauses


def _in(measure: Measure, period: Period) -> ColumnElement[bool]:
    utc_start, utc_end = P.utc_bounds(period)
    if measure.date.type.python_type is date:  # a local day already (首次入户日期)
        start, end = period.start, period.end
    else:
        start, end = utc_start, utc_end
    if measure.stock:  # standing at the period's end
        clause = measure.date < end
        if measure.until is not None:
            clause = and_(clause, or_(measure.until.is_(None), measure.until >= end))
    else:
        clause = and_(measure.date >= start, measure.date < end)
    if measure.within is not None:
        clause = and_(clause, measure.within(utc_start, utc_end))
    return clause


# A span is a period, or the local days [start, end) of it counted live (the rest comes from
# the roll-up, fanzha.stats.rollup).
Span = Period | rollup.Ranges


def _within(measure: Measure, span: Span) -> ColumnElement[bool]:
    if isinstance(span, Period):
        return _in(measure, span)
    return or_(false(), *(_in(measure, Period("custom", s, e)) for s, e in span))


def _records(measure: Measure, inside: Any = None) -> Any:
    """The records the rows stand for: one each, or their `weight` (a derived table's rows)."""
    if measure.weight is None:
        return func.count() if inside is None else func.count().filter(inside)
    summed = func.sum(measure.weight)
    return func.coalesce(summed if inside is None else summed.filter(inside), 0)


def _counting(measure: Measure, view: rollup.View) -> Measure:
    """The measure figures count: its derived table when it has one (and the view reads
    derived tables), else itself."""
    return measure.counted_by if view.derived and measure.counted_by is not None else measure


def _family(measure: Measure) -> tuple[Any, ...]:
    """Measures of one family share their table, joins, date and unit: one query counts them."""
    joins = tuple((id(t), str(on)) for t, on in measure.joins)
    shape = (measure.stock, str(measure.until), id(measure.within))
    return (measure.model, joins, str(measure.date), str(measure.unit), shape)


def _count_many(
    session: Session,
    measures: Sequence[Measure],
    clauses: Sequence[Any],
    spans: Sequence[Span],
) -> dict[int, list[tuple[int, float]]]:
    """`_count` of several measures of one family in one query (each measure's own filters
    become FILTER clauses), keyed by id(measure)."""
    first = measures[0]
    columns: list[Any] = []
    for measure in measures:
        own = and_(*measure.where) if measure.where else None
        for span in spans:
            inside = _within(first, span) if own is None else and_(_within(first, span), own)
            columns.append(_records(measure, inside))
            if measure.total is not None:
                columns.append(func.coalesce(func.sum(measure.total).filter(inside), 0))
            else:
                columns.append(_records(measure, inside))
    stmt = select(*columns).select_from(first.model)
    for target, onclause in first.joins:
        stmt = stmt.join(target, onclause)
    stmt = stmt.where(*clauses, or_(false(), *(_within(first, s) for s in spans)))
    row = session.execute(stmt).one()
    out: dict[int, list[tuple[int, float]]] = {}
    at = 0
    for measure in measures:
        out[id(measure)] = [
            (int(row[at + 2 * i]), float(row[at + 2 * i + 1])) for i in range(len(spans))
        ]
        at += 2 * len(spans)
    return out


def _tally(
    session: Session,
    principal: Principal,
    unit: Unit,
    families: Sequence[Sequence[Measure]],
    spans: Sequence[Period],
    view: rollup.View,
) -> dict[int, list[tuple[int, float]]]:
    """`_count_many` of each family, the rolled measures' full past days read from the roll-up
    (one query for all of them) and every other day (today, dirty days, days not yet rolled)
    counted live: the same figures as a direct count of the same records."""
    below = scope.unit_scope(session, unit.id)
    pieces = [view.split(span.start, span.end) for span in spans]
    live = [p[1] for p in pieces]
    counted: dict[int, list[tuple[int, float]]] = {}
    rolled_all: list[Measure] = []
    for measures in families:
        derived = [m for m in measures if _counting(m, view) is not m]
        for m in derived:  # counted alone, from its derived table
            by = _counting(m, view)
            on = _unit_clauses(session, principal, by, unit, below)
            counted[id(m)] = _count_many(session, [by], on, spans)[id(by)]
        measures = [m for m in measures if _counting(m, view) is m]
        if not measures:
            continue
        clauses = _unit_clauses(session, principal, measures[0], unit, below)
        direct = [m for m in measures if rollup.code_of(m) is None]
        if direct:
            counted.update(_count_many(session, direct, clauses, spans))
        rolled = [m for m in measures if rollup.code_of(m) is not None]
        if rolled and any(live):
            counted.update(_count_many(session, rolled, clauses, live))
        rolled_all += rolled
    if not rolled_all:
        return counted
    codes = {id(m): rollup.code_of(m) or "" for m in rolled_all}
    kept = rollup.totals(
        session,
        sorted(set(codes.values())),
        lambda column: _unit_clauses(session, principal, _on(rolled_all[0], column), unit, below),
        [p[0] for p in pieces],
    )
    for m in rolled_all:
        got = counted.get(id(m), [(0, 0.0)] * len(spans))
        counted[id(m)] = [
            (n + kept[codes[id(m)]][i][0], t + kept[codes[id(m)]][i][1])
            for i, (n, t) in enumerate(got)
        ]
    return counted


def _on(measure: Measure, column: Any) -> Measure:
    """The measure with its unit column swapped for a roll-up's (the same scope rule)."""
    return replace(measure, unit=column)


def rows_select(
    session: Session,
    principal: Principal,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    part: str = "",
) -> Select[Any]:
    """The records behind a figure (the drill-down list): the same measure, unit and period
    the figure counted, as a SELECT of the listed model (unordered)."""
    measure = indicator.listed(part)
    return _base_select(measure, measure.model).where(
        *_unit_clauses(session, principal, measure, unit), _in(measure, period)
    )


def _value(
    indicator: Indicator, got: tuple[int, float], base: tuple[int, float] | None
) -> int | None:
    records, total = got
    if indicator.kind == "count":
        return records
    if indicator.kind == "sum":
        return round(total)
    if indicator.kind == "mean":
        return round(total / records) if records else None
    assert base is not None
    return round(10000 * records / base[0]) if base[0] else None


def _pct(now: int | None, then: int | None) -> float | None:
    if now is None or then is None or then == 0:
        return None
    return round(100 * (now - then) / then, 1)


def _earliest(session: Session, measure: Measure, cache: dict[int, date | None]) -> date | None:
    """The local day of the first record of this table (by the measure's date) anywhere: a
    comparison period starting before it is missing (—), not zero."""
    key = hash((measure.model, str(measure.date)))
    if key not in cache:
        first = session.scalar(select(func.min(measure.date)).select_from(measure.model))
        if isinstance(first, datetime):
            first = first.astimezone(SHANGHAI).date()
        cache[key] = first
    return cache[key]


def _unit(session: Session, principal: Principal, unit_id: int) -> Unit:
    return scope.get_scoped(session, principal, Unit, unit_id)


def figures(
    session: Session,
    principal: Principal,
    unit_id: int,
    period: Period,
    keys: Sequence[str] | None = None,
    today: date | None = None,
) -> list[Figure]:
    """The figures of `unit_id` and its units below, for `period` with 环比 and 同比, in
    catalogue order (or the order of `keys`). The unit must be in the principal's scope
    (NotFound otherwise, audited). A period still running on `today` is cut at today, and the
    comparison periods to the same number of days."""
    unit = _unit(session, principal, unit_id)
    chosen = [by_key(k) for k in keys] if keys is not None else list(INDICATORS)
    today = today or P.local_today()
    cut, prev, year = P.comparisons(period, today)
    spans = (cut, prev, year)
    cache: dict[int, date | None] = {}
    counted: dict[int, list[tuple[int, float]]] = {}
    families: dict[tuple[Any, ...], list[Measure]] = {}
    for indicator in chosen:
        for measure in (indicator.measure, indicator.base):
            if measure is None:
                continue
            members = families.setdefault(_family(measure), [])
            if all(m is not measure for m in members):
                members.append(measure)
    counted.update(
        _tally(session, principal, unit, list(families.values()), spans, rollup.view(session))
    )

    def count(measure: Measure) -> list[tuple[int, float]]:
        return counted[id(measure)]

    out = []
    for indicator in chosen:
        got = count(indicator.measure)
        base = count(indicator.base) if indicator.base is not None else None
        values = [_value(indicator, got[i], base[i] if base else None) for i in range(len(spans))]
        first = _earliest(session, indicator.base or indicator.measure, cache)
        for i in (1, 2):
            if first is None or spans[i].start < first:
                values[i] = None
        if cut.start > today:
            values[0] = None  # not begun: "—", not a 0 that reads as a collapse of -100%
        records = base[0][0] if base else got[0][0]
        out.append(
            Figure(
                key=indicator.key,
                value=values[0],
                numerator=got[0][0] if indicator.kind in ("count", "rate") else round(got[0][1]),
                denominator=base[0][0] if base else got[0][0],
                previous=values[1],
                year_earlier=values[2],
                mom_pct=_pct(values[0], values[1]),
                yoy_pct=_pct(values[0], values[2]),
                drill_url=indicator.drill(unit.id, cut),
                records=records,
                numerator_url=indicator.drill(unit.id, cut, "measure") if base else None,
                period=cut,
            )
        )
    return out


def _grouped(
    session: Session, principal: Principal, measure: Measure, parent: Unit, period: Period
) -> dict[int, tuple[int, float]]:
    """(records, total) per unit id of the records under `parent` in `period` (rolled measures:
    the roll-up's full past days plus the rest counted live, as in `_tally`)."""
    if measure.unit is None:
        return {}
    view = rollup.view(session)
    measure = _counting(measure, view)
    code = rollup.code_of(measure)
    span: Span = period
    out: dict[int, tuple[int, float]] = {}
    if code is not None:
        kept, span = view.split(period.start, period.end)

        def where(column: Any) -> list[ColumnElement[bool]]:
            return _unit_clauses(session, principal, _on(measure, column), parent)

        for uid, (n, t) in rollup.per_unit(session, code, where, kept).items():
            if uid is not None:
                out[uid] = (n, float(t))
        if not span:
            return out
    total = (
        func.coalesce(func.sum(measure.total), 0)
        if measure.total is not None
        else _records(measure)
    )
    stmt = (
        _base_select(measure, measure.unit, _records(measure), total)
        .where(*_unit_clauses(session, principal, measure, parent), _within(measure, span))
        .group_by(measure.unit)
    )
    for uid, n, t in session.execute(stmt):
        if uid is not None:
            old = out.get(uid, (0, 0.0))
            out[uid] = (old[0] + int(n), old[1] + float(t))
    return out


def _roll_up(
    per_unit: dict[int, tuple[int, float]], owner: dict[int, int]
) -> dict[int, tuple[int, float]]:
    out: dict[int, tuple[int, float]] = {}
    for uid, (n, t) in per_unit.items():
        child = owner.get(uid)
        if child is not None:
            old = out.get(child, (0, 0.0))
            out[child] = (old[0] + n, old[1] + t)
    return out


def ranking(
    session: Session, principal: Principal, parent_unit_id: int, key: str, period: Period
) -> list[RankRow]:
    """The child units of `parent_unit_id` ranked by `key` in `period`, best first (by the
    indicator's direction; per 10,000 residents for counts and sums when every child has a
    population). Equal values share a rank and are marked tied; units without a value last."""
    indicator = by_key(key)
    parent = _unit(session, principal, parent_unit_id)
    children = list(
        session.scalars(
            scope.scoped_select(Unit, principal)
            .where(Unit.parent_id == parent.id)
            .order_by(Unit.code)
        )
    )
    if not children:
        return []
    paths = session.execute(
        select(Unit.id, Unit.path).where(Unit.path.like(parent.path + "%"))
    ).all()
    owner: dict[int, int] = {}
    for uid, path in paths:
        for child in children:
            if path.startswith(child.path):
                owner[uid] = child.id
    got = _roll_up(_grouped(session, principal, indicator.measure, parent, period), owner)
    base = (
        _roll_up(_grouped(session, principal, indicator.base, parent, period), owner)
        if indicator.base is not None
        else None
    )
    per_capita = indicator.per_capita and all(c.population for c in children)
    rows = []
    for child in children:
        mine = got.get(child.id, (0, 0.0))
        theirs = base.get(child.id, (0, 0.0)) if base is not None else None
        value = _value(indicator, mine, theirs)
        per_10k = (
            round(value * 10000 / child.population, 2)
            if per_capita and value is not None and child.population
            else None
        )
        small = (theirs is not None and theirs[0] < SMALL_BASE) or (
            per_capita and (child.population or 0) < SMALL_POPULATION
        )
        rows.append((child, value, per_10k, small))
    return _ranked(indicator, rows, period)


def _ranked(
    indicator: Indicator, rows: list[tuple[Any, Any, Any, bool]], period: Period
) -> list[RankRow]:
    def score(row: tuple[Any, Any, Any, bool]) -> float | None:
        value = row[2] if row[2] is not None else row[1]
        return None if value is None else value * indicator.direction

    scored = sorted(rows, key=lambda r: (score(r) is None, -(score(r) or 0), r[0].code))
    out: list[RankRow] = []
    counts: dict[float | None, int] = {}
    for row in scored:
        counts[score(row)] = counts.get(score(row), 0) + 1
    rank = 0
    last: object = object()
    for position, row in enumerate(scored, start=1):
        s = score(row)
        if s != last:
            rank, last = position, s
        child, value, per_10k, small = row
        out.append(
            RankRow(
                unit_id=child.id,
                unit_name=child.name,
                value=value,
                per_10k=per_10k,
                rank=rank if s is not None else None,
                tied=s is not None and counts[s] > 1,
                small=small,
                population=child.population,
                drill_url=indicator.drill(child.id, period),
            )
        )
    return out


def trend(
    session: Session,
    principal: Principal,
    unit_id: int,
    key: str,
    kind: str,
    count: int,
    today: date | None = None,
) -> list[tuple[Period, int | None]]:
    """The last `count` periods of `kind` up to the one holding today, oldest first, each with
    the indicator's value (the running one as far as it has run; None for a period that ended
    before the first record of the indicator's table)."""
    indicator = by_key(key)
    unit = _unit(session, principal, unit_id)
    today = today or P.local_today()
    spans = [P.period_of(kind, today)]
    while len(spans) < count:
        spans.append(P.previous(spans[-1]))
    spans.reverse()
    parts = [indicator.measure] if indicator.base is None else [indicator.measure, indicator.base]
    counted = _tally(session, principal, unit, [[m] for m in parts], spans, rollup.view(session))
    got = counted[id(indicator.measure)]
    base = counted[id(indicator.base)] if indicator.base is not None else None
    # Before the table's first record nothing was recorded yet: missing (a gap), not zero.
    first = _earliest(session, indicator.base or indicator.measure, {})
    return [
        (span, _value(indicator, got[i], base[i] if base else None))
        if first is not None and span.end > first
        else (span, None)
        for i, span in enumerate(spans)
    ]
