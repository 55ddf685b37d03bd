"""validate_answers and the question definitions, as properties: whatever a phone or a form
sends, the answers stored are normalised and valid, or refused with the question named."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.errors import DomainError, InvalidInput
from fanzha.questionnaires import errors
from fanzha.questionnaires.questions import (
    check_answers,
    is_right,
    parse_questions,
    score_answers,
)

labels = st.text(min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def question_defs(draw):
    kind = draw(st.sampled_from(["single", "multiple", "text", "number"]))
    q = {"kind": kind, "title": draw(labels), "required": draw(st.booleans())}
    if kind in ("single", "multiple"):
        q["options"] = draw(st.lists(labels, min_size=2, max_size=6, unique=True))
        if draw(st.booleans()):
            count = 1 if kind == "single" else draw(st.integers(1, len(q["options"])))
            q["correct"] = q["options"][:count]
    if kind == "number":
        low = draw(st.one_of(st.none(), st.integers(-1000, 1000)))
        high = draw(st.one_of(st.none(), st.integers(-1000, 1000)))
        if low is not None and high is not None and low > high:
            low, high = high, low
        q["min"], q["max"] = low, high
    return q


questionnaires = st.lists(question_defs(), min_size=1, max_size=8).map(parse_questions)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.one_of(st.text(max_size=10), st.integers()), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _valid(q, value) -> None:
    kind = q["kind"]
    if kind == "single":
        assert value in q["options"]
    elif kind == "multiple":
        assert value and value == [o for o in q["options"] if o in value]
    elif kind == "number":
        assert isinstance(value, int | float) and not isinstance(value, bool)
        assert math.isfinite(value)
        assert q["min"] is None or value >= q["min"]
        assert q["max"] is None or value <= q["max"]
    else:
        assert isinstance(value, str) and value == value.strip() and value


@given(questionnaires, st.data())
def test_any_input_is_either_normalised_and_valid_or_refused_naming_the_question(qs, data):
    answers = {q["key"]: data.draw(junk) for q in qs if data.draw(st.booleans(), label="answer?")}
    try:
        got = check_answers(qs, answers)
    except InvalidInput as exc:
        assert exc.message  # a Chinese message exists for every refusal
        if "n" in exc.params:
            assert f"第{exc.params['n']}题" in exc.message
        return
    by_key = {q["key"]: q for q in qs}
    for key, value in got.items():
        _valid(by_key[key], value)
    for q in qs:
        if q["required"]:
            assert q["key"] in got
    # Normalised answers are a fixed point: validating them again changes nothing.
    assert check_answers(qs, got) == got


@given(questionnaires, st.data())
def test_well_formed_answers_are_kept(qs, data):
    answers = {}
    for q in qs:
        if q["kind"] == "single":
            answers[q["key"]] = data.draw(st.sampled_from(q["options"]))
        elif q["kind"] == "multiple":
            answers[q["key"]] = data.draw(
                st.lists(st.sampled_from(q["options"]), min_size=1, unique=True)
            )
        elif q["kind"] == "number":
            low = -(10**6) if q["min"] is None else q["min"]
            high = 10**6 if q["max"] is None else q["max"]
            answers[q["key"]] = str(data.draw(st.integers(low, high)))
        else:
            answers[q["key"]] = data.draw(labels)
    got = check_answers(qs, answers)
    assert set(got) == set(answers)
    for q in qs:
        if q["kind"] == "multiple":
            assert set(got[q["key"]]) == set(answers[q["key"]])
        elif q["kind"] == "number":
            assert got[q["key"]] == int(answers[q["key"]])
        else:
            assert got[q["key"]] == answers[q["key"]]
    right, total = score_answers(qs, got)
    assert 0 <= right <= total == sum(1 for q in qs if q.get("correct"))


@given(st.lists(st.one_of(question_defs(), junk), min_size=0, max_size=5))
def test_definitions_are_parsed_or_refused_with_a_domain_error(defs):
    try:
        parsed = parse_questions(defs)
    except DomainError as exc:
        assert exc.message
        return
    assert len({q["key"] for q in parsed}) == len(parsed)
    assert parse_questions(parsed) == parsed  # keys and shape survive a revision


def test_a_number_question_refuses_text_and_out_of_range():
    [q] = parse_questions([{"kind": "number", "title": "人数", "min": 1, "max": 20}])
    with pytest.raises(errors.AnswerNotANumber) as text:
        check_answers([q], {"q1": "三"})
    assert text.value.message == "第1题“人数”须填写数字"
    with pytest.raises(errors.AnswerAboveMax):
        check_answers([q], {"q1": "21"})
    with pytest.raises(errors.AnswerNotANumber):
        check_answers([q], {"q1": "1e999999"})
    assert check_answers([q], {"q1": "2.50"}) == {"q1": 2.5}


def test_single_choice_refuses_two_answers_and_multiple_keeps_option_order():
    qs = parse_questions(
        [
            {"kind": "single", "title": "甲", "options": ["是", "否"]},
            {"kind": "multiple", "title": "乙", "options": ["A", "B", "C"], "correct": ["A", "C"]},
        ]
    )
    with pytest.raises(errors.AnswerOneOnly):
        check_answers(qs, {"q1": ["是", "否"]})
    got = check_answers(qs, {"q2": ["C", "A", "C"]})
    assert got == {"q2": ["A", "C"]} and is_right(qs[1], got["q2"])
    with pytest.raises(errors.UnknownQuestion):
        check_answers(qs, {"q9": "是"})
