"""Per-question figures over a set of responses, counted in PostgreSQL: one grouped query over
(question, answer value) for the choice and number questions, and one small query per text
question for its latest answers."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, String, column, func, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from fanzha.questionnaires.models import QuestionnaireResponse, QuestionnaireVersion
from fanzha.questionnaires.questions import is_right

LATEST_TEXTS = 5


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def question_results(
    session: Session, version: QuestionnaireVersion, where: list[ColumnElement[bool]]
) -> dict[str, Any]:
    """See `service.results` for the shape."""
    questions = version.questions
    base = (
        select(
            QuestionnaireResponse.answers.label("answers"),
            QuestionnaireResponse.created_at.label("created_at"),
        )
        .where(*where)
        .subquery("r")
    )
    total = session.scalar(select(func.count()).select_from(base)) or 0
    kv = (
        func.jsonb_each(base.c.answers)
        .table_valued(column("key", String), column("value", JSONB))
        .lateral("kv")
    )
    valued = [q["key"] for q in questions if q["kind"] != "text" or q.get("correct")]
    counts: dict[str, Counter] = {q["key"]: Counter() for q in questions}
    if valued and total:
        rows = session.execute(
            select(kv.c.key, kv.c.value, func.count())
            .select_from(base)
            .join(kv, true())
            .where(kv.c.key.in_(valued))
            .group_by(kv.c.key, kv.c.value)
        )
        for key, value, n in rows:
            hashable = tuple(value) if isinstance(value, list) else value
            counts[key][hashable] += n
    texts = [q["key"] for q in questions if q["kind"] == "text"]
    text_answered: dict[str, int] = {}
    if texts and total:
        text_answered = dict(
            session.execute(
                select(kv.c.key, func.count())
                .select_from(base)
                .join(kv, true())
                .where(kv.c.key.in_(texts))
                .group_by(kv.c.key)
            ).all()
        )
    out = []
    for n, question in enumerate(questions, start=1):
        key = question["key"]
        item: dict[str, Any] = {
            "key": key,
            "n": n,
            "title": question["title"],
            "kind": question["kind"],
            "right": None,
            "right_pct": None,
        }
        tally = counts[key]
        answered = text_answered.get(key, 0) if question["kind"] == "text" else sum(tally.values())
        item["answered"] = answered
        if question["kind"] in ("single", "multiple"):
            item["options"] = _options(question, tally, answered)
        elif question["kind"] == "number":
            item.update(_numbers(tally))
        else:
            item["latest"] = _latest(session, base, key) if answered else []
        if question.get("correct"):
            right = sum(
                c for value, c in tally.items() if is_right(question, _unhash(question, value))
            )
            item["right"], item["right_pct"] = right, _pct(right, answered)
        out.append(item)
    return {"responses": total, "version": version, "questions": out}


def _unhash(question: dict[str, Any], value: Any) -> Any:
    return list(value) if question["kind"] == "multiple" and isinstance(value, tuple) else value


def _options(question: dict[str, Any], tally: Counter, answered: int) -> list[dict[str, Any]]:
    per_option: Counter = Counter()
    for value, n in tally.items():
        for label in value if isinstance(value, tuple) else (value,):
            per_option[str(label)] += n
    labels = list(question["options"])
    # Options of earlier versions that the current one dropped still show, after the others.
    labels += sorted(label for label in per_option if label not in question["options"])
    return [
        {"label": label, "count": per_option[label], "pct": _pct(per_option[label], answered)}
        for label in labels
    ]


def _numbers(tally: Counter) -> dict[str, Any]:
    values = [(v, n) for v, n in tally.items() if isinstance(v, int | float)]
    count = sum(n for _, n in values)
    if not count:
        return {"count": 0, "mean": None, "median": None, "min": None, "max": None}
    ordered = sorted(values)
    expanded_median = statistics.median(_weighted(ordered, count))
    return {
        "count": count,
        "mean": round(sum(v * n for v, n in values) / count, 2),
        "median": expanded_median,
        "min": ordered[0][0],
        "max": ordered[-1][0],
    }


def _weighted(ordered: list[tuple[Any, int]], count: int) -> list[Any]:
    # The one or two middle values only: the median without expanding every response.
    middle = {(count - 1) // 2, count // 2}
    picked, seen = [], 0
    for value, n in ordered:
        for position in middle:
            if seen <= position < seen + n:
                picked.append(value)
        seen += n
    return picked


def _latest(session: Session, base: Any, key: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(base.c.answers[key].astext, base.c.created_at)
        .where(base.c.answers.has_key(key))
        .order_by(base.c.created_at.desc())
        .limit(LATEST_TEXTS)
    )
    return [{"text": text, "at": at} for text, at in rows]
