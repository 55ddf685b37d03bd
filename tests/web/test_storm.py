"""The storm (bench/storm.py) against the real app, `uvicorn --workers 2` on this module's own
database: 100 wrong-password logins for one account, 50 attempts on one warning and 50 claims
of one task, all at once, while /healthz is polled. Every request is answered (no 5xx but a
declared 503 系统繁忙), the account ends locked, one claim wins, /healthz answers throughout."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime

import pytest
from bench import storm
from bench.intake import Server
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from fanzha.db import libpq_url
from fanzha.warnings.models import ContactAttempt, DoorVisitTask
from tests.helpers import user


@pytest.fixture(scope="module")
def targets(engine: Engine, city) -> storm.Targets:
    with Session(engine) as session:
        planned = storm.prepare(session)
        session.commit()
    return planned


@pytest.fixture(scope="module")
def server(database_url: str, targets) -> str:
    running = Server(libpq_url(database_url))
    yield running.base
    running.stop()


def test_every_request_in_the_storm_is_answered_and_healthz_throughout(
    server: str, engine: Engine, targets: storm.Targets
):
    began = time.monotonic()
    poller = storm.Poller(server)
    try:
        answers = storm.storm(server, targets)
    finally:
        polls = poller.stop()
    took = time.monotonic() - began

    tally = Counter((a.kind, a.status) for a in answers)
    assert [a for a in answers if a.status is None] == [], f"unanswered requests: {tally}"
    assert storm.misfits(answers) == []
    claims = [a.status for a in answers if a.kind == "claim"]
    assert claims.count(303) == 1 and claims.count(409) + claims.count(503) == storm.CLAIMS - 1
    assert polls and None not in polls, "/healthz went unanswered"
    assert took < storm.REQUEST_TIMEOUT, f"the storm took {took:.1f} s: {tally}"

    with Session(engine) as session:
        account = user(session, storm.LOCKED_USER)
        assert account.locked_until is not None and account.locked_until > datetime.now(UTC)
        task = session.get(DoorVisitTask, targets.task_id)
        assert task.status == "claimed" and task.claimed_by_id == user(session, storm.WORKER).id
        recorded = session.scalar(
            select(func.count()).where(ContactAttempt.warning_id == targets.warning_id)
        )
    # Each attempt answered 200 was stored, and only those.
    assert recorded == sum(1 for a in answers if a.kind == "attempt" and a.status == 200)
