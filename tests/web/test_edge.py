"""Validation at the edge: each kind of bad input has one answer, whatever route it reaches.

NUL bytes → 422 naming the field; ids no row can have → 404; integers out of range → 422;
unknown choices → 422 listing the Chinese labels; "" and null for an optional field → absent;
unparsable bodies → 422 in Chinese; 405 with `Allow`; every answer documented."""

from __future__ import annotations

import typing

import pytest
from fastapi.routing import APIRoute
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from fanzha import fields
from fanzha.app import create_app
from fanzha.i18n import zh_CN
from fanzha.warnings.schemas import BatchIn, WarningIn
from fanzha.web.edge import walk_routes
from tests.helpers import api_post, login, make_api_key, post_form

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def key(session) -> dict[str, str]:
    scopes = ("org.read", "warnings.intake", "warnings.read", "warnings.feedback")
    return {"X-API-Key": make_api_key(session, "admin", scopes)}


# --- NUL and other control characters ----------------------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x1f"])
def test_a_control_character_in_a_query_is_a_422_naming_the_field(client, key, char):
    response = client.get("/api/v1/org/staff", params={"q": f"张{char}三"}, headers=key)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "q", "message": zh_CN.VALIDATION["control_char"]}
    ]


def test_a_nul_in_a_page_query_is_a_chinese_422_page(client):
    login(client, "admin")
    response = client.get("/org/staff?q=a%00b")
    assert response.status_code == 422
    assert "无法显示的特殊字符" in response.text and "<html" in response.text


def test_a_nul_in_a_json_body_is_a_422_naming_the_field(client, key):
    login(client, "admin")
    response = api_post(
        client, "/api/v1/org/grids", {"code": "G1", "name": "北\x00区", "unit_id": 1}
    )
    assert response.status_code == 422
    assert {"field": "name", "message": zh_CN.VALIDATION["control_char"]} in response.json()[
        "errors"
    ]


def test_a_nul_in_a_form_field_is_a_422_not_a_500(client):
    response = post_form(client, "/login", {"username": "ad\x00min", "password": "x" * 12})
    assert response.status_code == 422
    assert "无法显示的特殊字符" in response.text


def test_tabs_and_line_breaks_are_ordinary_text():
    assert not fields.has_control_chars("第一行\r\n第二行\t备注")


@given(st.text())
def test_control_characters_are_found_wherever_they_are(text):
    expected = any(ord(c) < 32 and c not in "\t\n\r" for c in text)
    assert fields.has_control_chars(text) is expected


# --- integers out of range -----------------------------------------------------------------


@pytest.mark.parametrize("record_id", ["3000000000", "99999999999999999999", "0", "-1"])
def test_an_id_no_row_can_have_is_not_found(client, key, record_id):
    response = client.get(f"/api/v1/warnings/{record_id}", headers=key)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/warnings/abc", "/api/v1/warnings/-1"])
def test_an_id_that_is_not_a_number_is_no_page(client, key, path):
    response = client.get(path, headers=key)
    assert response.status_code == 404


def test_a_word_where_an_id_would_be_is_not_taken_for_one(client):
    # /cases/suggest-type only takes POST: a GET is a 405, not a case id that fails to parse.
    response = client.get("/cases/suggest-type")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_a_page_id_out_of_range_is_the_not_found_page(client):
    login(client, "admin")
    response = client.get("/admin/users/3000000000")
    assert response.status_code == 404
    assert "<html" in response.text


