"""The daily roll-up of the leaders' figures: per local day, unit and measure, the records and
their summed column (`kpi_daily`), so a quarter with its 环比 and 同比 reads a few thousand
rows instead of counting a million warnings.

Which measures are rolled (`code_of`): those that add up over days and units — the measures
of "count" and "sum" indicators, and both parts of a "rate" (numerator and base are counts;
the rate is computed from the summed parts). Stay on the direct path: "mean" indicators (days
to return, days to pay: a mean of fractional days is not a sum of integers), stock measures
(入户覆盖率: households standing at the period's end, visited within it — not additive over
days), measures reached through joins (the money loop, arrests, trained people, households,
知晓率: their unit or filter lives in another table whose changes the triggers do not follow)
and city-wide records without a unit column (tips). Households reached is counted live from the
per-grid day rows the visit sync keeps (`Measure.counted_by`), not from the household states.

Whole calendar months are read from `kpi_monthly` (the day rows summed per month by the same
refresh) and only the days left over from `kpi_daily`: a month wholly inside the rolled, clean
days of a period was recounted from its day rows by the refresh that last rolled any of them.

Freshness without a lag: every write to a source table marks the local days of the row's dated
columns dirty (`kpi_dirty`, by triggers of migration 0042, in the writer's own transaction).
A figure reads the roll-up only for days before `through` (rolled at least once) that carry
no dirty mark, and counts every other day live (today, late data, a day not yet rolled), so it
equals a recount of the committed data. `refresh` (a periodic job, fanzha.stats.report_jobs)
rolls the dirty days and the days since `through` and clears the marks it saw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    DateTime,
    and_,
    any_,
    bindparam,
    cast,
    delete,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.stats.indicator import Indicator, Measure
from fanzha.stats.rollup_models import KpiDaily, KpiDirty, KpiMonthly, KpiRollupState

# The source tables and dated columns the triggers of migration 0042 watch. A measure is rolled
# only when its table and date column are here (a test checks this against the database).
TRIGGERED: dict[str, tuple[str, ...]] = {
    "warnings": ("received_at", "closed_at"),
    "cases": ("reported_at", "closed_at"),
    "gangs": ("confirmed_at",),
    "block_requests": ("done_at",),
    "leads": ("sent_at",),
    "outreach_events": ("starts_at",),
    "reward_applications": ("paid_at",),
}
LOCK = 0x6B7069  # pg_advisory_xact_lock key: one refresh at a time ("kpi")
TZ = "Asia/Shanghai"

Ranges = tuple[tuple[date, date], ...]  # local days [start, end), disjoint, in order


def _shape_rolls(measure: Measure) -> bool:
    table = measure.model.__tablename__
    date_name = getattr(measure.date, "key", None)
    total_int = measure.total is None or measure.total.type.python_type is int
    return (
        not measure.joins
        and not measure.stock
        and measure.within is None
        and measure.unit is not None
        and total_int
        and table in TRIGGERED
        and date_name in TRIGGERED[table]
    )


@cache
def rolled(indicators: tuple[Indicator, ...]) -> dict[int, tuple[str, Measure]]:
    """id(measure) -> (code, measure) of every rolled measure of the catalogue; the code is the
    first indicator's key that counts it (".base" when as a rate's base)."""
    out: dict[int, tuple[str, Measure]] = {}
    means = {id(i.measure) for i in indicators if i.kind == "mean"}
    for indicator in indicators:
        if indicator.kind == "mean":
            continue
        for suffix, measure in (("", indicator.measure), (".base", indicator.base)):
            if measure is None or id(measure) in out or id(measure) in means:
                continue
            if _shape_rolls(measure):
                out[id(measure)] = (indicator.key + suffix, measure)
    return out


def _catalogue() -> tuple[Indicator, ...]:
    from fanzha.stats.registry import INDICATORS  # the registry is built from the catalogue

    return INDICATORS


def code_of(measure: Measure) -> str | None:
    """The roll-up's code for `measure`, None when it stays on the direct path."""
    found = rolled(_catalogue()).get(id(measure))
    return found[0] if found else None


def _sql(measure: Measure) -> str:
    parts = [measure.model.__tablename__, str(measure.date), str(measure.unit)]
    for clause in (*measure.where, measure.total):
        if clause is None:
            continue
        try:
            parts.append(
                str(
                    clause.compile(
                        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
                    )
                )
            )
        except Exception:  # a value without a literal form: its shape still counts
            parts.append(str(clause))
    return "|".join(parts)


