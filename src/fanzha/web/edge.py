"""What holds for every request before any route sees it, and what every route may answer.

`refuse_control_chars` is an application-wide dependency: text a person can type never
carries C0 control characters, so a NUL (which PostgreSQL refuses in text) or any other one in
a path segment, a query parameter or an url-encoded form field is a 422 naming the field.
JSON bodies, multipart text fields and import rows are checked by `fields.InputModel`, item by
item, so one bad item in a batch does not sink the others.

`API_RESPONSES` and `PAGE_RESPONSES` document the error answers in the OpenAPI schema, once
per router (app.py), not per route.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from fanzha.fields import has_control_chars
from fanzha.i18n import common as i18n

_FORM = "application/x-www-form-urlencoded"


def walk_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """Every route, looking inside included routers (recent FastAPI versions wrap each in an
    object of its own instead of copying its routes into the app)."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from walk_routes(route.original_router.routes)
        else:
            yield route


def _error(where: str, name: str, value: str) -> dict[str, Any]:
    return {
        "type": "control_char",
        "loc": (where, "".join(c if c.isprintable() else "?" for c in name)),
        "msg": "text contains a control character",
        "input": value,
    }


async def refuse_control_chars(request: Request) -> None:
    """422 for a control character in the path, the query or an url-encoded form.

    Async and I/O free: the form is parsed once and cached on the request for the route."""
    errors = [
        _error("path", name, value)
        for name, value in request.path_params.items()
        if isinstance(value, str) and has_control_chars(value)
    ]
    errors += [
        _error("query", name, value)
        for name, value in request.query_params.multi_items()
        if has_control_chars(name) or has_control_chars(value)
    ]
    if request.headers.get("content-type", "").startswith(_FORM):
        form = await request.form()
        errors += [
            _error("body", name, value)
            for name, value in form.multi_items()
            if isinstance(value, str) and (has_control_chars(name) or has_control_chars(value))
        ]
    if errors:
        raise RequestValidationError(errors)


class FieldErrorOut(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """Every error answer of the JSON API: a stable `code`, a Chinese `message`, and for
    invalid input each field's own message."""

    code: str
    message: str
    field: str | None = None
    errors: list[FieldErrorOut] | None = None


_API_ERRORS = i18n.API_ERRORS
API_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text} for status, text in _API_ERRORS.items()
}

_HTML = {"text/html": {"schema": {"type": "string"}}}
# ErrorOut is in the schema's components: every /api/ route answers its errors with it.
_ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
# Pages answer errors as a page (or an htmx toast); a signed-out visitor is sent to /login.
# A client that sent JSON or asks only for JSON (the field page's sync) gets the JSON error.
PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": _HTML},
    204: {"description": i18n.API_REDIRECTS[204]},
    303: {"description": i18n.API_REDIRECTS[303]},
    **{
        status: {"content": {**_HTML, **_ERROR_JSON}, "description": text}
        for status, text in _API_ERRORS.items()
    },
}
