"""Backups that restore: the database (pg_dump custom format, inside one exported snapshot so
the row counts in the manifest are exactly what the dump holds) and the files area, in a
directory named by time with a SHA-256 per file; restoring verifies every checksum first and
goes only into an empty database and an empty files area."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import psycopg
from psycopg import sql
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.db import libpq_url, new_engine
from fanzha.i18n import ops as i18n
from fanzha.ops import pgtools
from fanzha.ops.errors import (
    BackupDamaged,
    BackupDirUnusable,
    BackupNotFound,
    DatabaseNotEmpty,
    DatabaseUnreachable,
    DumpFailed,
    FilesAreaNotEmpty,
    FilesAreaUnusable,
    ManifestUnreadable,
    RestoreFailed,
)
from fanzha.retention.purge import AUDIT_PURGE_ROUTINE, AUDIT_PURGER_ROLE

PREFIX = "fanzha-"
NAME = re.compile(r"^fanzha-\d{8}T\d{6}Z(-\d+)?$")
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
FORMAT = 1
CHUNK = 1 << 20
# The system's own schemas; everything else in a database counts as content.
SYSTEM_SCHEMAS = "n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'"


class Entry(BaseModel):
    path: str
    sha256: str
    bytes: int


class Manifest(BaseModel):
    format: int
    created_at: datetime
    postgres: str  # the server's version, e.g. "18.6"
    pg_dump: str
    tables: dict[str, int]
    files: list[Entry]


@dataclass
class BackupResult:
    path: Path
    tables: dict[str, int]
    files: int  # files of the files area (the dump not counted)
    size: int  # bytes of everything written
    pruned: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    path: Path
    tables: dict[str, int]
    files: int


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(root: Path) -> Iterator[Path]:
    """Every regular file under `root`, in a stable order."""
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def _tables(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return conn.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        f" WHERE c.relkind IN ('r', 'p') AND {SYSTEM_SCHEMAS} ORDER BY 1, 2"
    ).fetchall()


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows per table ("schema.table" for tables outside public), in the connection's snapshot."""
    counts = {}
    for schema, table in _tables(conn):
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        row = conn.execute(query).fetchone()
        counts[table if schema == "public" else f"{schema}.{table}"] = row[0] if row else 0
    return counts


