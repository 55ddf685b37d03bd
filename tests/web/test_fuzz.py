"""Schemathesis over every operation of /api/openapi.json, in-process, inside the test's
rolled-back transaction: whatever a client sends, no answer is a server error, and every
answer is one the schema documents (status, content type, body shape).

JSON routes are driven with an API key holding every scope; pages with a signed-in admin and
the CSRF header. Pages read their forms themselves, so the schema does not describe those
fields: `_form_fields` finds the names each page reads and the fuzz sends them as a form.
"""

from __future__ import annotations

import inspect
import re

import pytest
import schemathesis
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from pydantic import BaseModel
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from fanzha.access import API_KEY_SCOPES
from fanzha.app import create_app
from fanzha.web.deps import API_KEY_HEADER, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from fanzha.web.edge import walk_routes
from tests.helpers import declared_permission, login, make_api_key

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    # Methods a path does not serve: 405 with an Allow header naming those it does.
    unsupported_method,
]
# Generated cases per operation, on top of schemathesis' coverage cases (boundaries, wrong
# types, other methods: about 15 more): 142 operations stay within a few minutes.
EXAMPLES = 10

_FORM_READS = re.compile(r"""(?:\.get|\.getlist|form_field)\(\s*["'](\w+)["']|\[["'](\w+)["']\]""")


def _form_fields(route: APIRoute) -> list[str]:
    """The form field names a page reads: literal `form.get("x")` keys in its body and the
    fields of the input schemas (`...In` models) it validates the form with."""
    source = inspect.getsource(route.endpoint)
    names = {a or b for a, b in _FORM_READS.findall(source)}
    scope = route.endpoint.__globals__
    for model_name in re.findall(r"\b(\w+In)\b", source):
        model = scope.get(model_name)
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(model.model_fields)
    return sorted(names - {"csrf_token"})


def _key_operations() -> set[tuple[str, str]]:
    """JSON operations an API key can be given the scope for; the others (audit, org
    management) are for signed-in users and are driven with the admin session."""
    scopes = set(API_KEY_SCOPES)
    return {
        (method, route.path_format)
        for route in walk_routes(create_app().routes)
        if isinstance(route, APIRoute) and route.path.startswith("/api/")
        for method in route.methods
        if isinstance(declared_permission(route), tuple)
        and set(declared_permission(route)) <= scopes
    }


KEY_OPERATIONS = _key_operations()


def _fuzz_schema() -> dict:
    """The app's OpenAPI document, with a form body added to each page POST that has none."""
    app = create_app()
    document = app.openapi()
    for route in walk_routes(app.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        if route.path.startswith("/api/") or "POST" not in route.methods:
            continue
        operation = document["paths"][route.path_format]["post"]
        fields = _form_fields(route)
        if "requestBody" in operation or not fields:
            continue
        properties = {name: {"type": "string"} for name in fields}
        operation["requestBody"] = {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": properties}
                }
            }
        }
    return document


schema = schemathesis.openapi.from_dict(_fuzz_schema())


@pytest.fixture
def credentials(app, session, city) -> dict[str, dict[str, str]]:
    """Headers and cookies for the JSON API (a key with every scope) and for pages (an
    admin's session with its CSRF token)."""
    key = make_api_key(session, "admin", tuple(sorted(s.value for s in API_KEY_SCOPES)))
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as browser:
        assert login(browser, "admin").status_code == 303
        cookies = {
            SESSION_COOKIE: browser.cookies[SESSION_COOKIE],
            CSRF_COOKIE: browser.cookies[CSRF_COOKIE],
        }
    return {
        "api": {"headers": {API_KEY_HEADER: key}, "cookies": {}},
        "page": {"headers": {CSRF_HEADER: cookies[CSRF_COOKIE]}, "cookies": cookies},
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # A failure is reported as found: shrinking it costs minutes and the message names it.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_documented(case, app, credentials):
    kind = "api" if (case.method.upper(), case.path) in KEY_OPERATIONS else "page"
    response = case.call(
        app=app, headers=credentials[kind]["headers"], cookies=credentials[kind]["cookies"]
    )
    case.validate_response(response, checks=CHECKS, headers=credentials[kind]["headers"])
