"""The storm (bench/storm.py) against a real server with 2 worker processes:

- concurrency.healthz_p99_ms_idle: p99 of /healthz polled for a few seconds with nothing else;
- concurrency.healthz_p99_ms_storm: p99 of /healthz polled during the storm, against the idle
  figure of the same run (target: ratio ≤ 3). One storm lasts about three seconds, ~150 polls,
  so its p99 would be its second-worst poll: the storm is run once per account of
  LOCKED_USERS (each on fresh targets: its own account to lock, warning and task) and the
  polls of all of them pooled;
- concurrency.unanswered: storm requests and /healthz polls that got no answer (target 0);
- concurrency.server_errors: answers ≥ 500 other than a declared 503 系统繁忙 (target 0);
- concurrency.storm_seconds: from the first request sent to the last answer, the longest of
  the storms.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from bench import storm
from bench.figures import Figure
from bench.intake import Server, _percentile
from fanzha import migrate
from fanzha.db import ensure_database, libpq_url, new_engine, with_database
from fanzha.demo import city as demo_city

IDLE_SECONDS = 5
PAUSE_SECONDS = 2  # between two storms, for the last one's stragglers to finish
# One storm per account, each locking its own (the first is the suite's).
LOCKED_USERS = (storm.LOCKED_USER, "leader", "reviewer")


def run(url: str) -> dict[str, Figure]:
    # A database of its own: the small demo city and nothing the other benchmarks left.
    ensure_database(url, "bench_concurrency")
    url = libpq_url(with_database(url, "bench_concurrency"))
    migrate.upgrade(url)
    engine = new_engine(url, bulk=True)
    with Session(engine) as session:
        if demo_city.is_empty(session):
            demo_city.build(session, seed=7, scale="small")
        rounds = [storm.prepare(session, user) for user in LOCKED_USERS]
        session.commit()
    engine.dispose()

    server = Server(url)
    try:
        poller = storm.Poller(server.base)
        time.sleep(IDLE_SECONDS)  # the idle baseline is a span of time, not a condition
        idle = poller.stop()
        answers: list[storm.Answer] = []
        during: list[float | None] = []
        seconds = 0.0
        for targets in rounds:
            time.sleep(PAUSE_SECONDS)
            poller = storm.Poller(server.base)
            began = time.perf_counter()
            try:
                answers += storm.storm(server.base, targets)
            finally:
                seconds = max(seconds, time.perf_counter() - began)
                during += poller.stop()
    finally:
        server.stop()

    unanswered = sum(1 for a in answers if a.status is None) + (idle + during).count(None)
    server_errors = sum(1 for a in answers if a.status and a.status >= 500 and a.status != 503)
    server_errors += sum(1 for a in storm.misfits(answers) if a.status == 503)
    return {
        "concurrency.healthz_p99_ms_idle": Figure(_p99(idle), "ms"),
        "concurrency.healthz_p99_ms_storm": Figure(
            _p99(during), "ms", baseline="concurrency.healthz_p99_ms_idle"
        ),
        "concurrency.unanswered": Figure(unanswered, "requests"),
        "concurrency.server_errors": Figure(server_errors, "requests"),
        "concurrency.storm_seconds": Figure(round(seconds, 2), "s"),
    }


def _p99(latencies: list[float | None]) -> float:
    answered = [ms for ms in latencies if ms is not None]
    return round(_percentile(answered, 99), 1) if answered else float("inf")
