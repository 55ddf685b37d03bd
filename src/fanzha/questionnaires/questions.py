"""The question shapes, and the pure checks on them: definitions (`parse_questions`), answers
(`check_answers`) and quiz scoring (`score_answers`). No database here.

A question, as stored in a version's JSON:

    {"key": "q3", "kind": "single" | "multiple" | "text" | "number", "title": "...",
     "required": bool, "options": ["是", "否"]  (choice kinds),
     "min": 0, "max": 120  (number, each optional),
     "correct": ["否"]  (optional; choice: option labels, number: [value], text: [accepted])}

Answers are `{key: value}`: single → one option label, multiple → a list of labels (in the
options' order, no repeats), text → stripped text, number → int (when whole) or float. A missing
optional answer is left out of the normalised answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from fanzha.i18n import questionnaires as i18n
from fanzha.questionnaires import errors

KINDS = ("single", "multiple", "text", "number")
MAX_QUESTIONS = 100
MAX_TITLE = 200
MAX_OPTION = 100
MAX_OPTIONS = 30
MAX_TEXT = 2000
LIMIT = 10**15  # numbers at or beyond are refused: no question asks for one, and they stay exact
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def _bad(n: int, problem: str, **params: object) -> errors.QuestionsInvalid:
    return errors.QuestionsInvalid(n=n, problem=i18n.PROBLEMS[problem].format(**params))


def _finite(value: object, n: int) -> int | float:
    number = _to_number(value)
    if number is None:
        raise _bad(n, "number")
    return number


def _to_number(value: object) -> int | float | None:
    """A finite number from an int, float or numeric text; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < LIMIT else None
    if isinstance(value, float):
        number: Decimal | float = value
    elif isinstance(value, str):
        text = value.strip().replace("，", ".").replace(",", ".")
        if not text or len(text) > 40:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    if isinstance(number, Decimal):
        if not number.is_finite() or abs(number) >= LIMIT:
            return None
        if number == number.to_integral_value():
            return int(number)
        number = float(number)
    if not math.isfinite(number) or abs(number) >= LIMIT:
        return None
    return int(number) if number.is_integer() else number


def parse_questions(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check and normalise question definitions; give keys ("q1", "q2", ...) to new ones.

    Keys already given are kept (a revision keeps them so results line up across versions).
    Raises QuestionnaireEmpty, or QuestionsInvalid naming the question's number."""
    if not questions:
        raise errors.QuestionnaireEmpty()
    if len(questions) > MAX_QUESTIONS:
        raise _bad(MAX_QUESTIONS + 1, "too_many", limit=MAX_QUESTIONS)
    taken = {q.get("key") for q in questions if isinstance(q, Mapping) and q.get("key")}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    counter = 0
    for n, raw in enumerate(questions, start=1):
        if not isinstance(raw, Mapping):
            raise _bad(n, "not_object")
        key = raw.get("key") or ""
        if not key:
            counter += 1
            while f"q{counter}" in taken or f"q{counter}" in seen:
                counter += 1
            key = f"q{counter}"
        if not isinstance(key, str) or not _KEY.match(key) or key in seen:
            raise _bad(n, "key")
        seen.add(key)
        out.append(_parse_one(n, key, raw))
    return out


def _parse_one(n: int, key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _bad(n, "kind")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > MAX_TITLE:
        raise _bad(n, "title")
    question: dict[str, Any] = {
        "key": key,
        "kind": kind,
        "title": title.strip(),
        "required": bool(raw.get("required", False)),
    }
    correct = raw.get("correct") or []
    if isinstance(correct, str | int | float) and not isinstance(correct, bool):
        correct = [correct]
    if not isinstance(correct, list):
        raise _bad(n, "correct")
    if kind in ("single", "multiple"):
        options = raw.get("options")
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise _bad(n, "options")
        options = [o.strip() for o in options]
        if (
            len(options) < 2
            or len(options) > MAX_OPTIONS
            or any(not o or len(o) > MAX_OPTION for o in options)
            or len(set(options)) != len(options)
        ):
            raise _bad(n, "options")
        question["options"] = options
        chosen = [str(c).strip() for c in correct]
        if any(c not in options for c in chosen) or len(set(chosen)) != len(chosen):
            raise _bad(n, "correct")
        if kind == "single" and len(chosen) > 1:
            raise _bad(n, "correct_one")
        correct = [o for o in options if o in chosen]
    elif kind == "number":
        low = raw.get("min")
        high = raw.get("max")
        low = None if low in (None, "") else _finite(low, n)
        high = None if high in (None, "") else _finite(high, n)
        if low is not None and high is not None and low > high:
            raise _bad(n, "bounds")
        question["min"], question["max"] = low, high
        correct = [_finite(c, n) for c in correct]
    else:
        correct = [str(c).strip() for c in correct if str(c).strip()]
    if correct:
        question["correct"] = correct
    return question


def check_answers(questions: list[dict[str, Any]], answers: object) -> dict[str, Any]:
    """Validate answers against the questions and return them normalised (see the module
    docstring). Raises AnswersInvalid (not a mapping), UnknownQuestion, or the first problem
    of a question in order: AnswerRequired, AnswerNotAnOption, AnswerOneOnly,
    AnswerNotANumber, AnswerBelowMin, AnswerAboveMax, AnswerTooLong — each naming the
    question's number and title."""
    if not isinstance(answers, Mapping):
        raise errors.AnswersInvalid()
    by_key = {q["key"]: q for q in questions}
    for key in answers:
        if key not in by_key:
            raise errors.UnknownQuestion(key=str(key)[:40])
    out: dict[str, Any] = {}
    for n, question in enumerate(questions, start=1):
        value = _answer_of(n, question, answers.get(question["key"]))
        if value is None:
            if question["required"]:
                raise errors.AnswerRequired(n=n, title=question["title"], field=question["key"])
            continue
        out[question["key"]] = value
    return out


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list | tuple) and not value)
    )


