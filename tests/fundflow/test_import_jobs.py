"""Queued statement imports: a time budget that stops the import and not the worker, and
cancelling an import while it runs. These commit (the job runs on its own connections), into
cases of their own."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.demo import statement_files as files
from fanzha.fundflow import imports
from fanzha.fundflow.models import ImportStatus, StatementImport, StatementRow
from tests.fundflow.test_statements import FIRST_LINES, imported, report, upload
from tests.helpers import audit_entries, login, post_form, run_queue


def queued(engine: Engine, monkeypatch) -> int:
    """A small statement sent to the job queue (as a large one would be)."""
    monkeypatch.setattr(imports, "INLINE_ROWS", 0)
    with Session(engine) as session:
        record = imports.start_import(
            session,
            Principal.system(),
            case=report(session),
            filename="一级卡.xlsx",
            content=files.bank_debit_credit_xlsx(FIRST_LINES),
        )
        imports.import_or_queue(session, Principal.system(), record)
        assert record.status is ImportStatus.queued
        session.commit()
        return record.id


@contextmanager
def layouts_locked(engine: Engine) -> Iterator[None]:
    """Every import reads the saved layouts first: with that table locked, a job's import is
    stuck mid-way, as on a file that stalls the parser."""
    with engine.connect() as connection:
        connection.execute(text("LOCK TABLE statement_layouts IN ACCESS EXCLUSIVE MODE"))
        yield
        connection.rollback()


def wait_until_stuck(engine: Engine) -> None:
    """Until some import waits on the locked table (a condition on the server, not a sleep)."""
    deadline = time.monotonic() + 60
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_locks"
                    " WHERE relation = 'statement_layouts'::regclass AND NOT granted"
                )
            )
            connection.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("the import never reached the locked table")


def outcome(engine: Engine, import_id: int) -> tuple[StatementImport, int]:
    with Session(engine) as session:
        record = session.get(StatementImport, import_id)
        rows = session.scalar(
            select(func.count())
            .select_from(StatementRow)
            .where(StatementRow.import_id == import_id)
        )
        session.expunge(record)
        return record, rows


def test_an_import_over_its_time_budget_fails_and_the_worker_goes_on(
    engine, database_url, city, monkeypatch
):
    monkeypatch.setattr(get_settings(), "statement_import_seconds", 1)
    stuck = queued(engine, monkeypatch)
    with layouts_locked(engine):
        run_queue(database_url, imports.IMPORT_QUEUE)  # returns: the worker was not taken down
    record, rows = outcome(engine, stuck)
    assert record.status is ImportStatus.failed
    assert record.message == "导入超过 1 秒的时间上限，已停止，文件未导入"
    assert rows == 0
    # The same queue imports the next file as usual.
    monkeypatch.setattr(get_settings(), "statement_import_seconds", 600)
    following = queued(engine, monkeypatch)
    run_queue(database_url, imports.IMPORT_QUEUE)
    record, rows = outcome(engine, following)
    assert (record.status, record.rows_imported, rows) == (ImportStatus.done, 3, 3)


def test_an_import_whose_process_runs_out_of_memory_fails_and_the_worker_goes_on(
    engine, database_url, city, monkeypatch
):
    monkeypatch.setattr(get_settings(), "statement_import_memory_mb", 16)  # far too little
    import_id = queued(engine, monkeypatch)
    run_queue(database_url, imports.IMPORT_QUEUE)
    record, rows = outcome(engine, import_id)
    assert record.status is ImportStatus.failed
    assert record.message == "导入进程异常退出（文件可能过大或已损坏），文件未导入"
    assert rows == 0


def test_cancelling_a_running_import_stops_it_and_stores_nothing(
    engine, database_url, city, monkeypatch
):
    import_id = queued(engine, monkeypatch)
    worker = threading.Thread(target=run_queue, args=(database_url, imports.IMPORT_QUEUE))
    with layouts_locked(engine):
        worker.start()
        wait_until_stuck(engine)
        with Session(engine) as session:
            record = session.get(StatementImport, import_id)
            imports.cancel_import(session, Principal.system("测试"), record)
            session.commit()
        worker.join(timeout=60)
        assert not worker.is_alive()
    record, rows = outcome(engine, import_id)
    assert (record.status, record.message, rows) == (
        ImportStatus.cancelled,
        "已取消导入，文件未导入",
        0,
    )
    with Session(engine) as session:
        assert audit_entries(session, "statement.import_cancelled", target_id=str(import_id))


def test_a_cancelled_import_stops_at_its_next_checkpoint(engine, city, monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    import_id = queued(engine, monkeypatch)

    def cancel_then_checkpoint(done: int) -> None:
        if done == 2:  # an officer cancels while the rows stream
            with Session(engine) as other, other.begin():
                record = other.get(StatementImport, import_id)
                imports.cancel_import(other, Principal.system("测试"), record)
        with Session(engine) as side, side.begin():
            imports.set_progress(side, import_id, done)

    with Session(engine) as session:
        record = session.get(StatementImport, import_id)
        with pytest.raises(imports.Cancelled):
            imports.run_import(session, Principal.system(), record, cancel_then_checkpoint)
        session.rollback()
    record, rows = outcome(engine, import_id)
    assert (record.status, rows) == (ImportStatus.cancelled, 0)


def test_a_large_file_is_only_checked_in_the_request_and_mapped_through_the_job(
    engine, database_url, city, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_BYTES", 100)
    content = files.unknown_layout_csv(FIRST_LINES)
    with monkeypatch.context() as request_only:
        # During the request the file is never opened as a table, only checked.
        request_only.setattr(imports.importers, "tables", None)
        with Session(engine) as session:
            record = imports.start_import(
                session,
                Principal.system(),
                case=report(session),
                filename="某行.csv",
                content=content,
            )
            imports.import_or_queue(session, Principal.system(), record)
            assert (record.status, record.pending) == (ImportStatus.queued, None)
            session.commit()
            import_id = record.id
    run_queue(database_url, imports.IMPORT_QUEUE)
    record, _ = outcome(engine, import_id)
    assert record.status is ImportStatus.needs_mapping
    assert record.pending["headers"][:2] == ["卡片编号", "记账时刻"]
    mapping = {"account": 0, "at": 1, "amount": 2, "direction": 3, "counterpart_account": 4}
    with Session(engine) as session:
        record = session.get(StatementImport, import_id)
        imports.save_mapping(session, Principal.system(), record, mapping=mapping)
        imports.import_or_queue(session, Principal.system(), record)
        assert record.status is ImportStatus.queued
        session.commit()
    run_queue(database_url, imports.IMPORT_QUEUE)
    record, rows = outcome(engine, import_id)
    assert (record.status, rows) == (ImportStatus.done, 3), record.errors


def test_the_import_page_cancels_an_unfinished_import_once(client, session, city):
    login(client, "duty")
    case = report(session)
    # A layout of its own (the job test above commits a mapping for the usual unknown one).
    content = files.unknown_layout_csv(FIRST_LINES).replace("卡片编号".encode(), "卡号甲".encode())
    record = imported(session, upload(client, case, "某行.csv", content))
    assert record.status is ImportStatus.needs_mapping
    assert "取消导入" in client.get(f"/statements/{record.id}").text
    response = post_form(client, f"/statements/{record.id}/cancel", follow_redirects=False)
    record = imported(session, response)
    assert record.status is ImportStatus.cancelled
    page = client.get(f"/statements/{record.id}").text
    assert "已取消导入，文件未导入" in page and "取消导入</button>" not in page
    assert audit_entries(session, "statement.import_cancelled", target_id=str(record.id))
    again = post_form(client, f"/statements/{record.id}/cancel")
    assert again.status_code == 409
    assert "该导入已结束，无法取消" in again.text
