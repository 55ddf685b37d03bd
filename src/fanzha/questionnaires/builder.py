"""The builder form's state: questions as the form shows them (options one per line), read back
from a posted form, with the form's own actions (add a question, move one up or down, remove
one) applied without saving. Plain HTML forms: each action is a submit button."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_ROWS = 100


def blank() -> dict[str, Any]:
    return {
        "key": "",
        "kind": "single",
        "title": "",
        "required": False,
        "options": "",
        "correct": "",
        "min": "",
        "max": "",
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def drafts_of(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A stored version's questions as the form shows them."""
    out = []
    for q in questions:
        draft = blank()
        draft.update(key=q["key"], kind=q["kind"], title=q["title"], required=q["required"])
        draft["options"] = "\n".join(q.get("options") or [])
        draft["correct"] = "\n".join(_text(c) for c in q.get("correct") or [])
        draft["min"], draft["max"] = _text(q.get("min")), _text(q.get("max"))
        out.append(draft)
    return out


def drafts_from_form(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The questions as posted (fields k0, kind0, title0, req0, opts0, correct0, min0, max0 ...
    for each row up to `count`)."""
    try:
        count = min(max(int(form.get("count") or 0), 0), MAX_ROWS)
    except ValueError:
        count = 0
    out = []
    for i in range(count):
        draft = {
            "key": _text(form.get(f"k{i}")).strip()[:32],
            "kind": _text(form.get(f"kind{i}")).strip() or "single",
            "title": _text(form.get(f"title{i}"))[:400],
            "required": form.get(f"req{i}") in ("on", "true", "1"),
            "options": _text(form.get(f"opts{i}"))[:8000],
            "correct": _text(form.get(f"correct{i}"))[:4000],
            "min": _text(form.get(f"min{i}")).strip()[:40],
            "max": _text(form.get(f"max{i}")).strip()[:40],
        }
        out.append(draft)
    return out


def apply_action(drafts: list[dict[str, Any]], action: str) -> list[dict[str, Any]] | None:
    """The form after a builder action ("add", "up:3", "down:3", "remove:3"); None for "save"
    (or anything else): the caller saves."""
    drafts = list(drafts)
    verb, _, index_text = action.partition(":")
    if verb == "add":
        if len(drafts) < MAX_ROWS:
            drafts.append(blank())
        return drafts
    if verb not in ("up", "down", "remove"):
        return None
    try:
        i = int(index_text)
    except ValueError:
        return drafts
    if not 0 <= i < len(drafts):
        return drafts
    if verb == "remove":
        del drafts[i]
    elif verb == "up" and i > 0:
        drafts[i - 1], drafts[i] = drafts[i], drafts[i - 1]
    elif verb == "down" and i < len(drafts) - 1:
        drafts[i + 1], drafts[i] = drafts[i], drafts[i + 1]
    return drafts


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def questions_of(drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The drafts as question definitions for `questions.parse_questions`; a row left wholly
    blank (no title, no options) is dropped."""
    out = []
    for d in drafts:
        if not d["title"].strip() and not d["options"].strip() and not d["key"]:
            continue
        question: dict[str, Any] = {"kind": d["kind"], "title": d["title"]}
        if d["key"]:
            question["key"] = d["key"]
        question["required"] = d["required"]
        if d["kind"] in ("single", "multiple"):
            question["options"] = _lines(d["options"])
        if d["kind"] == "number":
            question["min"], question["max"] = d["min"] or None, d["max"] or None
        question["correct"] = _lines(d["correct"])
        out.append(question)
    return out
