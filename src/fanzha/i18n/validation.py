"""Pydantic validation errors in Chinese, for forms, JSON answers and import reports alike."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from fanzha.i18n import outreach, zh_CN


def error_message(error: dict[str, Any]) -> str:
    """One pydantic error as a Chinese sentence fragment."""
    if error["type"] == "value_error":
        # Our validators raise ValueError with a Chinese message already.
        cause = error.get("ctx", {}).get("error")
        return str(cause) if cause else zh_CN.VALIDATION_FALLBACK
    kind = error["type"]
    if kind in ("enum", "literal_error"):
        return _choices(error.get("ctx", {}).get("expected", ""))
    if kind in ("too_long", "too_short") and isinstance(error.get("input"), str):
        # Length limits checked after a validator are reported like those of lists.
        kind = "string_" + kind
    if kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1:
        kind = "string_empty"
    template = zh_CN.VALIDATION.get(kind, zh_CN.VALIDATION_FALLBACK)
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template


def _choices(expected: str) -> str:
    """ "Not one of the choices", naming them by their Chinese labels where a label table of
    zh_CN covers exactly these values (pydantic gives them as "'a', 'b' or 'c'")."""
    values = re.findall(r"'([^']*)'", expected)
    labels = _labels_for(frozenset(values))
    shown = [labels.get(v, v) for v in values] if labels else values
    return zh_CN.VALIDATION["enum"] + "，可选：" + "、".join(shown)


def _labels_for(values: frozenset[str]) -> dict[str, str] | None:
    # zh_CN's tables, and the door-knock's (a visit's 走访结果, 五个一 as the sync refuses them).
    for table in (*vars(zh_CN).values(), *vars(outreach).values()):
        if (
            isinstance(table, dict)
            and table.keys() == values
            and all(isinstance(v, str) for v in table.values())
        ):
            return table
    return None


def field_errors(exc: ValidationError | list[dict[str, Any]]) -> dict[str, str]:
    """{field: message}, first message per field; location parts joined with dots."""
    errors = exc.errors() if isinstance(exc, ValidationError) else exc
    out: dict[str, str] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")]
        if error.get("type") == "json_invalid":
            loc = []  # its location is a character position, not a field
        out.setdefault(".".join(loc) or "_", error_message(error))
    return out


def describe(errors: dict[str, str]) -> str:
    """All field errors in one line, for a JSON message or a toast."""
    parts = [
        f"{zh_CN.FIELDS.get(f.split('.')[0], f)}：{m}" if f != "_" else m for f, m in errors.items()
    ]
    return "输入有误 — " + "；".join(parts)