def _answer_of(n: int, question: dict[str, Any], value: object) -> Any:
    """One question's normalised answer, None when unanswered."""
    name = {"n": n, "title": question["title"], "field": question["key"]}
    if _blank(value):
        return None
    kind = question["kind"]
    if kind in ("single", "multiple"):
        picked = list(value) if isinstance(value, list | tuple) else [value]
        if not all(isinstance(p, str) for p in picked):
            raise errors.AnswerNotAnOption(**name)
        picked = [p.strip() for p in picked if p.strip()]
        if not picked:
            return None
        options = question["options"]
        if any(p not in options for p in picked):
            raise errors.AnswerNotAnOption(**name)
        if kind == "single":
            if len(set(picked)) > 1:
                raise errors.AnswerOneOnly(**name)
            return picked[0]
        return [o for o in options if o in picked]
    if kind == "number":
        if isinstance(value, list | tuple):
            if len(value) != 1:
                raise errors.AnswerNotANumber(**name)
            value = value[0]
            if _blank(value):
                return None
        number = _to_number(value)
        if number is None:
            raise errors.AnswerNotANumber(**name)
        if question.get("min") is not None and number < question["min"]:
            raise errors.AnswerBelowMin(limit=question["min"], **name)
        if question.get("max") is not None and number > question["max"]:
            raise errors.AnswerAboveMax(limit=question["max"], **name)
        return number
    if isinstance(value, list | tuple):
        if len(value) != 1:
            raise errors.AnswersInvalid()
        value = value[0]
    if not isinstance(value, str):
        raise errors.AnswersInvalid()
    text = value.strip()
    if not text:
        return None
    if len(text) > MAX_TEXT:
        raise errors.AnswerTooLong(limit=MAX_TEXT, **name)
    return text


def scored(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The questions that carry a correct answer (a quiz's or an awareness survey's)."""
    return [q for q in questions if q.get("correct")]


def is_right(question: dict[str, Any], answer: Any) -> bool:
    """Whether a normalised answer matches the question's correct answer: single and text are
    right when they are one of the correct ones, multiple when the set is exactly right, number
    when equal to one of them."""
    correct = question.get("correct") or []
    if answer is None or not correct:
        return False
    kind = question["kind"]
    if kind == "multiple":
        return set(answer) == set(correct)
    if kind == "text":
        return answer.casefold() in {c.casefold() for c in correct}
    return answer in correct


def score_answers(questions: list[dict[str, Any]], answers: Mapping[str, Any]) -> tuple[int, int]:
    """(right, total) over the scored questions; unanswered ones count as wrong."""
    marked = scored(questions)
    right = sum(1 for q in marked if is_right(q, answers.get(q["key"])))
    return right, len(marked)
