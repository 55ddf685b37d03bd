"""A batch interrupted by killing the app process is resent and lands exactly once.

The kill is timed by the database, not a sleep: the test holds an uncommitted warning with the
key of the batch's 501st item, so the batch's write blocks on the test's transaction midway;
the test waits until PostgreSQL shows the app's transaction waiting on it, then kills the app.
No hook in the app is needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from tests.helpers import free_port, make_api_key
from tests.warnings.factories import warning_payload


def _start(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "FANZHA_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "fanzha.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    # Generous: importing the app alone took 30 s on a loaded two-core CI machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("app did not start")


def _backend_blocked_by(engine: Engine, holder: int, deadline_s: float = 30) -> tuple[int, str]:
    """(pid, what it waits for) of the backend waiting on backend `holder`'s transaction, once
    there is one. Asked from a fresh transaction each round: pg_stat_activity is a snapshot per
    transaction."""
    deadline = time.monotonic() + deadline_s
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                text(
                    "SELECT pid, state || ' ' || wait_event_type AS waiting FROM pg_stat_activity"
                    " WHERE :holder = ANY(pg_blocking_pids(pid))"
                ),
                {"holder": holder},
            ).first()
            if row:
                return row.pid, row.waiting
            conn.rollback()
            time.sleep(0.02)  # polling for a state, not waiting for one to happen by itself
    raise AssertionError("the batch never reached the held key")


def _wait_gone(engine: Engine, pid: int, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            if not conn.execute(
                text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).first():
                return
            conn.rollback()  # a fresh snapshot of pg_stat_activity each round
            time.sleep(0.02)
    raise AssertionError(f"backend {pid} outlived its killed client")


def test_killed_mid_batch_then_resent_lands_each_warning_exactly_once(own_engine, own_database_url):
    with Session(own_engine) as session:
        key = make_api_key(session)
        session.commit()
    items = [warning_payload(external_id=f"CRASH-{i:05d}") for i in range(1000)]
    port = free_port()
    app = _start(own_database_url, port)
    outcome: dict[str, object] = {}

    def send() -> None:
        try:
            outcome["status"] = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/warnings:batch",
                json={"items": items},
                timeout=60,
                headers={"X-API-Key": key},
            ).status_code
        except httpx.HTTPError as exc:
            outcome["error"] = type(exc).__name__

    with Session(own_engine) as barrier:
        # Uncommitted: the batch's insert of the same key must wait for this transaction.
        intake.receive_batch(barrier, Principal.system(), [items[500]])
        holder = barrier.scalar(text("SELECT pg_backend_pid()"))
        sender = threading.Thread(target=send)
        sender.start()
        try:
            pid, waiting = _backend_blocked_by(own_engine, holder)
        finally:
            app.send_signal(signal.SIGKILL)
            app.wait()
        assert waiting == "active Lock"  # inside the batch's write, on the key the test holds
        sender.join()
        barrier.rollback()
    assert "status" not in outcome, outcome  # killed before it could answer
    _wait_gone(own_engine, pid)  # the orphaned transaction ended without a commit

    with Session(own_engine) as session:
        survived = session.scalar(
            select(func.count()).select_from(Warning).where(Warning.external_id.like("CRASH-%"))
        )
    assert survived == 0

    app = _start(own_database_url, port)
    try:
        resent = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/warnings:batch",
            json={"items": items},
            timeout=60,
            headers={"X-API-Key": key},
        )
    finally:
        app.terminate()
        app.wait()
    body = resent.json()
    assert resent.status_code == 200 and body["rejected"] == 0
    assert body["created"] == 1000
    with Session(own_engine) as session:
        stored = session.scalar(
            select(func.count()).select_from(Warning).where(Warning.external_id.like("CRASH-%"))
        )
        distinct = session.scalar(
            select(func.count(func.distinct(Warning.external_id))).where(
                Warning.external_id.like("CRASH-%")
            )
        )
    assert stored == distinct == 1000
