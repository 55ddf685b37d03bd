"""HTML form handling: validate with the same pydantic schemas as the API, errors in Chinese."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fanzha.i18n.validation import field_errors

M = TypeVar("M", bound=BaseModel)


def validate_form(schema: type[M], form: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """The parsed model, or None and the errors to show beside each field."""
    try:
        return schema.model_validate(form), {}
    except ValidationError as exc:
        return None, field_errors(exc)


def form_dict(form: Any, *, lists: tuple[str, ...] = ()) -> dict[str, Any]:
    """A starlette FormData as a plain dict: multi-valued fields in `lists`, the CSRF token
    dropped, unchecked checkboxes simply absent."""
    data: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        data[key] = form.getlist(key) if key in lists else form.get(key)
    for key in lists:
        data.setdefault(key, [])
    return data
