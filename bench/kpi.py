"""Leaders' figures on the demo city:

- kpi.dashboard_p95_ms: everything the city dashboard counts for one request (every indicator
  with its 环比 and 同比, the trend of one indicator over 12 months and the ranking of the
  分局), for the city leader, in-process, p95 over ROUNDS, this month and last quarter in turn.

The data is the demo's own: `DAYS` days of warnings at `PER_DAY` a day through the demo
builder (FANZHA_BENCH_KPI_DAYS / FANZHA_BENCH_KPI_PER_DAY), the cases they lead to and the
money loop. The bench checks the city's warnings received against a direct count first.

Before timing, the daily roll-up is refreshed once (what the periodic job `refresh_kpi_daily`
does after a day ends; here a backfill of every day), timed as kpi.rollup_refresh_seconds;
the dashboard then reads full past days from it and counts today live. The same dashboard
is then timed with the roll-up and the derived tables switched off
(kpi.dashboard_direct_p95_ms, every day counted from the records, as before the roll-up) and
its figures checked equal.

FANZHA_BENCH_KPI_SCALE=3y seeds the issue's scale instead (three years: ≈1M warnings, their
cases and money loop, ≈3M outreach visits) with the set-based copier of bench/kpi_scale.py
(minutes, not hours; "smoke" is a small run of the same machinery), records how long that took
as kpi.scale_seed_seconds, and prints the ten slowest indicators of the city dashboard.
"""

from __future__ import annotations

import os
import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench import kpi_scale
from bench.cases import _ensure_city
from bench.figures import Figure
from bench.intake import _percentile
from fanzha import migrate
from fanzha.auth.models import User
from fanzha.auth.service import user_principal
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import cases, money
from fanzha.demo import warnings as demo_warnings
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from fanzha.stats import rollup
from fanzha.warnings.models import Warning, WarningStatus

DAYS = int(os.environ.get("FANZHA_BENCH_KPI_DAYS", "120"))
PER_DAY = int(os.environ.get("FANZHA_BENCH_KPI_PER_DAY", "300"))
SCALE = os.environ.get("FANZHA_BENCH_KPI_SCALE", "")
ROUNDS = 20


def _seed(session: Session) -> dict[str, int]:
    _ensure_city(session)
    if session.scalar(select(func.count()).select_from(Warning)) != 0:
        return {}
    if SCALE:
        return kpi_scale.build(session, SCALE)
    demo_warnings.build(session, seed=1, days=DAYS, per_day=PER_DAY)
    cases.build(session, seed=1)
    money.build(session, seed=1)
    session.commit()
    return {}


def _dashboard(session: Session, leader, period: P.Period) -> None:
    F.figures(session, leader, leader.unit_id, period)
    F.trend(session, leader, leader.unit_id, "warnings.received", "month", 12)
    F.ranking(session, leader, leader.unit_id, "warnings.received", period)


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        seeded = _seed(session)
        began = time.perf_counter()
        rolled_days = rollup.refresh(session)
        session.commit()
        refresh_seconds = round(time.perf_counter() - began, 1)
        leader = user_principal(
            session.scalars(select(User).where(User.username == "leader")).one()
        )
        today = P.local_today()
        year = P.custom(today.replace(year=today.year - 1), today)
        (got,) = F.figures(session, leader, leader.unit_id, year, keys=["warnings.received"])
        start, end = P.utc_bounds(got.period)
        direct = session.scalar(
            select(func.count())
            .select_from(Warning)
            .where(
                Warning.status != WarningStatus.duplicate,
                Warning.received_at >= start,
                Warning.received_at < end,
            )
        )
        assert got.value == direct, (got.value, direct)
        periods = [P.period_of("month", today), P.previous(P.period_of("quarter", today))]
        _dashboard(session, leader, periods[0])  # warm the caches once
        timings = []
        for n in range(ROUNDS):
            began = time.perf_counter()
            _dashboard(session, leader, periods[n % 2])
            timings.append((time.perf_counter() - began) * 1000)
            session.rollback()
        # The same dashboard counted directly (the roll-up switched off), in the same process
        # on the same data, under the same load: the comparison, and every figure checked.
        real_view = rollup.view
        rollup.view = lambda session: rollup.View(None, frozenset(), derived=False)
        try:
            direct_figures = [F.figures(session, leader, leader.unit_id, p) for p in periods]
            direct_timings = []
            for n in range(ROUNDS):
                began = time.perf_counter()
                _dashboard(session, leader, periods[n % 2])
                direct_timings.append((time.perf_counter() - began) * 1000)
                session.rollback()
        finally:
            rollup.view = real_view
        rolled_figures = [F.figures(session, leader, leader.unit_id, p) for p in periods]
        agree = rolled_figures == direct_figures
        print("roll-up figures equal the direct count:", agree)
        session.rollback()
        if SCALE:
            print(seeded, {"rolled_days": rolled_days, "refresh_seconds": refresh_seconds})
            for key, ms in kpi_scale.slowest(session, leader, periods[1])[:10]:
                print(f"  {key}: {ms:.1f} ms")
    engine.dispose()
    out = {
        "kpi.dashboard_p95_ms": Figure(round(_percentile(timings, 95), 1), "ms"),
        "kpi.dashboard_direct_p95_ms": Figure(round(_percentile(direct_timings, 95), 1), "ms"),
        "kpi.rollup_refresh_seconds": Figure(refresh_seconds, "s"),
    }
    if seeded:
        out["kpi.scale_seed_seconds"] = Figure(seeded["seconds"], "s")
    return out
