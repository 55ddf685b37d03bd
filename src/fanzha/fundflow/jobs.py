"""Queued work of the fund-tracing domain: importing large statement files."""

from __future__ import annotations

import procrastinate
from sqlalchemy.orm import Session

from fanzha import jobs
from fanzha.auth.permissions import Principal
from fanzha.excel import ImportFailed
from fanzha.fundflow import service
from fanzha.fundflow.models import ImportStatus, StatementImport


def import_statement(import_id: int) -> str:
    """Import one uploaded file; progress is committed as it goes so the page can show it,
    the rows themselves in one transaction. Safe to run again after a crash."""
    with jobs.transaction() as session:
        record = session.get(StatementImport, import_id)
        if record is None or record.status not in (ImportStatus.queued, ImportStatus.running):
            return "nothing to do"
        bind = session.get_bind()

        def progress(done: int) -> None:
            with Session(bind) as side, side.begin():
                service.set_progress(side, import_id, done)

        try:
            service.run_import(session, Principal.system("流水导入"), record, progress)
        except ImportFailed as failure:
            session.rollback()
            record = session.get(StatementImport, import_id)
            service.record_failure(record, failure)
            return "failed"
    return "done"


def blueprint() -> procrastinate.Blueprint:
    """A fresh blueprint per job app (see fanzha.warnings.jobs.blueprint)."""
    tasks = procrastinate.Blueprint()
    tasks.task(name="import_statement", queue=service.IMPORT_QUEUE, pass_context=False)(
        import_statement
    )
    return tasks
