"""Queued and scheduled work of analysis: chasing overdue leads."""

from __future__ import annotations

import procrastinate

from fanzha import clock, queue
from fanzha.linking.leads import remind_overdue


def chase_leads(timestamp: int) -> int:
    """Remind units of leads past their feedback deadline; returns how many."""
    with queue.transaction() as session:
        return len(remind_overdue(session, clock.now()))


def blueprint() -> procrastinate.Blueprint:
    # Every ten minutes: deadlines are in days; the reminder interval keeps it idempotent.
    return queue.periodic("chase_leads", "*/10 * * * *", chase_leads)