@cache
def fingerprint() -> str:
    """A hash of every rolled measure's definition: a changed catalogue rolls again from
    scratch instead of reading rows counted by an older definition."""
    found = sorted((code, _sql(m)) for code, m in rolled(_catalogue()).values())
    return hashlib.sha256(repr(found).encode()).hexdigest()


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """What the roll-up holds: days before `through` are rolled, except the `dirty` ones.
    `derived`: measures with a derived table kept by their own domain (`Measure.counted_by`)
    are counted from it; False counts every figure from the records themselves."""

    through: date | None
    dirty: frozenset[date]
    derived: bool = True

    def split(self, start: date, end: date) -> tuple[Ranges, Ranges]:
        """(days read from the roll-up, days counted live) of [start, end)."""
        if self.through is None or self.through <= start:
            return (), ((start, end),)
        rolled_end = min(end, self.through)
        rolled_days: list[tuple[date, date]] = []
        live: list[tuple[date, date]] = []
        at = start
        for day in sorted(d for d in self.dirty if start <= d < rolled_end):
            if at < day:
                rolled_days.append((at, day))
            live.append((day, day + timedelta(days=1)))
            at = day + timedelta(days=1)
        if at < rolled_end:
            rolled_days.append((at, rolled_end))
        if rolled_end < end:
            live.append((rolled_end, end))
        return tuple(rolled_days), _merge(live)


def _merge(ranges: Sequence[tuple[date, date]]) -> Ranges:
    out: list[tuple[date, date]] = []
    for start, end in sorted(ranges):
        if out and out[-1][1] >= start:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def view(session: Session) -> View:
    """The roll-up's state as this transaction sees it (nothing rolled when the catalogue
    changed since the last refresh)."""
    row = session.execute(select(KpiRollupState.through, KpiRollupState.catalog)).first()
    if row is None or row.through is None or row.catalog != fingerprint():
        return View(None, frozenset())
    dirty = session.scalars(select(KpiDirty.day).where(KpiDirty.day < row.through).distinct())
    return View(row.through, frozenset(dirty))


def _days_in(column: Any, ranges: Ranges) -> ColumnElement[bool]:
    return or_(false(), *(and_(column >= s, column < e) for s, e in ranges))


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def months_of(ranges: Ranges) -> tuple[tuple[date, ...], Ranges]:
    """`ranges` split into the calendar months lying wholly inside (their first days), read
    from `kpi_monthly`, and the days left over, read from `kpi_daily`."""
    months: list[date] = []
    days: list[tuple[date, date]] = []
    for start, end in ranges:
        month = start if start.day == 1 else _next_month(start)
        if _next_month(month) > end:
            days.append((start, end))
            continue
        if start < month:
            days.append((start, month))
        while _next_month(month) <= end:
            months.append(month)
            month = _next_month(month)
        if month < end:
            days.append((month, end))
    return tuple(months), tuple(days)


UnitFilter = Callable[[Any], Sequence[Any]]  # the roll-up's unit column -> the unit clauses


def _grains(spans: Sequence[Ranges]) -> list[tuple[Any, list[ColumnElement[bool]]]]:
    """(table, per-span clause) of each grain the spans read: none for no days at all."""
    split = [months_of(ranges) for ranges in spans]
    out: list[tuple[Any, list[ColumnElement[bool]]]] = []
    if any(days for _, days in split):
        out.append((KpiDaily, [_days_in(KpiDaily.day, d) for _, d in split]))
    if any(months for months, _ in split):
        out.append((KpiMonthly, [KpiMonthly.month.in_(m) if m else false() for m, _ in split]))
    return out


def totals(
    session: Session, codes: Sequence[str], where: UnitFilter, spans: Sequence[Ranges]
) -> dict[str, list[tuple[int, int]]]:
    """(records, total) per code in each span's rolled days, a query per grain (whole months,
    other days). `where(column)` filters the roll-up's unit column as the direct count filters
    the measure's."""
    out = {code: [(0, 0)] * len(spans) for code in codes}
    for table, insides in _grains(spans):
        columns: list[Any] = []
        for inside in insides:
            columns.append(func.coalesce(func.sum(table.records).filter(inside), 0))
            columns.append(func.coalesce(func.sum(table.total).filter(inside), 0))
        stmt = (
            select(table.code, *columns)
            .where(table.code.in_(codes), or_(false(), *insides), *where(table.unit_id))
            .group_by(table.code)
        )
        for code, *values in session.execute(stmt):
            out[code] = [
                (n + int(values[2 * i]), t + int(values[2 * i + 1]))
                for i, (n, t) in enumerate(out[code])
            ]
    return out


def per_unit(
    session: Session, code: str, where: UnitFilter, ranges: Ranges
) -> dict[int | None, tuple[int, int]]:
    """(records, total) per unit id of one code over the rolled days `ranges`."""
    out: dict[int | None, tuple[int, int]] = {}
    for table, (inside,) in _grains([ranges]):
        stmt = (
            select(table.unit_id, func.sum(table.records), func.sum(table.total))
            .where(table.code == code, inside, *where(table.unit_id))
            .group_by(table.unit_id)
        )
        for uid, n, t in session.execute(stmt):
            old = out.get(uid, (0, 0))
            out[uid] = (old[0] + int(n), old[1] + int(t))
    return out


# --- keeping it -----------------------------------------------------------------------------


