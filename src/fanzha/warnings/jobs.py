"""Queued and scheduled work of the warnings domain."""

from __future__ import annotations

import procrastinate

from fanzha import clock, queue
from fanzha.warnings.escalation import escalate_overdue


def sweep_clocks(timestamp: int) -> int:
    """Escalate overdue warnings; returns how many."""
    with queue.transaction() as session:
        return len(escalate_overdue(session, clock.now()))


def blueprint() -> procrastinate.Blueprint:
    """A fresh blueprint per job app: procrastinate binds a blueprint's tasks to the app that
    loads it, so each app (one per process; one per test database) needs its own."""
    tasks = procrastinate.Blueprint()
    # Every minute; the queueing lock keeps a slow sweep from piling up behind itself.
    tasks.periodic(cron="* * * * *", periodic_id="escalate")(
        tasks.task(
            name="escalate_overdue",
            queue="clocks",
            queueing_lock="escalate_overdue",
            pass_context=False,
        )(sweep_clocks)
    )
    return tasks
