"""The database: migrations match the models, the audit log cannot be rewritten, hosts migrate
one at a time, and a process resolves its own database once however many threads ask."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import DBAPIError

from fanzha import db, migrate
from fanzha.audit.models import AuditEntry
from fanzha.db import libpq_url, sqlalchemy_url, with_database
from tests.conftest import _create_database


def test_models_and_migrations_do_not_drift(template_url: str):
    # alembic check: autogenerate against the migrated template finds nothing to do.
    migrate.check(template_url)


@pytest.fixture
def one_entry(engine: Engine) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(AuditEntry)
            .values(
                actor_kind="system",
                actor_name="测试",
                action="auth.login.succeeded",
                summary="",
                detail={},
            )
            .returning(AuditEntry.id)
        ).scalar_one()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET summary = '篡改' WHERE id = :id",
        "DELETE FROM audit_entries WHERE id = :id",
        "TRUNCATE audit_entries",
    ],
)
def test_the_audit_log_refuses_rewrites_at_the_database_level(
    engine: Engine, one_entry: int, statement: str
):
    with engine.connect() as conn, pytest.raises(DBAPIError) as refused:
        conn.execute(text(statement), {"id": one_entry})
    assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
    assert "审计日志只能追加" in str(refused.value.orig)
    with engine.connect() as conn:
        summary = conn.execute(
            text("SELECT summary FROM audit_entries WHERE id = :id"), {"id": one_entry}
        ).scalar_one()
    assert summary == ""


def test_hosts_started_together_migrate_one_at_a_time(admin_url: str, tmp_path):
    # Several `fanzha serve` starting at once each run the pending migrations: the advisory
    # lock lets one do it and the others find the database already there.
    _create_database(admin_url, "t_migrate_race")
    url = sqlalchemy_url(with_database(admin_url, "t_migrate_race"))
    go = tmp_path / "go"
    # Processes, as hosts are (Alembic's context is one per process), released together once
    # each has imported everything.
    code = (
        "import pathlib, time; from fanzha import migrate\n"
        "pathlib.Path(__import__('sys').argv[1]).touch()\n"
        f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.005)\n"
        f"migrate.upgrade({url!r}, '0004')"
    )
    ready = [tmp_path / f"ready-{n}" for n in range(3)]
    hosts = [
        subprocess.Popen([sys.executable, "-c", code, str(r)], stderr=subprocess.PIPE)
        for r in ready
    ]
    deadline = time.monotonic() + 120
    while not all(r.exists() for r in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    for host in hosts:
        _, err = host.communicate(timeout=120)
        assert host.returncode == 0, err.decode()[-2000:]  # duplicate table, version row...
    with psycopg.connect(libpq_url(url)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]


def test_threads_asking_at_once_start_the_embedded_server_once(monkeypatch):
    started: list[str] = []

    def slow_start(pgdata):  # a real start takes seconds; two at once in one directory fail
        started.append(threading.current_thread().name)
        time.sleep(0.2)
        return "postgresql://postgres@localhost:5432/postgres"

    monkeypatch.setenv("FANZHA_DATABASE_URL", "")
    db.get_settings.cache_clear()
    monkeypatch.setattr(db, "start_embedded_server", slow_start)
    monkeypatch.setattr(db, "ensure_database", lambda admin_url, name: None)
    db._resolved_database_url.cache_clear()
    try:
        barrier = threading.Barrier(8, timeout=30)

        def ask() -> str:
            barrier.wait()
            return db.resolve_database_url()

        with ThreadPoolExecutor(8) as pool:
            asked = [pool.submit(ask) for _ in range(8)]
            urls = {each.result(timeout=60) for each in asked}
    finally:
        # The next caller resolves afresh, as a new process would.
        db._resolved_database_url.cache_clear()
        db.get_settings.cache_clear()
    assert len(started) == 1
    assert len(urls) == 1
    assert urls.pop().endswith(f"/{db.APP_DATABASE}")
