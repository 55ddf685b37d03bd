"""Queued and scheduled work of the warnings domain."""

from __future__ import annotations

import procrastinate

from fanzha import clock, jobs
from fanzha.warnings.escalation import escalate_overdue

blueprint = procrastinate.Blueprint()


# Every minute; the queueing lock keeps a slow sweep from piling up behind itself.
@blueprint.periodic(cron="* * * * *", periodic_id="escalate")
@blueprint.task(
    name="escalate_overdue", queue="clocks", queueing_lock="escalate_overdue", pass_context=False
)
def sweep_clocks(timestamp: int) -> int:
    """Escalate overdue warnings; returns how many."""
    with jobs.transaction() as session:
        return len(escalate_overdue(session, clock.now()))
