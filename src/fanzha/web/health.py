"""What /healthz answers: this process is serving, and its database answered a moment ago.

A server process watches its database in the background (`watch_database`, started by the
app's lifespan): a `SELECT 1` every CHECK_EVERY seconds, on threads and connections of the
health check's own. /healthz then answers from memory on the event loop: the one request that
must answer fast waits for no thread, no GIL hand-over to a thread and no database round trip.
Asked per request, each check was two round trips (the pool's ping and the SELECT) to a
database whose CPU the storm's own queries were using: most of /healthz's time during a
storm. A process that does not watch (the suite's per-test apps, run without the lifespan)
asks the database on each request instead (fanzha.web.views.database_answers).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from sqlalchemy import text

from fanzha import db
from fanzha.errors import DomainError
from fanzha.web.deps import threads_of

log = logging.getLogger(__name__)

CHECK_EVERY = 1.0  # seconds between two background checks
# A process whose database has not answered for this long is reported unhealthy: a few
# checks missed, not one slow one.
FRESH_FOR = 5.0

_answered_at = -math.inf  # monotonic time of the last check the database answered
_watching = False


class DatabaseSilent(DomainError):
    status_code = 503
    code = "database_silent"


def select_one(url: str) -> None:
    """Ask `url` for a SELECT 1 on a connection of the health check's own (blocking)."""
    with db.health_engine(url).connect() as connection:
        connection.execute(text("SELECT 1"))


async def _check(url: str) -> None:
    global _answered_at
    await anyio.to_thread.run_sync(select_one, url, limiter=threads_of("health", 2))
    _answered_at = time.monotonic()


@asynccontextmanager
async def watch_database(url: str) -> AsyncIterator[None]:
    """Check `url` once now (a process is not healthy before its database has answered), then
    every CHECK_EVERY seconds until the context ends. A failed check is logged (its kind
    only) and tried again at the next tick."""
    global _watching

    async def keep_checking() -> None:
        while True:
            await anyio.sleep(CHECK_EVERY)
            try:
                await _check(url)
            except Exception as exc:  # any failure means "not answering"
                log.warning("health check: the database did not answer (%s)", type(exc).__name__)

    await _check(url)
    _watching = True
    try:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(keep_checking)
            yield
            tasks.cancel_scope.cancel()
    finally:
        _watching = False


def watching() -> bool:
    """This process watches its database (a served process, see `watch_database`)."""
    return _watching


def require_recent_answer() -> None:
    """Nothing when the watched database answered within FRESH_FOR seconds; DatabaseSilent
    (503) otherwise."""
    if time.monotonic() - _answered_at > FRESH_FOR:
        raise DatabaseSilent()
