"""The questionnaire service: versions keep the answers given under them, results count what
was answered, scores, and who may edit."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from fanzha.auth.service import user_principal
from fanzha.errors import NotFound
from fanzha.questionnaires import errors, service
from tests.helpers import user

QUESTIONS = [
    {"kind": "single", "title": "是否接到过诈骗电话", "options": ["是", "否"], "required": True},
    {"kind": "multiple", "title": "您了解哪些诈骗", "options": ["刷单", "冒充客服", "杀猪盘"]},
    {"kind": "number", "title": "家中常住人数", "min": 1, "max": 20},
    {"kind": "text", "title": "意见建议"},
    {
        "kind": "single",
        "title": "公安机关会通过电话办案转账吗",
        "options": ["会", "不会"],
        "correct": ["不会"],
    },
]


@pytest.fixture
def duty(session: Session, city):
    return user_principal(user(session, "duty"))


def test_a_revision_is_a_new_version_and_old_answers_keep_theirs(session: Session, duty):
    q = service.create_questionnaire(
        session, duty, title="入户走访问卷", purpose="door_knock", questions=QUESTIONS
    )
    v1 = service.current_version(session, q.id)
    assert v1.number == 1 and [x["key"] for x in v1.questions] == ["q1", "q2", "q3", "q4", "q5"]
    first = service.record_response(
        session, v1.id, {"q1": "是", "q3": "3"}, source_kind="visit", source_ref="abc"
    )
    assert first.answers == {"q1": "是", "q3": 3}

    changed = [dict(x) for x in v1.questions]
    changed[0]["options"] = ["接到过", "没接到过"]
    v2 = service.revise(session, duty, q.id, changed)
    assert v2.number == 2 and service.current_version(session, q.id).id == v2.id
    session.refresh(first)
    assert first.version_id == v1.id and first.answers["q1"] == "是"
    # The same questions again publish nothing new.
    assert service.revise(session, duty, q.id, changed).id == v2.id
    with pytest.raises(errors.AnswerNotAnOption) as refused:
        service.record_response(session, v2.id, {"q1": "是"}, source_kind="visit")
    assert "第1题" in refused.value.message


def test_results_count_each_option_and_number_figures(session: Session, duty):
    q = service.create_questionnaire(
        session, duty, title="走访", purpose="door_knock", questions=QUESTIONS
    )
    v = service.current_version(session, q.id)
    given = [
        {"q1": "是", "q2": ["刷单", "杀猪盘"], "q3": 2, "q4": "多宣传", "q5": "不会"},
        {"q1": "否", "q2": ["刷单"], "q3": 4, "q5": "会"},
        {"q1": "否", "q3": 5, "q4": "加强巡逻"},
    ]
    for i, answers in enumerate(given):
        service.record_response(session, v.id, answers, source_kind="grid", source_ref=str(i))
    got = service.results(session, q.id)
    assert got["responses"] == 3
    q1, q2, q3, q4, q5 = got["questions"]
    assert [(o["label"], o["count"]) for o in q1["options"]] == [("是", 1), ("否", 2)]
    assert q1["options"][1]["pct"] == 66.7
    assert [(o["label"], o["count"]) for o in q2["options"]] == [
        ("刷单", 2),
        ("冒充客服", 0),
        ("杀猪盘", 1),
    ]
    assert (q3["count"], q3["mean"], q3["median"], q3["min"], q3["max"]) == (3, 3.67, 4, 2, 5)
    assert q4["answered"] == 2 and {t["text"] for t in q4["latest"]} == {"多宣传", "加强巡逻"}
    assert (q5["answered"], q5["right"], q5["right_pct"]) == (2, 1, 50.0)
    only = service.results(session, q.id, source_kind="grid", source_refs=["0"])
    assert only["responses"] == 1


def test_score_counts_only_questions_with_a_correct_answer(session: Session, duty):
    q = service.create_questionnaire(
        session, duty, title="测验", purpose="training", questions=QUESTIONS
    )
    v = service.current_version(session, q.id)
    assert service.score(v, service.validate_answers(v, {"q1": "是", "q5": "不会"})) == (1, 1)
    assert service.score(v, {"q1": "是"}) == (0, 1)


def test_a_station_uses_but_cannot_edit_the_centers_questionnaire(session: Session, duty):
    q = service.create_questionnaire(
        session, duty, title="全市问卷", purpose="door_knock", questions=QUESTIONS
    )
    station = user_principal(user(session, "station_a"))
    assert service.get_questionnaire(session, station, q.id).id == q.id
    with pytest.raises(errors.QuestionnaireOutOfScope):
        service.revise(session, station, q.id, QUESTIONS[:1])
    mine = service.create_questionnaire(
        session, station, title="本所问卷", purpose="door_knock", questions=QUESTIONS
    )
    other = user_principal(user(session, "station_b"))
    with pytest.raises(NotFound):
        service.get_questionnaire(session, other, mine.id)