def test_a_cursor_out_of_range_is_a_422(client, session):
    key = make_api_key(session, "admin", ("warnings.feedback",))
    response = client.get(
        "/api/v1/warnings/feedback",
        params={"after_id": "99999999999999999999"},
        headers={"X-API-Key": key},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "after_id"


def test_an_id_out_of_range_in_a_body_is_a_422(client):
    login(client, "admin")
    response = api_post(
        client, "/api/v1/org/grids", {"code": "G1", "name": "北区", "unit_id": 3_000_000_000}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit_id"


# --- choices, blanks ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["null", "x", "OFFICER"])
def test_an_unknown_choice_lists_the_chinese_labels(client, key, kind):
    response = client.get("/api/v1/org/staff", params={"kind": kind}, headers=key)
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert all(label in message for label in zh_CN.STAFF_KINDS.values()), message


def test_an_empty_filter_means_no_filter(client, key):
    everyone = client.get("/api/v1/org/staff", headers=key).json()["total"]
    blank = client.get("/api/v1/org/staff?kind=&unit_id=&q=", headers=key)
    assert blank.status_code == 200 and blank.json()["total"] == everyone


class Sample(fields.InputModel):
    name: str
    note: str = "无"
    count: int = 3
    grid_id: fields.Ref | None = None


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_blank_or_null_for_an_optional_field_means_absent(blank):
    parsed = Sample.model_validate({"name": "甲", "note": blank, "count": blank, "grid_id": blank})
    assert (parsed.note, parsed.count, parsed.grid_id) == ("无", 3, None)


@pytest.mark.parametrize("blank", ["", None])
def test_blank_or_null_for_a_required_field_is_missing(blank):
    with pytest.raises(ValueError, match="missing"):
        Sample.model_validate({"name": blank})


def test_optional_staff_fields_may_be_sent_empty_or_null(client):
    login(client, "admin")
    created = api_post(
        client,
        "/api/v1/org/staff",
        {
            "name": "王小明",
            "kind": "volunteer",
            "phone": "13912345678",
            "unit_id": 1,
            "id_number": "",
            "badge_no": None,
            "grid_id": "",
            "is_dissuader": None,
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["grid_id"] is None and created.json()["badge_no"] is None


# --- bodies, methods, documentation --------------------------------------------------------


def test_an_unparsable_form_body_is_answered_in_chinese(client):
    login(client, "admin")
    response = client.post(
        "/warnings/import",
        content=b"--x\r\nno headers here",
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "X-CSRF-Token": client.cookies.get("fanzha_csrf"),
        },
    )
    assert response.status_code == 422
    assert zh_CN.VALIDATION["body_parse"] in response.text


def test_a_wrong_method_says_which_are_allowed(client):
    response = client.put("/api/v1/org/units")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["message"] == zh_CN.ERRORS["method_not_allowed"]


def _routes() -> list[APIRoute]:
    return [r for r in walk_routes(create_app().routes) if isinstance(r, APIRoute)]


def test_every_integer_path_parameter_is_a_record_id():
    offenders = [
        f"{route.path} {param.name}"
        for route in _routes()
        for param in route.dependant.path_params
        if param.field_info.annotation is int
        and not any(
            getattr(m, "func", None) is fields._record_id for m in param.field_info.metadata
        )
    ]
    assert offenders == []


def _bounded(field_info) -> bool:
    return any(getattr(m, "le", None) is not None for m in field_info.metadata)


def _is_int(annotation) -> bool:
    return annotation is int or int in typing.get_args(annotation)


def test_every_integer_query_parameter_has_an_upper_bound():
    offenders = [
        f"{route.path} {param.name}"
        for route in _routes()
        for param in route.dependant.query_params
        if _is_int(param.field_info.annotation) and not _bounded(param.field_info)
    ]
    assert offenders == []


def test_every_input_schema_is_an_input_model():
    bodies = {
        route.body_field.field_info.annotation
        for route in _routes()
        if route.body_field is not None
    }
    # Not ours to build: the models FastAPI generates for single Form() fields (their text is
    # checked by the app-wide refuse_control_chars) and the batch envelope, whose items are
    # validated one by one as WarningIn so that one bad item never sinks the rest.
    models = [
        b
        for b in bodies
        if isinstance(b, type) and issubclass(b, BaseModel)
        if not b.__module__.startswith("fastapi.") and b is not BatchIn
    ]
    assert models and all(issubclass(m, fields.InputModel) for m in models)
    assert issubclass(WarningIn, fields.InputModel)


def test_every_operation_documents_its_error_answers():
    document = create_app().openapi()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403", "404", "422", "503"} <= responses.keys(), (method, path)
            if path.startswith("/api/"):
                assert responses["422"]["content"]["application/json"]["schema"] == error
            else:
                assert "text/html" in responses["422"]["content"], (method, path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.text(max_size=12) | st.integers().map(str))
def test_any_staff_filter_gets_a_clear_answer(client, key, value):
    for name in ("unit_id", "kind", "q", "offset"):
        response = client.get("/api/v1/org/staff", params={name: value}, headers=key)
        assert response.status_code in (200, 422), response.text
