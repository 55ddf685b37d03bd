"""What a restore must give back besides rows: the audit log's purge still works in the
restored database, a backup is readable only by the platform's account, and a database that
cannot be reached is refused in Chinese, not with a traceback."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from fanzha import cli, db
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.config import get_settings
from fanzha.db import libpq_url
from fanzha.ops import backup
from fanzha.ops.errors import FilesAreaUnusable
from tests.ops.test_backup import _recreate_empty

SYSTEM = Principal.system()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_the_audit_purge_routine_still_deletes_old_entries_after_a_restore(
    admin_url, blank_engine, tmp_path
):
    url = _url(blank_engine)
    with Session(blank_engine) as session, session.begin():
        audit.record(session, SYSTEM, AuditAction.user_updated, summary="old")
    made = backup.make_backup(url, tmp_path / "files", tmp_path / "backups", keep=3, actor=SYSTEM)
    blank_engine.dispose()
    _recreate_empty(admin_url, url)
    backup.restore(made.path, url, tmp_path / "files", actor=SYSTEM)

    with psycopg.connect(libpq_url(url)) as conn:
        # An entry seven years old, as the nightly purge meets it years after the restore.
        conn.execute(
            "INSERT INTO audit_entries (actor_kind, actor_name, action, at, summary, detail)"
            " VALUES ('system', 't', 'case.created', %s, '', '{}')",
            (datetime.now(UTC) - timedelta(days=7 * 365),),
        )
        removed = conn.execute(
            "SELECT audit_entries_purge(%s)", (datetime.now(UTC) - timedelta(days=2190),)
        ).fetchone()
    assert removed == (1,)


def test_a_backup_is_readable_only_by_the_account_that_made_it(blank_engine, tmp_path):
    made = backup.make_backup(
        _url(blank_engine), tmp_path / "files", tmp_path / "backups", keep=3, actor=SYSTEM
    )
    assert stat.S_IMODE(made.path.stat().st_mode) & 0o077 == 0


def test_backup_and_restore_of_an_unreachable_database_say_why_in_chinese(
    blank_engine, tmp_path, monkeypatch
):
    missing = blank_engine.url.set(database="no_such_database").render_as_string(
        hide_password=False
    )
    monkeypatch.setattr(db, "resolve_database_url", lambda: missing)
    monkeypatch.setenv("FANZHA_FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("FANZHA_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        made = runner.invoke(cli.app, ["backup"])
        assert made.exit_code == 1 and "无法连接数据库，未做任何备份或恢复" in made.output
        assert made.exception is None or isinstance(made.exception, SystemExit)
        good = backup.make_backup(
            _url(blank_engine), tmp_path / "files", tmp_path / "b2", keep=3, actor=SYSTEM
        )
        restored = runner.invoke(cli.app, ["restore", str(good.path)])
        assert restored.exit_code == 1 and "无法连接数据库" in restored.output
        assert restored.exception is None or isinstance(restored.exception, SystemExit)
    finally:
        get_settings.cache_clear()


def test_a_files_area_that_cannot_be_written_is_refused_before_the_database_is_touched(
    admin_url, blank_engine, tmp_path
):
    url = _url(blank_engine)
    made = backup.make_backup(url, tmp_path / "files", tmp_path / "backups", keep=3, actor=SYSTEM)
    blank_engine.dispose()
    _recreate_empty(admin_url, url)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(FilesAreaUnusable) as refused:
        backup.restore(made.path, url, tmp_path / "a-file", actor=SYSTEM)
    assert "未做任何恢复" in refused.value.message
    with psycopg.connect(libpq_url(url)) as conn:
        assert backup.database_objects(conn) == []
