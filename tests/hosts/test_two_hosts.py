"""Several app hosts on one PostgreSQL: two real `fanzha serve` processes on different ports
and a separate `fanzha worker`, as a province deploys them behind a reverse proxy.

Everything a host keeps must live in the database (sessions, claims, the job queue's clocks)
or travel through it (the live board's NOTIFY); this test proves it with real processes, so a
per-process secret, an in-memory lock or a scheduler per process would fail it."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from fanzha.demo.city import DEMO_PASSWORD
from tests.helpers import free_port, make_api_key
from tests.warnings.factories import address_in, warning_payload
from tests.warnings.test_ladder import _grid_under

START_SECONDS = 180  # importing the app alone took 30 s on a loaded two-core CI machine
WAIT_SECONDS = 20


@contextmanager
def _process(args: list[str], database_url: str, log: Path) -> Iterator[subprocess.Popen]:
    """`fanzha ARGS` in a process group of its own (serve starts its own worker child), ended
    with the whole group."""
    env = {**os.environ, "FANZHA_DATABASE_URL": database_url}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "fanzha.cli", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield process
        finally:
            _end_group(process)


def _end_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    with contextlib.suppress(ProcessLookupError):  # children the leader left (its worker)
        os.killpg(process.pid, signal.SIGKILL)


def _until(what: str, check: Callable[[], object], seconds: float = WAIT_SECONDS) -> object:
    """Poll `check` until it returns something truthy; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)  # polling a state another process reaches, not waiting for it
    raise AssertionError(f"gave up waiting for {what}")


def _healthy(base: str, process: subprocess.Popen, log: Path) -> Callable[[], bool]:
    def check() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"{base} exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    return check


def _scalar(engine: Engine, sql: str, **params: object) -> object:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _login(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    client.get("/login")
    signed_in = client.post(
        "/login",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrf_token": client.cookies["fanzha_csrf"],
            "next": "/",
        },
    )
    assert signed_in.status_code == 303, signed_in.text[:500]
    return client


def _on(base: str, signed_in: httpx.Client) -> httpx.Client:
    """A client for another host carrying the cookies of a sign-in made elsewhere."""
    return httpx.Client(base_url=base, timeout=30, cookies=dict(signed_in.cookies))


def _closed_with(stack: ExitStack, client: httpx.Client) -> httpx.Client:
    stack.callback(client.close)
    return client


def _read_stream(client: httpx.Client, lines: queue.Queue, stop: threading.Event) -> None:
    try:
        with client.stream("GET", "/warnings/stream", timeout=httpx.Timeout(30)) as stream:
            lines.put(("status", stream.status_code))
            for line in stream.iter_lines():
                lines.put(("line", line))
                if stop.is_set():
                    return
    except httpx.HTTPError as exc:
        lines.put(("error", type(exc).__name__))


def _warning_event(lines: queue.Queue, warning_id: int) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        kind, value = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        assert kind != "error", value
        if kind == "line" and value.startswith("data: "):
            event = json.loads(value[len("data: ") :])
            if event.get("id") == warning_id:
                return event
    raise AssertionError("the warning never reached the other host's board")


def test_two_hosts_share_board_sessions_claims_and_clocks(own_engine, own_database_url, tmp_path):
    with Session(own_engine) as setup:
        key = make_api_key(setup)
        address = address_in(setup, _grid_under(setup, "dissuader_a").id)
        setup.commit()
    a, b = f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"
    with ExitStack() as stack:
        logs = {name: tmp_path / f"{name}.log" for name in ("worker", "a", "b")}
        stack.enter_context(_process(["worker"], own_database_url, logs["worker"]))
        hosts = {
            a: stack.enter_context(
                _process(
                    ["serve", "--port", a.rsplit(":", 1)[1], "--workers", "1"],
                    own_database_url,
                    logs["a"],
                )
            ),
            b: stack.enter_context(
                _process(
                    ["serve", "--port", b.rsplit(":", 1)[1], "--workers", "1"],
                    own_database_url,
                    logs["b"],
                )
            ),
        }
        for (base, process), log in zip(hosts.items(), (logs["a"], logs["b"]), strict=True):
            _until(f"{base} healthy", _healthy(base, process, log), START_SECONDS)

        # A session opened on host A is good on host B, CSRF token included.
        station_a = _closed_with(stack, _login(a, "station_a"))
        station_b = _closed_with(stack, _on(b, station_a))
        board = station_b.get("/warnings")
        assert board.status_code == 200 and "预警看板" in board.text

        # A warning posted to A reaches a board streaming from B (LISTEN/NOTIFY).
        lines: queue.Queue = queue.Queue()
        stop = threading.Event()
        stack.callback(stop.set)
        reader = threading.Thread(
            target=_read_stream, args=(_on(b, station_a), lines, stop), daemon=True
        )
        reader.start()
        assert lines.get(timeout=WAIT_SECONDS) == ("status", 200)
        _until(
            "host B listening",
            lambda: _scalar(
                own_engine,
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query = 'LISTEN fanzha_warnings'",
            ),
        )
        posted = httpx.post(
            f"{a}/api/v1/warnings",
            json=warning_payload(address=address),
            headers={"X-API-Key": key},
            timeout=30,
        )
        assert posted.status_code == 201, posted.text
        warning_id = posted.json()["id"]
        assert _warning_event(lines, warning_id)["kind"] == "new"

        # 转上门 on B, then six dissuaders' clicks at once, half to A and half to B: one wins.
        escalated = station_b.post(
            f"/warnings/{warning_id}/door-visit",
            headers={"HX-Request": "true", "X-CSRF-Token": station_a.cookies["fanzha_csrf"]},
        )
        assert escalated.status_code == 200, escalated.text[:500]
        task_id = _scalar(
            own_engine, "SELECT id FROM door_visit_tasks WHERE warning_id = :w", w=warning_id
        )
        dissuader = _closed_with(stack, _login(a, "dissuader_a"))
        clients = [_closed_with(stack, _on(base, dissuader)) for base in (a, b) * 3]
        barrier = threading.Barrier(len(clients))
        statuses: list[int] = []

        def claim(client: httpx.Client) -> None:
            barrier.wait()
            answer = client.post(
                f"/warnings/tasks/{task_id}/claim",
                data={"csrf_token": dissuader.cookies["fanzha_csrf"]},
            )
            statuses.append(answer.status_code)

        racers = [threading.Thread(target=claim, args=(c,)) for c in clients]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        assert sorted(statuses) == [303] + [409] * 5

        # Three job workers (one per serve, one alone) run each clock tick once.
        _until(
            "three job workers",
            lambda: _scalar(own_engine, "SELECT count(*) FROM procrastinate_workers") == 3,
        )
        _until(
            "a clock sweep",
            lambda: _scalar(
                own_engine,
                "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'warnings:"
                "escalate_overdue' AND status = 'succeeded'",
            ),
            90,  # workers defer the tick just past when they start; a later one within 60 s
        )
        with own_engine.connect() as conn:
            twice = conn.execute(
                text(
                    "SELECT task_name, args->>'timestamp', count(*) FROM procrastinate_jobs"
                    " WHERE args ? 'timestamp' GROUP BY 1, 2 HAVING count(*) > 1"
                )
            ).all()
            ticks = conn.execute(
                text(
                    "SELECT count(DISTINCT task_name) FROM procrastinate_jobs"
                    " WHERE args ? 'timestamp'"
                )
            ).scalar()
        assert twice == []
        assert ticks >= 2  # the warnings' and the money's clocks both ticked
