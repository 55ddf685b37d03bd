"""知晓率 is counted by the database (survey_aware): on any questions and answers it decides
exactly as the Python rule `is_aware` does."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql.expression import bindparam

from fanzha.auth.service import user_principal
from fanzha.demo import questionnaires
from fanzha.questionnaires.awareness import awareness, is_aware
from fanzha.questionnaires.models import (
    QuestionnaireResponse,
    SourceKind,
    Survey,
    SurveyBatch,
    SurveyCode,
)
from fanzha.stats import figures as F
from fanzha.stats import periods as P
from tests.helpers import user

# Options and typed answers: ASCII in both cases and Chinese (the survey's own alphabet).
WORDS = st.text(alphabet="aAbB是否", min_size=1, max_size=3)
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([1.0, 2.5, -0.5]))


@st.composite
def survey(draw):
    questions, answers = [], {}
    for n in range(draw(st.integers(0, 5))):
        key = f"q{n}"
        kind = draw(st.sampled_from(["single", "multiple", "text", "number"]))
        values = NUMBERS if kind == "number" else WORDS
        correct = draw(st.lists(values, max_size=3, unique=True))
        question = {"key": key, "kind": kind, "title": key}
        if correct or draw(st.booleans()):
            question["correct"] = correct
        questions.append(question)
        if draw(st.integers(0, 4)) == 0:
            continue  # unanswered
        pool = st.sampled_from(correct) if correct and draw(st.booleans()) else values
        if kind == "multiple":
            chosen = draw(st.lists(pool, max_size=3, unique=True))
            answers[key] = draw(st.sampled_from([chosen, correct[::-1] if correct else chosen]))
        elif kind == "text":
            word = draw(pool)
            answers[key] = draw(st.sampled_from([word, word.upper(), word.lower()]))
        else:
            answers[key] = draw(pool)
    need = draw(st.one_of(st.none(), st.integers(1, 4)))
    return questions, answers, need


def _in_sql(session, questions, answers, need) -> bool:
    return session.scalar(
        select(
            func.survey_aware(
                bindparam("a", answers, type_=JSONB),
                bindparam("q", questions, type_=JSONB),
                need,
            )
        )
    )


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=survey())
def test_the_database_decides_awareness_as_the_python_rule(session, case):
    questions, answers, need = case
    assert _in_sql(session, questions, answers, need) is is_aware(questions, answers, need)


def test_known_answers(session):
    questions = [
        {"key": "a", "kind": "single", "correct": ["是"]},
        {"key": "b", "kind": "multiple", "correct": ["x", "y"]},
        {"key": "c", "kind": "text", "correct": ["Bank"]},
        {"key": "d", "kind": "number", "correct": [110]},
        {"key": "e", "kind": "single"},  # not scored
    ]
    right = {"a": "是", "b": ["y", "x"], "c": "bANK", "d": 110, "e": "否"}
    assert _in_sql(session, questions, right, None) is True
    one_wrong = right | {"b": ["x"]}
    assert _in_sql(session, questions, one_wrong, None) is False
    assert _in_sql(session, questions, one_wrong, 3) is True
    assert _in_sql(session, questions, {"a": None, "d": 111}, 1) is False
    assert _in_sql(session, [], {}, None) is True  # nothing scored: aware, as in Python


def test_the_awareness_figure_is_the_python_rule_over_the_demo_survey(session, city):
    """知晓率 on the leaders' dashboard: aware answers by the Python rule over all answers."""
    questionnaires.build(session, seed=3)
    rows = session.execute(
        select(QuestionnaireResponse.answers, Survey)
        .join(SurveyCode, SurveyCode.response_id == QuestionnaireResponse.id)
        .join(SurveyBatch, SurveyBatch.id == SurveyCode.batch_id)
        .join(Survey, Survey.id == SurveyBatch.survey_id)
        .where(QuestionnaireResponse.source_kind == SourceKind.survey_code)
    ).all()
    assert rows
    aware = sum(is_aware(s.version.questions, a, s.aware_min_right) for a, s in rows)
    leader = user_principal(user(session, "leader"))
    period = P.custom(date(2000, 1, 1), P.local_today())
    (figure,) = F.figures(session, leader, leader.unit_id, period, keys=["outreach.awareness"])
    assert (figure.numerator, figure.denominator) == (aware, len(rows))
    # The survey's own page counts the same way.
    surveys = {s.id: s for _, s in rows}
    overall = [awareness(session, s, "survey")[0] for s in surveys.values()]
    assert sum(r.aware for r in overall) == aware and sum(r.n for r in overall) == len(rows)
