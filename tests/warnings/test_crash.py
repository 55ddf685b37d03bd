"""A batch interrupted by killing the app process is resent and lands exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("app did not start")


@pytest.mark.usefixtures("city")
def test_killed_mid_batch_then_resent_lands_each_warning_exactly_once(engine, database_url):
    with Session(engine) as session:
        key = make_api_key(session)
        session.commit()
    items = [warning_payload(external_id=f"CRASH-{i:05d}") for i in range(1000)]
    port = free_port()
    app = _start(database_url, port)
    outcome: dict[str, object] = {}

    def send() -> None:
        try:
            outcome["status"] = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/warnings:batch",
                json={"items": items},
                timeout=30,
                headers={"X-API-Key": key},
            ).status_code
        except httpx.HTTPError as exc:
            outcome["error"] = type(exc).__name__

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(0.15)  # the batch is being read, validated or written
    app.send_signal(signal.SIGKILL)
    app.wait()
    sender.join()
    assert "error" in outcome or outcome.get("status") == 200  # either lost or just made it

    app = _start(database_url, port)
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
    assert body["created"] + body["existing"] == 1000
    with Session(engine) as session:
        stored = session.scalar(
            select(func.count()).select_from(Warning).where(Warning.external_id.like("CRASH-%"))
        )
        distinct = session.scalar(
            select(func.count(func.distinct(Warning.external_id))).where(
                Warning.external_id.like("CRASH-%")
            )
        )
    assert stored == distinct == 1000
