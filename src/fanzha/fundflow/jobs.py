"""Queued work of the fund-tracing domain: importing large statement files.

The import itself runs in a child process, the job waiting for it with a deadline. A
cooperative deadline checked in the row loop would not do: a pathological file stalls
inside openpyxl or xlrd (a huge shared-strings table, a row of a million cells) or eats the
memory before any row is reached, and only a process of its own can be stopped there, or
capped in memory, without taking the worker with it. The child's transaction dies with it,
so a stopped import stores nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time

import procrastinate
from sqlalchemy import select, text
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from fanzha import db, queue
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.excel import ImportFailed
from fanzha.fundflow import imports
from fanzha.fundflow.models import ImportStatus, StatementImport
from fanzha.i18n import fundflow as i18n
from fanzha.i18n import zh_CN

POLL_SECONDS = 0.5  # how often the job looks at its child: finished, over budget, cancelled
LOCK_SPACE = 0x5354  # advisory locks (LOCK_SPACE, import id): held by a running import
_TAKE_LOCK = text("SELECT pg_advisory_xact_lock(CAST(:space AS integer), CAST(:key AS integer))")


def import_statement(import_id: int) -> str:
    """Import one uploaded file in a child process within the time budget
    (settings.statement_import_seconds): over it, or if the child dies, the import ends as
    failed with the reason; cancelled meanwhile, the child is stopped. Either way nothing of
    the file is stored and this worker goes on. Safe to run again after a crash."""
    if _status(import_id) not in (ImportStatus.queued, ImportStatus.running):
        return "nothing to do"
    settings = get_settings()
    child = multiprocessing.get_context("spawn").Process(
        target=_run_in_child,
        args=(queue.database_url(), import_id, settings.statement_import_memory_mb),
        name=f"statement-import-{import_id}",
        daemon=True,
    )
    deadline = time.monotonic() + settings.statement_import_seconds
    child.start()
    stopped = ""
    while child.exitcode is None:
        child.join(POLL_SECONDS)
        if child.exitcode is not None:
            break
        if time.monotonic() >= deadline:
            budget = _duration(settings.statement_import_seconds)
            stopped = zh_CN.STATEMENT_IMPORT["over_budget"].format(budget=budget)
        elif _status(import_id) is ImportStatus.cancelled:
            stopped = "cancelled"
        if stopped:
            child.kill()
            child.join()
    if stopped == "cancelled":
        _end_child_transaction(import_id)
        return "cancelled"
    if stopped or child.exitcode != 0:
        _fail(import_id, stopped or zh_CN.STATEMENT_IMPORT["crashed"])
        return "failed"
    return "done"


def _duration(seconds: float) -> str:
    if seconds >= 60:
        return i18n.DURATION["minutes"].format(n=seconds / 60)
    return i18n.DURATION["seconds"].format(n=seconds)


def _status(import_id: int) -> ImportStatus | None:
    with queue.transaction() as session:
        return session.scalar(select(StatementImport.status).where(StatementImport.id == import_id))


def _lock_key(import_id: int) -> dict[str, int]:
    return {"space": LOCK_SPACE, "key": import_id % 2_147_483_647}


def _end_child_transaction(import_id: int) -> None:
    """A killed child's transaction lives on in its server process until the server notices
    the dead connection: end it now, and wait until it is gone (it can then neither commit
    nor hold a lock)."""
    with queue.transaction() as session:
        session.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                " AND classid = :space AND objid = :key AND objsubid = 2 AND granted"
            ),
            _lock_key(import_id),
        )
        session.execute(_TAKE_LOCK, _lock_key(import_id))


def _fail(import_id: int, message: str) -> None:
    _end_child_transaction(import_id)
    with queue.transaction() as session:
        record = session.get(StatementImport, import_id, with_for_update=True)
        # The child may have finished (or failed) just before it was stopped: that stands.
        if record is not None and record.status in (ImportStatus.queued, ImportStatus.running):
            imports.record_stopped(record, message)


OUT_OF_MEMORY_EXIT = 3  # the child's exit code when its memory cap was reached


def _run_in_child(database_url: str, import_id: int, memory_mb: int) -> None:
    """The child process: one transaction on its own connection, holding the import's
    advisory lock so the parent can find and end it."""
    # The ORM's one-time set-up runs before the cap: a MemoryError inside it was seen leaving
    # SQLAlchemy spinning in mapper configuration for minutes instead of failing.
    configure_mappers()
    if memory_mb:
        cap = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # Statement rows carry names: never in a logged SQL error.
    engine = db.new_engine(database_url, bulk=True)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    try:
        _import(factory, import_id)
    except MemoryError:
        os._exit(OUT_OF_MEMORY_EXIT)  # see _import: nothing can be trusted to clean up
    finally:
        engine.dispose()


def _import(factory: sessionmaker[Session], import_id: int) -> None:
    with db.transaction(factory) as session:
        session.execute(_TAKE_LOCK, _lock_key(import_id))
        record = session.get(StatementImport, import_id)
        if record is None or record.status not in (ImportStatus.queued, ImportStatus.running):
            return
        bind = session.get_bind()

        def progress(done: int) -> None:
            with Session(bind) as side, side.begin():
                imports.set_progress(side, import_id, done)

        try:
            imports.run_import(session, Principal.system(i18n.IMPORT_ACTOR), record, progress)
        except MemoryError:
            # Out of its memory cap, the process can no longer be trusted to clean up (a
            # rollback was seen spinning in psycopg's wait loop for minutes): it ends at once,
            # the parent sees the exit code and records the failure, and the server rolls the
            # transaction back when the connection drops.
            os._exit(OUT_OF_MEMORY_EXIT)
        except imports.Interrupted:
            session.rollback()
        except ImportFailed as failure:
            session.rollback()
            record = session.get(StatementImport, import_id)
            if record.status in (ImportStatus.queued, ImportStatus.running):
                imports.record_failure(record, failure)


def blueprint() -> procrastinate.Blueprint:
    """A fresh blueprint per job app (see fanzha.queue.periodic)."""
    tasks = procrastinate.Blueprint()
    tasks.task(name="import_statement", queue=imports.IMPORT_QUEUE, pass_context=False)(
        import_statement
    )
    return tasks
