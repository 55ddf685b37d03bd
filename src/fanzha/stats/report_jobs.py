"""Queued and scheduled work of the reports: on the first working day of each month (and every
day after it, so a day the workers were down is caught up), last month's report of every unit,
and last quarter's in a quarter's first month — each once, however often it runs."""

from __future__ import annotations

import procrastinate

from fanzha import queue
from fanzha.stats import periods, reports


def generate_due(timestamp: int) -> int:
    """Make the reports due today for every unit, one transaction per unit (a unit that
    fails does not undo the others'); returns how many were made."""
    day = periods.local_today()
    with queue.transaction() as session:
        units = reports.due_units(session)
    made = 0
    for unit_id in units:
        with queue.transaction() as session:
            made += len(reports.schedule_unit(session, unit_id, day).made)
    return made


def blueprint() -> procrastinate.Blueprint:
    # 01:20 UTC is 09:20 in Shanghai: the day's late entries of the night are in.
    return queue.periodic("generate_due_reports", "20 1 * * *", generate_due)
