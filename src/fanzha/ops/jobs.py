"""The nightly backup on the job queue, at FANZHA_BACKUP_TIME (Asia/Shanghai)."""

from __future__ import annotations

import logging
import re

import procrastinate

from fanzha import queue
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.ops import backup
from fanzha.ops.errors import BadBackupTime

log = logging.getLogger(__name__)

TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
SHANGHAI_OFFSET_HOURS = 8  # no daylight saving


def nightly_cron(local_time: str) -> str:
    """The cron line (UTC, as procrastinate reads it) for HH:MM Asia/Shanghai.

    Raises BadBackupTime for anything but HH:MM."""
    match = TIME.match(local_time.strip())
    if not match:
        raise BadBackupTime(field="backup_time")
    hour = (int(match.group(1)) - SHANGHAI_OFFSET_HOURS) % 24
    return f"{int(match.group(2))} {hour} * * *"


def nightly_backup(timestamp: int) -> str:
    """One backup of the job app's database and the files area; old ones beyond the kept
    count removed. Returns the backup's directory name."""
    settings = get_settings()
    done = backup.make_backup(
        queue.database_url(),
        settings.files_dir,
        settings.backup_dir,
        keep=settings.backup_keep,
        actor=Principal.system(),
    )
    # Sizes and names only: nothing personal.
    log.info("backup %s written, %d bytes", done.path.name, done.size)
    return done.path.name


def blueprint() -> procrastinate.Blueprint:
    cron = nightly_cron(get_settings().backup_time)
    return queue.periodic("nightly_backup", cron, nightly_backup, queue="ops")
