"""The monthly report of the city (月报), on years of demo data:

- kpi.report_pdf_seconds: last month's city report made end to end — every headline figure
  with 环比/同比, the ranking of the 分局, the twelve-month trend lines — then drawn as the PDF
  (charts by matplotlib, the CJK font embedded); the median of ROUNDS, each made afresh in a
  transaction rolled back afterwards (the target is < 10 s).

The history is the demo city's own generator (warnings, the cases they led to, the money
loop): three years at about 900 warnings a day (≈1M) by default; FANZHA_BENCH_REPORT_SCALE
shrinks it for a quick proof run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bench.cases import _ensure_city
from bench.figures import Figure
from fanzha import migrate
from fanzha.access import Principal
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import cases as demo_cases
from fanzha.demo import money as demo_money
from fanzha.demo import warnings as demo_warnings
from fanzha.org.models import Unit
from fanzha.stats import periods, report_files, reports

SCALE = float(os.environ.get("FANZHA_BENCH_REPORT_SCALE", "1"))
DAYS = max(60, int(3 * 365 * min(SCALE, 1)))
PER_DAY = max(5, int(913 * SCALE))
ROUNDS = 3


def _seed(session: Session) -> None:
    _ensure_city(session)
    session.execute(text("SET LOCAL statement_timeout = 0"))  # seeding, not measuring
    stored = demo_warnings.build(session, seed=22, days=DAYS, per_day=PER_DAY)
    demo_cases.build(session, seed=22)
    demo_money.build(session, seed=22)
    session.commit()
    print(f"  reports: {stored} warnings over {DAYS} days", file=sys.stderr)


def _one(session: Session, city: int) -> float:
    start = time.perf_counter()
    month = periods.previous(periods.period_of("month", periods.local_today()))
    report, _ = reports.generate(session, Principal.system(), city, "month", month.start)
    document = report_files.Document(
        title=reports.report_title(session, report),
        version_label=reports.version_label(report),
        status_label="",
        content=report.content,
        notable="",
        generated_line="",
    )
    report_files.pdf(document)
    elapsed = time.perf_counter() - start
    session.rollback()
    return elapsed


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    engine = new_engine(sqlalchemy_url(url), bulk=True)
    with Session(engine) as session:
        _seed(session)
        city = session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)))
        timings = [_one(session, city) for _ in range(ROUNDS)]
    engine.dispose()
    return {"kpi.report_pdf_seconds": Figure(round(statistics.median(timings), 2), "s")}
