"""A served app process does its first-request work before it accepts a request
(fanzha.web.warmup): every route built (FastAPI would otherwise build them on the event loop
during the first burst, answering nothing for up to a second) and the start-up heap frozen out
of the garbage collector's way. The suite's per-test apps skip it."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from fanzha.app import create_app


def test_a_served_app_is_warmed_up_before_its_first_request():
    app = create_app()
    with TestClient(app) as client:  # runs the lifespan, as uvicorn does in each worker
        assert app.openapi_schema is not None  # built from every route, before any request
        assert gc.get_freeze_count() > 0
        assert client.get("/api/openapi.json").json() == app.openapi_schema


def test_the_suites_apps_skip_the_warm_up():
    app = create_app(warm_up=False)
    with TestClient(app):
        assert app.openapi_schema is None