def _connect(url: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A connection to `url`; raises DatabaseUnreachable with libpq's reason (host, port,
    database; never the password) when there is none."""
    try:
        return psycopg.connect(libpq_url(url), autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        lines = str(exc).strip().splitlines()
        raise DatabaseUnreachable(reason=lines[0] if lines else type(exc).__name__) from exc


def _free_name(backup_dir: Path, at: datetime) -> str:
    name = f"{PREFIX}{at:%Y%m%dT%H%M%SZ}"
    candidate, n = name, 1
    while (backup_dir / candidate).exists() or (backup_dir / f"{candidate}.partial").exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _dump(url: str, target: Path) -> tuple[dict[str, int], str, str]:
    """pg_dump into `target` inside a snapshot exported by a transaction that counts the rows
    of the same snapshot; returns the counts, the server's and pg_dump's versions."""
    with _connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot_row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert snapshot_row is not None
        server = conn.info.server_version
        tool = pgtools.find_tool("pg_dump", server // 10000)
        dbname, env = pgtools.connection(url)
        done = subprocess.run(
            [
                str(tool.path),
                "--format=custom",
                f"--snapshot={snapshot_row[0]}",
                f"--file={target}",
                f"--dbname={dbname}",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise DumpFailed(
                tool=tool.path.name, code=done.returncode, detail=pgtools.last_lines(done.stderr)
            )
        counts = table_counts(conn)
    return counts, f"{server // 10000}.{server % 10000}", tool.version


def _copy_files(files_dir: Path, target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in _walk(files_dir):
        destination = target / source.relative_to(files_dir)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        count += 1
    return count


def _audit(url: str, actor: Principal, action: AuditAction, summary: str, detail: dict) -> None:
    engine = new_engine(url, bulk=True)
    try:
        with Session(engine) as session, session.begin():
            audit.record(
                session, actor, action, target_type="backups", summary=summary, detail=detail
            )
    finally:
        engine.dispose()


def make_backup(
    url: str, files_dir: Path, backup_dir: Path, *, keep: int, actor: Principal
) -> BackupResult:
    """Back up the database at `url` and everything under `files_dir` into a new directory of
    `backup_dir` named fanzha-YYYYMMDDTHHMMSSZ (UTC), written as `.partial` and renamed only
    once complete; record it in the audit log (the last good backup); then remove the oldest
    complete backups beyond `keep`.

    Raises BackupDirUnusable, ToolMissing (no pg_dump new enough for the server) or
    DumpFailed."""
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        name = _free_name(backup_dir, clock.now())
        partial = backup_dir / f"{name}.partial"
        # Only the account that runs the platform may read a backup: it holds every record.
        partial.mkdir(mode=0o700)
    except OSError as exc:
        raise BackupDirUnusable(path=str(backup_dir), reason=exc.strerror or str(exc)) from exc
    try:
        tables, postgres, pg_dump = _dump(url, partial / DUMP)
        files = _copy_files(files_dir, partial / FILES)
        entries = [
            Entry(path=p.relative_to(partial).as_posix(), sha256=sha256(p), bytes=p.stat().st_size)
            for p in _walk(partial)
        ]
        manifest = Manifest(
            format=FORMAT,
            created_at=clock.now(),
            postgres=postgres,
            pg_dump=pg_dump,
            tables=tables,
            files=entries,
        )
        (partial / MANIFEST).write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
        partial.rename(backup_dir / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    result = BackupResult(
        path=backup_dir / name,
        tables=tables,
        files=files,
        size=sum(e.bytes for e in entries),
    )
    _audit(
        url,
        actor,
        AuditAction.backup_made,
        i18n.AUDIT["backup"].format(name=name, tables=len(tables), files=files),
        {"path": str(result.path), "bytes": result.size, "rows": sum(tables.values())},
    )
    result.pruned = prune(backup_dir, keep)
    return result


def complete_backups(backup_dir: Path) -> list[Path]:
    """The finished backups in `backup_dir`, oldest first (names sort by time)."""
    if not backup_dir.is_dir():
        return []
    return sorted(
        p
        for p in backup_dir.iterdir()
        if p.is_dir() and NAME.match(p.name) and (p / MANIFEST).is_file()
    )


def prune(backup_dir: Path, keep: int) -> list[str]:
    """Remove the oldest complete backups beyond the newest `keep`; returns their names.
    Only directories this module named are ever touched."""
    old = complete_backups(backup_dir)[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return [p.name for p in old]


def _entry_path(root: Path, entry: Entry) -> Path | None:
    """Where a manifest entry points, or None when it would leave the backup directory."""
    relative = PurePosixPath(entry.path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return root.joinpath(*relative.parts)


def verify(path: Path) -> Manifest:
    """The backup's manifest, after checking every file's size and SHA-256 against it and that
    no file was added. Raises BackupNotFound, ManifestUnreadable or BackupDamaged (naming
    what is wrong)."""
    if not path.is_dir():
        raise BackupNotFound(path=str(path))
    try:
        manifest = Manifest.model_validate_json((path / MANIFEST).read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        raise ManifestUnreadable(path=str(path / MANIFEST)) from exc
    words = i18n.PROBLEMS
    problems: list[str] = []
    listed: set[Path] = set()
    for entry in manifest.files:
        target = _entry_path(path, entry)
        if target is None:
            problems.append(words["bad_entry"])
            continue
        listed.add(target)
        if not target.is_file():
            problems.append(words["missing"].format(path=entry.path))
        elif target.stat().st_size != entry.bytes or sha256(target) != entry.sha256:
            problems.append(words["changed"].format(path=entry.path))
    if path / DUMP not in listed:
        problems.append(words["missing"].format(path=DUMP))
    for extra in _walk(path):
        if extra not in listed and extra.name != MANIFEST:
            problems.append(words["unlisted"].format(path=extra.relative_to(path).as_posix()))
    if problems:
        shown = words["separator"].join(problems[:5])
        if len(problems) > 5:
            shown += words["more"].format(count=len(problems))
        raise BackupDamaged(problems=shown)
    return manifest


def database_objects(conn: psycopg.Connection) -> list[str]:
    """What a database holds besides PostgreSQL's own: relations, types, functions."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        f" WHERE {SYSTEM_SCHEMAS}"
        " UNION ALL SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
        f" WHERE t.typtype IN ('e', 'd') AND {SYSTEM_SCHEMAS}"
        " UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        f" WHERE {SYSTEM_SCHEMAS}"
    ).fetchall()
    return [row[0] for row in rows]


