"""The scheduled job (`report_jobs.generate_due`, run daily by the queue) makes each unit's
monthly report once, from the month's first working day on, each unit in its own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha import clock, queue
from fanzha.org.models import Unit
from fanzha.stats import report_jobs
from fanzha.stats.report_models import UnitReport


def _at(day: int) -> datetime:
    # 09:20 in Shanghai, when the periodic task runs.
    return datetime(2026, 11, day, 9, 20, tzinfo=clock.SHANGHAI)


def test_generate_due_makes_one_report_per_unit_on_the_first_working_day(own_engine, monkeypatch):
    monkeypatch.setattr(queue, "_factory", sessionmaker(bind=own_engine))
    with Session(own_engine) as session:
        units = set(session.scalars(select(Unit.id)))

    def reports() -> list[tuple[int, str, object]]:
        with Session(own_engine) as session:
            return list(
                session.execute(
                    select(UnitReport.unit_id, UnitReport.kind, UnitReport.period_start)
                )
            )

    with clock.pinned(_at(1)):  # Sunday 1 November 2026: not a working day
        assert report_jobs.generate_due(0) == 0
    assert reports() == []
    with clock.pinned(_at(2)):  # Monday the 2nd: October's report of every unit
        assert report_jobs.generate_due(0) == len(units)
    made = reports()
    assert {unit for unit, _, _ in made} == units and len(made) == len(units)
    assert {(kind, str(start)) for _, kind, start in made} == {("month", "2026-10-01")}
    for day in (2, 3):  # run again that day, and the next: nothing more
        with clock.pinned(_at(day)):
            assert report_jobs.generate_due(0) == 0
    with Session(own_engine) as session:
        assert session.scalar(select(func.count()).select_from(UnitReport)) == len(units)
