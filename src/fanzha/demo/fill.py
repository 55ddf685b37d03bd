"""The demo year's background fill: `fanzha serve` on an empty database builds the city and
its recent weeks, serves, and leaves the older days to `fanzha demo-fill`, which adds them
chunk by chunk, each chunk in its own transaction together with the progress row, so a fill
stopped mid-chunk loses that chunk whole and the next run redoes it: nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.cases.models import Case
from fanzha.demo import analysis as demo_analysis
from fanzha.demo import cases as demo_cases
from fanzha.demo import money as demo_money
from fanzha.demo import statements as demo_statements
from fanzha.demo import warnings as demo_warnings
from fanzha.seeding import DemoFill, FillStatus

CHUNK_DAYS = 15  # a chunk of older warnings: about a minute on 2 cores
RECENT_DAYS = 14  # what `serve` builds before the login page


def plan(
    session: Session,
    *,
    seed: int,
    per_day: int,
    planned_at: datetime,
    recent_days: int,
    days_total: int,
) -> None:
    """Record the fill still to do: the days from `days_total` to `recent_days` ago (counted
    from `planned_at`), then their cases, money and statements, then the year's gangs."""
    session.add(
        DemoFill(
            id=1,
            seed=seed,
            per_day=per_day,
            planned_at=planned_at,
            recent_days=recent_days,
            days_total=days_total,
            days_done=0,
            step="warnings",
        )
    )
    session.flush()


def step(session: Session) -> DemoFill | None:
    """Do the next piece of the fill in the caller's transaction (commit it with the row it
    moves on); the row as it now stands, or None when no fill is left (or another process
    holds it)."""
    fill = session.scalar(
        select(DemoFill)
        .where(DemoFill.finished_at.is_(None))
        .with_for_update(skip_locked=True)  # two servers started at once: one fills
    )
    if fill is None:
        return None
    older = fill.days_total - fill.recent_days
    if fill.step == "warnings":
        days = min(CHUNK_DAYS, older - fill.days_done)
        skip = fill.recent_days + fill.days_done
        with clock.pinned(fill.planned_at):
            demo_warnings.build(
                session,
                seed=fill.seed + skip,  # each window its own draws, the same on a rerun
                days=skip + days,
                skip_days=skip,
                per_day=fill.per_day,
            )
        fill.days_done += days
        if fill.days_done >= older:
            fill.step = "cases"
    elif fill.step == "cases":
        before = session.scalar(select(func.coalesce(func.max(Case.id), 0)))
        cutoff = fill.planned_at - timedelta(days=fill.recent_days)
        demo_cases.build(session, seed=fill.seed, received_before=cutoff)
        demo_money.build(session, seed=fill.seed, after_case_id=before)
        demo_statements.build(session, seed=fill.seed, after_case_id=before)
        fill.step = "analysis"
    else:
        demo_analysis.build(session, seed=fill.seed)
        fill.step = "done"
        fill.finished_at = clock.now()
    session.flush()
    return fill


def run(transaction: Callable, told: Callable[[FillStatus], None]) -> int:
    """Fill to the end, one transaction (`transaction()`, a context manager giving a session)
    per step; `told` where the fill stands after each step's commit. Returns the steps done."""
    steps = 0
    while True:
        with transaction() as session:
            fill = step(session)
            if fill is None:
                return steps
            now = FillStatus(fill.recent_days + fill.days_done, fill.days_total, fill.step)
        told(now)
        steps += 1
