"""The nightly purge on the job queue (time: FANZHA_RETENTION_PURGE_CRON, UTC)."""

from __future__ import annotations

import procrastinate
from croniter import croniter

from fanzha import queue
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.retention.errors import BadPurgeCron
from fanzha.retention.purge import purge


def nightly_purge(timestamp: int) -> dict[str, int]:
    """Run the purge as the system; returns the counts per kind."""
    with queue.transaction() as session:
        return purge(session, Principal.system()).counts


def purge_cron(cron: str) -> str:
    """The purge's cron line; raises BadPurgeCron when procrastinate could not read it (it
    would stop the whole worker, every clock with it, at the first deferral)."""
    line = cron.strip()
    if len(line.split()) != 5 or not croniter.is_valid(line):
        raise BadPurgeCron(field="retention_purge_cron", cron=cron)
    return line


def blueprint() -> procrastinate.Blueprint:
    """Raises BadPurgeCron when FANZHA_RETENTION_PURGE_CRON is not a cron line."""
    cron = purge_cron(get_settings().retention_purge_cron)
    return queue.periodic(
        "purge", cron, nightly_purge, queue="retention", periodic_id="retention_purge"
    )
