"""`fanzha check`: is the platform in working order? One line per check, in Chinese, each
either fine or failed; the command exits non-zero when any failed."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import clock, migrate
from fanzha.cases.letters import FontMissing, find_font
from fanzha.config import Settings
from fanzha.db import libpq_url, new_engine
from fanzha.i18n import ops as i18n
from fanzha.ops.backup import last_good_backup

# A worker beats every few seconds; the clock sweeps finish a job every minute.
HEARTBEAT_WITHIN = timedelta(minutes=2)
JOB_WITHIN = timedelta(minutes=5)


@dataclass(frozen=True)
class Line:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        state = i18n.CHECK["ok" if self.ok else "fail"]
        return i18n.CHECK["line"].format(state=state, name=self.name, detail=self.detail)


def ago(delta: timedelta) -> str:
    """A duration as officers say it: 5 分钟 / 3 小时 / 2 天."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 120:
        return i18n.AGO["minutes"].format(n=minutes)
    if minutes < 48 * 60:
        return i18n.AGO["hours"].format(n=minutes // 60)
    return i18n.AGO["days"].format(n=minutes // 1440)


def check_database(url: str) -> Line:
    name = i18n.CHECK["database"]
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.Error as exc:
        # libpq's own message: host, port and the reason, never a password.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Line(name, False, i18n.CHECK["database_fail"].format(error=reason))
    shown = version[0].split()[0] if version else "?"
    return Line(name, True, i18n.CHECK["database_ok"].format(version=shown))


def check_migrations(session: Session) -> Line:
    name = i18n.CHECK["migrations"]
    heads = set(ScriptDirectory.from_config(migrate.alembic_config()).get_heads())
    current = set(MigrationContext.configure(session.connection()).get_current_heads())
    if current == heads:
        return Line(name, True, i18n.CHECK["migrations_ok"].format(revision=", ".join(heads)))
    return Line(
        name,
        False,
        i18n.CHECK["migrations_fail"].format(
            current=", ".join(sorted(current)) or "-", head=", ".join(sorted(heads))
        ),
    )


def check_queue(session: Session, now: datetime) -> Line:
    """Alive: a worker's heartbeat within two minutes, or a job finished within five."""
    name = i18n.CHECK["queue"]
    beat = session.scalar(text("SELECT max(last_heartbeat) FROM procrastinate_workers"))
    if beat is not None and now - beat <= HEARTBEAT_WITHIN:
        return Line(name, True, i18n.CHECK["queue_ok"].format(ago=ago(now - beat)))
    finished = session.scalar(
        text(
            "SELECT max(at) FROM procrastinate_events"
            " WHERE type IN ('succeeded', 'failed', 'cancelled', 'aborted')"
        )
    )
    if finished is not None and now - finished <= JOB_WITHIN:
        return Line(name, True, i18n.CHECK["queue_recent_job"].format(ago=ago(now - finished)))
    minutes = int(JOB_WITHIN.total_seconds() // 60)
    return Line(name, False, i18n.CHECK["queue_fail"].format(minutes=minutes))


def check_backup(session: Session, now: datetime, alarm_hours: int) -> Line:
    name = i18n.CHECK["backup"]
    last = last_good_backup(session)
    if last is None:
        return Line(name, False, i18n.CHECK["backup_never"])
    words = {"at": clock.local(last), "ago": ago(now - last)}
    if now - last > timedelta(hours=alarm_hours):
        return Line(name, False, i18n.CHECK["backup_old"].format(**words, hours=alarm_hours))
    return Line(name, True, i18n.CHECK["backup_ok"].format(**words))


def _existing(path: Path) -> Path:
    """`path`, or its nearest ancestor that exists (a directory not made yet lives there)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path("/")


def check_disks(paths: list[Path], minimum_percent: float) -> list[Line]:
    """Free space on each distinct file system holding one of `paths`."""
    lines, seen = [], set()
    for path in paths:
        where = _existing(path.resolve())
        device = where.stat().st_dev
        if device in seen:
            continue
        seen.add(device)
        usage = shutil.disk_usage(where)
        percent = round(usage.free * 100 / usage.total, 1) if usage.total else 0.0
        words = {"path": str(where), "free": human_size(usage.free), "percent": percent}
        ok = percent >= minimum_percent
        key = "disk_ok" if ok else "disk_fail"
        detail = i18n.CHECK[key].format(**words, minimum=minimum_percent)
        lines.append(Line(i18n.CHECK["disk"], ok, detail))
    return lines


def check_fonts(configured: str) -> Line:
    name = i18n.CHECK["fonts"]
    try:
        path, _ = find_font(configured)
    except FontMissing as exc:
        return Line(name, False, str(exc))
    return Line(name, True, i18n.CHECK["fonts_ok"].format(path=path))


def human_size(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"


def run_checks(url: str, settings: Settings, now: datetime | None = None) -> list[Line]:
    """Every check against the database at `url` and this machine's disks and fonts."""
    now = now or clock.now()
    lines = [check_database(url)]
    if lines[0].ok:
        engine = new_engine(url, pool_size=1, max_overflow=0)
        try:
            with Session(engine) as session:
                lines.append(check_migrations(session))
                lines.append(check_queue(session, now))
                lines.append(check_backup(session, now, settings.backup_alarm_hours))
        finally:
            engine.dispose()
    else:
        skipped = i18n.CHECK["skipped"]
        for key in ("migrations", "queue", "backup"):
            lines.append(Line(i18n.CHECK[key], False, skipped))
    paths = [settings.files_dir, settings.backup_dir]
    if not settings.database_url:
        paths.insert(0, settings.pgdata_dir)
    lines.extend(check_disks(paths, settings.disk_free_min_percent))
    lines.append(check_fonts(settings.pdf_font))
    return lines