def _writable(files_dir: Path) -> None:
    """Make sure the files can be copied before the database is touched: a restore that fails
    after pg_restore would leave a database whose files are missing."""
    try:
        files_dir.mkdir(parents=True, exist_ok=True)
        probe = files_dir / ".fanzha-restore-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise FilesAreaUnusable(path=str(files_dir), reason=exc.strerror or str(exc)) from exc


def _ensure_purger_role(conn: psycopg.Connection) -> None:
    """The audit log's purge role is cluster-wide, so a dump does not hold it, yet its grants
    are in the dump: on a new cluster (the disaster the backup is for) the restore would fail
    without it. Created as migration 0014 creates it."""
    role = sql.Identifier(AUDIT_PURGER_ROLE)
    if not conn.execute(
        "SELECT 1 FROM pg_roles WHERE rolname = %s", (AUDIT_PURGER_ROLE,)
    ).fetchone():
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(role))


def _return_purge_routine(conn: psycopg.Connection) -> None:
    """pg_restore --no-owner makes the restoring account own everything, the audit purge
    routine too; the append-only trigger then refuses its deletes. Hand it back to its role."""
    if conn.execute("SELECT to_regprocedure(%s)", (AUDIT_PURGE_ROUTINE,)).fetchone() == (None,):
        return
    conn.execute(
        sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
            sql.SQL(AUDIT_PURGE_ROUTINE), sql.Identifier(AUDIT_PURGER_ROLE)
        )
    )


def restore(path: Path, url: str, files_dir: Path, *, actor: Principal) -> RestoreResult:
    """Verify the backup at `path`, then load it into the EMPTY database at `url` (one
    transaction: a failure leaves it empty) and copy its files into the EMPTY `files_dir`;
    record the restore in the restored audit log. Returns the restored tables' row counts.

    Raises what `verify` raises, DatabaseNotEmpty, FilesAreaNotEmpty, ToolMissing,
    RestoreFailed."""
    manifest = verify(path)
    with _connect(url, autocommit=True) as conn:
        found = database_objects(conn)
        server = conn.info.server_version // 10000
        if not found:
            _ensure_purger_role(conn)
    if found:
        raise DatabaseNotEmpty(count=len(found), example=found[0])
    present = list(_walk(files_dir))
    if present:
        raise FilesAreaNotEmpty(path=str(files_dir), count=len(present))
    _writable(files_dir)
    made_by = int(manifest.pg_dump.split(".")[0])
    tool = pgtools.find_tool("pg_restore", max(server, made_by))
    dbname, env = pgtools.connection(url)
    done = subprocess.run(
        [
            str(tool.path),
            "--no-owner",  # the objects belong to whoever restores (the app's account)
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={dbname}",
            str(path / DUMP),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RestoreFailed(
            tool=tool.path.name, code=done.returncode, detail=pgtools.last_lines(done.stderr)
        )
    with _connect(url) as conn:
        _return_purge_routine(conn)
    files = _copy_files(path / FILES, files_dir) if (path / FILES).is_dir() else 0
    with _connect(url) as conn:
        tables = table_counts(conn)
    _audit(
        url,
        actor,
        AuditAction.backup_restored,
        i18n.AUDIT["restore"].format(name=path.name, tables=len(tables), files=files),
        {"path": str(path), "created_at": manifest.created_at.isoformat()},
    )
    return RestoreResult(path=path, tables=tables, files=files)


def last_good_backup(session: Session) -> datetime | None:
    """When the last backup completed (its audit entry), or None if none ever did."""
    return audit.last_at(session, AuditAction.backup_made)
