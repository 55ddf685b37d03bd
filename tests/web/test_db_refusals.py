"""Every app connection carries lock, statement and idle-in-transaction timeouts; a request the
database gives up on, or stops because it collided with another, gets a clear Chinese answer
(503 with Retry-After, or 409), never a 500 and never a hang."""

from __future__ import annotations

import re

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.db import new_engine, timeout_connect_args
from fanzha.web.deps import Anyone, DbSession
from tests.helpers import csrf_token, login

pytestmark = pytest.mark.usefixtures("city")


def _shown(engine: Engine) -> tuple[str, str, str]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(text(f"SHOW {name}")).scalar()
            for name in ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")
        )


def test_app_connections_carry_the_timeouts_and_bulk_ones_longer_ones(database_url):
    request, bulk = new_engine(database_url), new_engine(database_url, bulk=True)
    try:
        assert _shown(request) == ("5s", "30s", "1min")
        assert _shown(bulk) == ("1min", "30min", "10min")
    finally:
        request.dispose()
        bulk.dispose()


@pytest.fixture
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_timeouts_come_from_the_environment_and_keep_the_urls_options(
    monkeypatch, fresh_settings
):
    monkeypatch.setenv("FANZHA_DB_LOCK_TIMEOUT", "0.25")
    monkeypatch.setenv("FANZHA_DB_IDLE_IN_TRANSACTION_TIMEOUT", "0")
    options = timeout_connect_args("postgresql://h/db?options=-c%20search_path%3Dfz")["options"]
    assert options.startswith("-c search_path=fz ")
    assert "-c lock_timeout=250 " in options
    assert "-c statement_timeout=30000 " in options
    assert options.endswith("-c idle_in_transaction_session_timeout=0")


# --- a real wait: a login whose account row another transaction holds ---------------------


@pytest.mark.parametrize(
    "setting", ["lock_timeout = '200ms'", "lock_timeout = 0; SET LOCAL statement_timeout = '200ms'"]
)
def test_a_login_waiting_on_a_held_row_is_told_the_system_is_busy(
    client, session: Session, engine: Engine, setting: str
):
    csrf_token(client)
    session.execute(text(f"SET LOCAL {setting}"))
    with engine.connect() as other, other.begin():
        other.execute(text("SELECT 1 FROM users WHERE username = 'duty' FOR UPDATE"))
        response = login(client, "duty", "wrong-password")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert "系统繁忙，请稍后重试" in response.text


# --- every refusal the database can give, through a route that provokes it ---------------


@pytest.fixture
def refusing_client(app, client):
    def refuse(state: str, request: Request, session: DbSession, _: Anyone) -> None:
        assert re.fullmatch(r"[0-9A-Z]{5}", state)
        session.execute(
            text(f"DO $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '{state}'; END $$")
        )

    app.add_api_route("/api/v1/_refuse/{state}", refuse)
    app.add_api_route("/_refuse/{state}", refuse)
    return client


@pytest.mark.parametrize(
    ("state", "status", "code", "message"),
    [
        ("55P03", 503, "busy", "系统繁忙，请稍后重试"),  # lock_timeout
        ("57014", 503, "busy", "系统繁忙，请稍后重试"),  # statement_timeout
        ("25P03", 503, "busy", "系统繁忙，请稍后重试"),  # idle_in_transaction_session_timeout
        ("53300", 503, "busy", "系统繁忙，请稍后重试"),  # too many connections
        ("40P01", 409, "concurrent_change", "该记录正被他人同时修改"),  # deadlock
        ("40001", 409, "concurrent_change", "该记录正被他人同时修改"),  # serialization
    ],
)
def test_each_refusal_has_its_answer_in_json_pages_and_toasts(
    refusing_client, state, status, code, message
):
    api = refusing_client.get(f"/api/v1/_refuse/{state}")
    assert api.status_code == status
    assert api.json()["code"] == code and message in api.json()["message"]
    page = refusing_client.get(f"/_refuse/{state}")
    assert page.status_code == status and message in page.text
    toast = refusing_client.get(f"/_refuse/{state}", headers={"HX-Request": "true"})
    assert toast.status_code == status and message in toast.text
    assert toast.headers["HX-Retarget"] == "#toast"
    for response in (api, page, toast):
        assert ("retry-after" in response.headers) == (status == 503)


def test_any_other_database_error_is_still_a_server_error(app, refusing_client):
    with TestClient(app, raise_server_exceptions=False) as plain:
        response = plain.get("/api/v1/_refuse/XX000")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


# --- every pooled connection in use: the pool's own timeout --------------------------------


def test_a_request_that_finds_the_pool_exhausted_is_told_the_system_is_busy(app, client):
    def exhausted(_: Anyone) -> None:
        # What QueuePool raises when pool_size + max_overflow connections are all checked out:
        # under a storm of 100 wrong-password logins this was a 500 with an English traceback.
        raise PoolTimeout("QueuePool limit of size 20 overflow 30 reached")

    app.add_api_route("/api/v1/_exhausted", exhausted)
    with TestClient(app, raise_server_exceptions=False) as plain:
        response = plain.get("/api/v1/_exhausted")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert response.json()["code"] == "busy"
