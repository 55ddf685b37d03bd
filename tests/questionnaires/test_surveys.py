"""The awareness survey: single-use codes, the rate per place with its Wilson interval, and
quiz takers never counted in."""

from __future__ import annotations

import math
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from fanzha.auth.service import user_principal
from fanzha.org.models import Grid
from fanzha.org.scope import scoped_select
from fanzha.questionnaires import awareness, errors, service, surveys
from fanzha.questionnaires.models import QuestionnaireResponse, SurveyCode
from tests.helpers import user

QUIZ = [
    {"kind": "single", "title": "公检法会电话办案吗", "options": ["会", "不会"], "correct": "不会"},
    {"kind": "single", "title": "刷单返利是诈骗吗", "options": ["是", "不是"], "correct": "是"},
    {"kind": "number", "title": "年龄", "min": 0, "max": 120},
]
AWARE = {"q1": "不会", "q2": "是"}
UNAWARE = {"q1": "会", "q2": "是"}


@pytest.fixture
def duty(session: Session, city):
    return user_principal(user(session, "duty"))


def _survey(session, principal, **kw):
    q = service.create_questionnaire(
        session, principal, title="知晓率问卷", purpose="awareness", questions=QUIZ
    )
    return surveys.create_survey(session, principal, questionnaire_id=q.id, title="调查", **kw)


def _grids(session, principal, n=2):
    return list(session.scalars(scoped_select(Grid, principal).order_by(Grid.id).limit(n)))


def test_a_code_answers_once_and_the_second_use_is_refused_in_chinese(session: Session, duty):
    survey = _survey(session, duty)
    grid = _grids(session, duty, 1)[0]
    batch = surveys.issue_codes(session, duty, survey.id, size=5, grid_id=grid.id)
    codes = surveys.batch_codes(session, batch)
    assert len(codes) == 5 and len({c.code for c in codes}) == 5
    assert all(len(c.code) == 8 and set(c.code) <= set(surveys.ALPHABET) for c in codes)
    typed = codes[0].code.lower()[:4] + "-" + codes[0].code[4:]  # as read off a slip
    surveys.answer_code(session, typed, AWARE)
    with pytest.raises(errors.SurveyCodeUsed) as second:
        surveys.answer_code(session, codes[0].code, UNAWARE)
    assert "已使用" in second.value.message
    with pytest.raises(errors.SurveyCodeUnknown):
        surveys.open_code(session, "ZZZZZZZZ")


def test_a_survey_needs_a_scored_question(session: Session, duty):
    q = service.create_questionnaire(
        session, duty, title="无正确答案", purpose="awareness", questions=QUIZ[2:]
    )
    with pytest.raises(errors.SurveyNotScored):
        surveys.create_survey(session, duty, questionnaire_id=q.id, title="x")


def test_rates_per_grid_count_only_survey_codes(session: Session, duty):
    survey = _survey(session, duty)
    g1, g2 = _grids(session, duty, 2)
    b1 = surveys.issue_codes(session, duty, survey.id, size=4, grid_id=g1.id)
    b2 = surveys.issue_codes(session, duty, survey.id, size=2, grid_id=g2.id)
    c1 = surveys.batch_codes(session, b1)
    for code, answers in zip(c1, [AWARE, AWARE, AWARE, UNAWARE], strict=True):
        surveys.answer_code(session, code.code, answers)
    surveys.answer_code(session, surveys.batch_codes(session, b2)[0].code, UNAWARE)
    # A self-selected quiz taker answering the same questionnaire is not in the survey.
    service.record_response(
        session, survey.version_id, AWARE, source_kind="event", source_ref="quiz"
    )
    rates = {r.key: r for r in awareness.awareness(session, survey, "grid")}
    one, two = rates[("grid", g1.id)], rates[("grid", g2.id)]
    assert (one.aware, one.n, one.rate) == (3, 4, 0.75) and one.small
    assert (two.aware, two.n, two.rate) == (0, 1, 0.0)
    assert one.low == pytest.approx(0.3006, abs=1e-4) and one.high == pytest.approx(
        0.9544, abs=1e-4
    )
    whole = awareness.awareness(session, survey, "survey")
    assert [(r.aware, r.n) for r in whole] == [(3, 5)]


def test_aware_min_right_lowers_the_bar(session: Session, duty):
    survey = _survey(session, duty, aware_min_right=1)
    batch = surveys.issue_codes(session, duty, survey.id, size=1, event_ref="evt-1")
    surveys.answer_code(session, surveys.batch_codes(session, batch)[0].code, UNAWARE)
    [rate] = awareness.awareness(session, survey, "grid")
    assert (rate.key, rate.aware, rate.n) == (("event", "evt-1"), 1, 1)


def test_batch_size_is_bounded(session: Session, duty):
    survey = _survey(session, duty)
    with pytest.raises(errors.SurveyBatchTooLarge):
        surveys.issue_codes(session, duty, survey.id, size=0, event_ref="x")
    with pytest.raises(errors.SurveyBatchNoPlace):
        surveys.issue_codes(session, duty, survey.id, size=3)


@pytest.mark.parametrize(
    ("aware", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_interval_known_values(aware, n, low, high):
    got = awareness.wilson_interval(aware, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def _closed_form(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_is_the_closed_form_and_holds_the_rate(kn):
    k, n = kn
    low, high = awareness.wilson_interval(k, n)
    assert (low, high) == pytest.approx(_closed_form(k, n), abs=1e-9)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_concurrent_submits_of_one_code_have_one_winner(own_engine: Engine):
    factory = sessionmaker(own_engine)
    with factory() as s:
        duty = user_principal(user(s, "duty"))
        survey = _survey(s, duty)
        batch = surveys.issue_codes(s, duty, survey.id, size=1, event_ref="race")
        code = surveys.batch_codes(s, batch)[0].code
        s.commit()
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def submit() -> None:
        with factory() as s:
            barrier.wait()
            try:
                surveys.answer_code(s, code, AWARE)
                s.commit()
                outcomes.append("ok")
            except errors.SurveyCodeUsed:
                s.rollback()
                outcomes.append("used")

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "used", "used", "used"]
    with factory() as s:
        row = s.scalar(select(SurveyCode).where(SurveyCode.code == code))
        responses = s.scalars(
            select(QuestionnaireResponse).where(
                QuestionnaireResponse.source_kind == "survey_code",
                QuestionnaireResponse.source_ref == str(row.id),
            )
        ).all()
        assert row.used_at is not None and len(responses) == 1
