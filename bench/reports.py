"""The monthly report of the city (月报), on the demo history:

- kpi.report_pdf_seconds: last month's city report made end to end — every headline figure
  with 环比/同比, the ranking of the 分局, the twelve-month trend lines — then drawn as the PDF
  (charts by matplotlib, the CJK font embedded); the median of ROUNDS, each made afresh in a
  transaction rolled back afterwards (the target is < 10 s).

The data is the KPI bench's (`bench.kpi._seed`: the demo's warnings, the cases they lead to
and the money loop; FANZHA_BENCH_KPI_DAYS / FANZHA_BENCH_KPI_PER_DAY set its size), made once
for both benches when the database has no warning yet.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.figures import Figure
from bench.kpi import _seed
from fanzha import migrate
from fanzha.access import Principal
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.org.models import Unit
from fanzha.stats import periods, report_files, reports

ROUNDS = 3


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
