"""Schemathesis against our own OpenAPI: whatever a client sends, no operation answers 5xx."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from fanzha.app import create_app
from fanzha.demo.city import DEMO_PASSWORD
from fanzha.web.deps import CSRF_COOKIE

schema = schemathesis.openapi.from_dict(create_app().openapi())


@pytest.fixture(scope="module")
def admin_http(live_server: str) -> requests.Session:
    """A signed-in admin: every operation is permitted, so inputs reach the services."""
    http = requests.Session()
    http.get(f"{live_server}/login", timeout=10)
    token = http.cookies[CSRF_COOKIE]
    signed_in = http.post(
        f"{live_server}/login",
        timeout=10,
        allow_redirects=False,
        data={"username": "admin", "password": DEMO_PASSWORD, "csrf_token": token, "next": "/"},
    )
    assert signed_in.status_code == 303
    http.headers["X-CSRF-Token"] = token
    return http


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_operation_answers_with_a_server_error(case, live_server, admin_http):
    response = case.call(base_url=live_server, session=admin_http, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