def _local_day(column: Any) -> Any:
    if column.type.python_type is date:
        return column
    return cast(func.timezone(TZ, column), Date)


def _instants(column: Any, ranges: Ranges) -> ColumnElement[bool]:
    if column.type.python_type is date:
        return _days_in(column, ranges)
    return or_(
        false(),
        *(and_(column >= clock.day_start(s), column < clock.day_start(e)) for s, e in ranges),
    )


def _families() -> list[list[tuple[str, Measure]]]:
    families: dict[tuple[Any, ...], list[tuple[str, Measure]]] = {}
    for code, measure in rolled(_catalogue()).values():
        key = (measure.model, str(measure.date), str(measure.unit))
        families.setdefault(key, []).append((code, measure))
    return list(families.values())


def _roll(session: Session, family: list[tuple[str, Measure]], ranges: Ranges) -> None:
    """Insert the rows of one family's measures over `ranges`, one pass over the source."""
    first = family[0][1]
    day = _local_day(first.date).label("day")
    columns: list[Any] = [day, first.unit.label("unit_id")]
    for n, (_code, measure) in enumerate(family):
        own = and_(true(), *measure.where)
        columns.append(func.count().filter(own).label(f"r{n}"))
        total = (
            func.coalesce(func.sum(measure.total).filter(own), 0)
            if measure.total is not None
            else func.count().filter(own)
        )
        columns.append(total.label(f"t{n}"))
    grouped = (
        select(*columns)
        .select_from(first.model)
        .where(_instants(first.date, ranges))
        .group_by(day, first.unit)
        .cte("grouped")
    )
    parts = [
        select(
            literal(code).label("code"),
            grouped.c.day,
            grouped.c.unit_id,
            grouped.c[f"r{n}"],
            grouped.c[f"t{n}"],
        ).where(grouped.c[f"r{n}"] > 0)
        for n, (code, _m) in enumerate(family)
    ]
    session.execute(
        insert(KpiDaily).from_select(
            ["code", "day", "unit_id", "records", "total"], union_all(*parts)
        )
    )


def _roll_months(session: Session, ranges: Ranges) -> None:
    """Recount from the day rows every month the rolled `ranges` touch."""
    months = _merge([(s.replace(day=1), _next_month(e - timedelta(days=1))) for s, e in ranges])
    session.execute(delete(KpiMonthly).where(_days_in(KpiMonthly.month, months)))
    month = cast(func.date_trunc("month", cast(KpiDaily.day, DateTime())), Date).label("month")
    session.execute(
        insert(KpiMonthly).from_select(
            ["code", "month", "unit_id", "records", "total"],
            select(
                KpiDaily.code,
                month,
                KpiDaily.unit_id,
                func.sum(KpiDaily.records),
                func.sum(KpiDaily.total),
            )
            .where(_days_in(KpiDaily.day, months))
            .group_by(KpiDaily.code, month, KpiDaily.unit_id),
        )
    )


def _first_day(session: Session) -> date | None:
    found: list[date] = []
    for family in _families():
        measure = family[0][1]
        first = session.scalar(select(func.min(_local_day(measure.date))))
        if first is not None:
            found.append(first)
    return min(found, default=None)


def refresh(session: Session, today: date | None = None) -> int:
    """Roll the dirty days before `today` and the days since the last refresh; returns the
    days rolled. Idempotent; one at a time (an advisory lock); the caller commits."""
    today = today or clock.now().astimezone(clock.SHANGHAI).date()
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK})
    state = session.get(KpiRollupState, 1, with_for_update=True)
    if state is None:
        state = KpiRollupState(id=1, through=None, catalog=fingerprint())
        session.add(state)
    if state.catalog != fingerprint():
        session.execute(delete(KpiDaily))
        session.execute(delete(KpiMonthly))
        state.through, state.catalog = None, fingerprint()
    # The marks seen now; a mark committed later stays for the next run (its day reads live).
    marks = session.execute(select(KpiDirty.id, KpiDirty.day).where(KpiDirty.day < today)).all()
    start = state.through if state.through is not None else _first_day(session)
    days: list[tuple[date, date]] = [
        (d, d + timedelta(days=1)) for _, d in marks if start is None or d < start
    ]
    if start is not None and start < today:
        days.append((start, today))
    ranges = _merge(days)
    if ranges:
        session.execute(delete(KpiDaily).where(_days_in(KpiDaily.day, ranges)))
        for family in _families():
            _roll(session, family, ranges)
        _roll_months(session, ranges)
    if marks:
        # One array parameter: `in_` binds one parameter an id, and a year of demo data left
        # 256,000 marks, past the 65,535 a statement may carry (the job failed every run).
        ids = bindparam("ids", [i for i, _ in marks], type_=postgresql.ARRAY(BigInteger()))
        session.execute(delete(KpiDirty).where(KpiDirty.id == any_(ids)))
    if state.through is None or state.through < today:
        state.through = today
    state.refreshed_at = clock.now()
    session.flush()
    return sum((e - s).days for s, e in ranges)
