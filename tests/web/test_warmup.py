"""A served app process does its first-request work before it accepts a request
(fanzha.web.warmup): every route built (FastAPI would otherwise build them on the event loop
during the first burst, answering nothing for up to a second) and the start-up heap frozen out
of the garbage collector's way. The suite's per-test apps skip it."""

from __future__ import annotations

import gc
import os
import threading

from fastapi.testclient import TestClient
from sqlalchemy import event

from fanzha.app import create_app
from fanzha.db import get_engine
from fanzha.web import warmup


def test_a_served_app_is_warmed_up_before_its_first_request():
    app = create_app()
    with TestClient(app) as client:  # runs the lifespan, as uvicorn does in each worker
        assert app.openapi_schema is not None  # built from every route, before any request
        assert gc.get_freeze_count() > 0
        assert client.get("/api/openapi.json").json() == app.openapi_schema
    engine = get_engine()
    if event.contains(engine, "checkout", warmup._lower_this_thread):  # this process's threads
        event.remove(engine, "checkout", warmup._lower_this_thread)


def test_the_suites_apps_skip_the_warm_up():
    app = create_app(warm_up=False)
    with TestClient(app):
        assert app.openapi_schema is None


def test_request_threads_give_way_to_the_event_loop(engine):
    """A thread that takes a database connection runs at a lower CPU priority; the thread the
    event loop runs in keeps its own (it answers /healthz and accepts every request)."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import text

    def query_and_tell_priority() -> int:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    warmup.threads_yield_to_the_loop(engine)
    warmup.threads_yield_to_the_loop(engine)  # a second app in the process adds nothing
    try:
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(query_and_tell_priority).result() == max(
                own, warmup.REQUEST_THREAD_NICENESS
            )
        assert query_and_tell_priority() == own  # the main thread, as uvicorn's event loop
    finally:
        event.remove(engine, "checkout", warmup._lower_this_thread)
