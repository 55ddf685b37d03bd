"""Scheduled work of the daily roll-up (fanzha.stats.rollup): every ten minutes, roll the days
marked dirty since the last run and the days that ended since. Figures never wait for it (a
day not rolled yet is counted live); it only keeps the dashboard fast."""

from __future__ import annotations

import procrastinate

from fanzha import queue
from fanzha.stats import rollup


def refresh(timestamp: int) -> int:
    """One refresh in its own transaction; returns the days rolled."""
    with queue.transaction() as session:
        return rollup.refresh(session)


def blueprint() -> procrastinate.Blueprint:
    return queue.periodic("refresh_kpi_daily", "*/10 * * * *", refresh)
