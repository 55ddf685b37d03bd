"""Work an app process would otherwise do on its first requests, done before it serves any.

FastAPI builds each included router's routes (dependency graphs, pydantic validators) the first
time a request is matched against them, on the event loop: measured at 0.5–1.5 s of CPU, during
which the process answers nothing, not even /healthz. SQLAlchemy configures its mappers on the
first query. And the objects all this leaves behind (hundreds of thousands, alive for the
process's lifetime) would be walked by every full garbage collection, a pause of 0.1–1 s in
the middle of whatever burst triggered it; `gc.freeze()` moves them out of the collector's way.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import configure_mappers

from fanzha.config import get_settings
from fanzha.db import get_engine, sqlalchemy_url
from fanzha.web import health

log = logging.getLogger(__name__)


_frozen = False
SWITCH_INTERVAL = 0.001  # seconds; see warmed_up
# Nice value of the threads that do a request's database work (see `threads_yield_to_the_loop`).
REQUEST_THREAD_NICENESS = 5
_niced = threading.local()


def warm_up(app: FastAPI) -> None:
    """Build `app`'s routes and the ORM mappers now, then freeze what survives a collection
    (once per process: a test process creating many apps must not freeze each one's garbage)."""
    global _frozen
    began = time.perf_counter()
    # Walks every route of every included router, which builds and keeps each one's state
    # (and the schema /api/openapi.json answers with).
    app.openapi()
    configure_mappers()
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
    log.info("app process warmed up in %.0f ms", (time.perf_counter() - began) * 1000)


@asynccontextmanager
async def warmed_up(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: uvicorn runs it in each worker process before it accepts requests."""
    warm_up(app)
    # The event loop competes for the GIL with the request threads; a thread wanting the GIL
    # waits up to one switch interval per hand-over (5 ms by default), and /healthz needs a few.
    sys.setswitchinterval(SWITCH_INTERVAL)
    threads_yield_to_the_loop(get_engine())
    # A served process names its database (`fanzha serve` hands its workers the URL): watch
    # it, so /healthz answers from memory. Without one, /healthz asks on each request.
    url = get_settings().database_url
    if not url:
        yield
        return
    async with health.watch_database(sqlalchemy_url(url)):
        yield


def threads_yield_to_the_loop(engine: Engine) -> None:
    """Lower the CPU priority (to nice REQUEST_THREAD_NICENESS, Linux, per thread) of every thread
    that takes a connection from `engine`, the event loop's own thread excepted.

    In a burst the request threads and the database want both cores; at equal priority the
    event loop waits its turn behind them, and with it every request it has yet to accept,
    /healthz included. A lower priority for the threads makes the burst itself take a little
    longer, never stall: the kernel still gives them every cycle the loop does not need. Once
    per thread (a thread cannot raise its priority back without privilege, and needs not:
    these threads serve requests and nothing else)."""
    if not event.contains(engine, "checkout", _lower_this_thread):
        event.listen(engine, "checkout", _lower_this_thread)


def _lower_this_thread(*_args: object) -> None:
    if getattr(_niced, "done", False) or threading.current_thread() is threading.main_thread():
        return
    _niced.done = True
    with contextlib.suppress(OSError, AttributeError):  # not permitted, or not on Linux
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), REQUEST_THREAD_NICENESS)
