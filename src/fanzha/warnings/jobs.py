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
    # Every minute; the queueing lock keeps a slow sweep from piling up behind itself.
    return queue.periodic("escalate_overdue", "* * * * *", sweep_clocks, periodic_id="escalate")
