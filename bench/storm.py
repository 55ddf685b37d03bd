"""The storm of issue 15, shared by the suite (tests/web/test_storm.py) and `make bench`
(bench/concurrency.py). Against a real server with 2 worker processes, all at the same moment:
100 wrong-password logins for one account, 50 contact attempts on one warning and 50 claims of
one door-visit task, while /healthz is polled from a process of its own (`python -m
bench.poll URL`), so the client's own work never delays the health figures."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import poll
from fanzha import clock
from fanzha.access import Principal
from fanzha.auth.models import User
from fanzha.demo.city import DEMO_PASSWORD
from fanzha.org.models import Compound, Grid, Street, Unit
from fanzha.warnings import intake, ladder
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from fanzha.web.deps import CSRF_COOKIE

LOGINS, ATTEMPTS, CLAIMS = 100, 50, 50
LOCKED_USER = "analyst"  # the account the wrong passwords are aimed at
WORKER = "station_a"  # records the attempts and claims the task
REQUEST_TIMEOUT = 30.0  # seconds; a request not answered by then counts as unanswered
# What each kind may answer: a declared 503 (系统繁忙, with Retry-After) is allowed for all.
EXPECTED = {
    "login": {401, 429, 503},
    "attempt": {200, 503},
    "claim": {303, 409, 503},
}


@dataclass(frozen=True)
class Targets:
    warning_id: int  # a warning in the worker's grid, for the attempts
    task_id: int  # an open door-visit task of another warning, for the claims
    locked_user: str = LOCKED_USER  # the account the wrong passwords are aimed at


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int | None  # None: no answer (timeout, connection refused or reset)
    seconds: float
    retry_after: str | None = None
    text: str = ""


def prepare(session: Session, locked_user: str = LOCKED_USER) -> Targets:
    """Two warnings in a grid of the worker's station (the demo city must be built); the
    second escalated to an open door visit; the wrong passwords aimed at `locked_user`. The
    caller commits."""
    station = session.scalars(select(User).where(User.username == WORKER)).one().unit
    grid_id, district, street, number, compound = session.execute(
        select(Grid.id, Street.district, Street.name, Compound.house_number, Compound.name)
        .join(Compound, Compound.grid_id == Grid.id)
        .join(Street, Street.id == Compound.street_id)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(station.path + "%"))
        .order_by(Compound.id)
        .limit(1)
    ).one()
    stamp = time.time_ns()
    payloads = [
        WarningIn(
            source="ministry",
            external_id=f"STORM-{stamp}-{n}",
            person_name="王秀英",
            person_phone=f"139{(stamp // 1000 + n) % 10**8:08d}",
            address=f"{district}{street}{number}{compound}3栋2单元501室",
            fraud_type="investment",
            fraudster_phone="+8617012345678",
            amount_fen=0,
            issued_at=clock.now(),
        )
        for n in range(2)
    ]
    system = Principal.system()
    stored = intake.store(session, system, payloads)
    [attempted, escalated] = [warning_id for warning_id, _ in stored]
    warning = session.get(Warning, escalated)
    assert warning is not None and warning.grid_id == grid_id
    task = ladder.escalate_to_door_visit(session, system, warning)
    return Targets(warning_id=attempted, task_id=task.id, locked_user=locked_user)


async def _client(base: str, username: str | None = None) -> tuple[httpx.AsyncClient, str]:
    """A client holding the CSRF cookie (and a session of `username`), and the token."""
    client = httpx.AsyncClient(
        base_url=base,
        timeout=REQUEST_TIMEOUT,
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
    )
    await client.get("/login")
    token = client.cookies[CSRF_COOKIE]
    if username:
        signed = await client.post(
            "/login",
            data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
        )
        assert signed.status_code == 303, signed.text
    return client, token


async def _storm(base: str, targets: Targets) -> list[Answer]:
    anonymous, anonymous_token = await _client(base)
    worker, token = await _client(base, WORKER)
    htmx = {"HX-Request": "true", "X-CSRF-Token": token}

    async def send(kind: str, client: httpx.AsyncClient, url: str, data: dict, headers: dict):
        began = time.perf_counter()
        try:
            response = await client.post(url, data=data, headers=headers)
        except httpx.HTTPError:
            return Answer(kind, None, time.perf_counter() - began)
        return Answer(
            kind,
            response.status_code,
            time.perf_counter() - began,
            response.headers.get("retry-after"),
            response.text,
        )

    requests = [
        (
            "login",
            anonymous,
            "/login",
            {
                "username": targets.locked_user,
                "password": f"wrong-{i}",
                "csrf_token": anonymous_token,
            },
            {},
        )
        for i in range(LOGINS)
    ]
    requests += [
        (
            "attempt",
            worker,
            f"/warnings/{targets.warning_id}/attempts",
            {"kind": "call_96110", "result": "no_answer"},
            htmx,
        )
        for _ in range(ATTEMPTS)
    ]
    requests += [
        ("claim", worker, f"/warnings/tasks/{targets.task_id}/claim", {}, htmx)
        for _ in range(CLAIMS)
    ]
    random.Random(15).shuffle(requests)  # the kinds mixed, as real traffic would be
    try:
        return list(await asyncio.gather(*(send(*request) for request in requests)))
    finally:
        await anonymous.aclose()
        await worker.aclose()


def storm(base: str, targets: Targets) -> list[Answer]:
    """Send the whole storm at once; every request's answer (or its absence)."""
    return asyncio.run(_storm(base, targets))


def misfits(answers: list[Answer]) -> list[Answer]:
    """Answers outside what their kind may answer, and 503s not declared as 系统繁忙."""
    wrong = [a for a in answers if a.status not in EXPECTED[a.kind]]
    undeclared = [
        a for a in answers if a.status == 503 and not (a.retry_after and "系统繁忙" in a.text)
    ]
    return wrong + undeclared


# --- /healthz from a process of its own (bench/poll.py) --------------------------------------


class Poller:
    """Polls /healthz from its own process, from when this returns until `stop()`, which gives
    each poll's latency in ms (None: no answer, or not 200)."""

    def __init__(self, base: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.poll", base],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        if self.process.stdout.readline().strip() != "ready":
            self.process.kill()
            raise RuntimeError("the /healthz poller did not start")

    def stop(self) -> list[float | None]:
        out, _ = self.process.communicate(timeout=poll.TIMEOUT + 10)
        return json.loads(out)
