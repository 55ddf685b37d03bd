"""The nightly purge on the job queue (time: FANZHA_RETENTION_PURGE_CRON, UTC)."""

from __future__ import annotations

import procrastinate

from fanzha import queue
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.retention.purge import purge


def nightly_purge(timestamp: int) -> dict[str, int]:
    """Run the purge as the system; returns the counts per kind."""
    with queue.transaction() as session:
        return purge(session, Principal.system()).counts


def blueprint() -> procrastinate.Blueprint:
    """A fresh blueprint per job app (see fanzha.warnings.jobs.blueprint)."""
    tasks = procrastinate.Blueprint()
    tasks.periodic(cron=get_settings().retention_purge_cron, periodic_id="retention_purge")(
        tasks.task(
            name="purge", queue="retention", queueing_lock="retention_purge", pass_context=False
        )(nightly_purge)
    )
    return tasks
