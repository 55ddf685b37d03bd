"""The quiz after a training session as trainees and organisers notice it: a trainee who checked
in answers it once on their phone and sees the score and 通过/未通过; the organiser sees who
passed and the pass rate; only a scored training quiz can be chosen; nobody else takes it."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.errors import DomainError
from fanzha.outreach import training, training_quiz
from fanzha.outreach.people_models import TrainingAttendance, TrainingSession
from fanzha.outreach.people_schemas import TrainingIn
from fanzha.questionnaires import service as questionnaires
from fanzha.questionnaires.models import QuestionnaireResponse, SourceKind
from tests.helpers import login, post_form, unit_of, user

pytestmark = pytest.mark.usefixtures("city")

QUESTIONS = [
    {
        "kind": "single",
        "title": "“安全账户”是真的吗",
        "options": ["是", "不是"],
        "correct": ["不是"],
        "required": True,
    },
    {
        "kind": "multiple",
        "title": "可拨打的电话",
        "options": ["96110", "110", "12315"],
        "correct": ["96110", "110"],
        "required": True,
    },
    {"kind": "number", "title": "紧急止付多少小时", "correct": [48], "required": True},
]


def _quiz(session: Session, *, purpose: str = "training", questions=QUESTIONS) -> int:
    admin = user_principal(user(session, "admin"))
    made = questionnaires.create_questionnaire(
        session, admin, title="劝阻员培训测验", purpose=purpose, questions=questions
    )
    return made.id


def _held(session: Session, quiz_id: int | None, *, pass_score: int = 60) -> TrainingSession:
    start = clock.now() - timedelta(hours=1)
    return training.create_session(
        session,
        user_principal(user(session, "admin")),
        TrainingIn(
            topic="劝阻话术与典型案例",
            trainer="反诈中心 王警官",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            unit_id=unit_of(session, "admin").id,
            place="市局三楼报告厅",
            invited_unit_ids=[unit_of(session, "station_a").id],
            pass_score=pass_score,
            quiz_id=quiz_id,
        ),
    )


def _check_in(client, held: TrainingSession, username: str = "dissuader_a") -> None:
    login(client, username)
    done = post_form(client, "/outreach/training/checkin", {"c": training.checkin_code(held)})
    assert done.status_code == 200 and 'id="quiz-link"' in done.text


def test_a_trainee_takes_the_quiz_once_and_the_organiser_sees_the_pass_rate(client, session):
    held = _held(session, _quiz(session))
    _check_in(client, held)
    page = client.get(f"/outreach/training/{held.id}/quiz")
    assert page.status_code == 200 and "“安全账户”是真的吗" in page.text
    # Two of three right: 67, above the pass score of 60.
    answers = {"q1": "不是", "q2": ["96110", "110"], "q3": "24"}
    sent = post_form(client, f"/outreach/training/{held.id}/quiz", answers)
    assert sent.status_code == 303
    sent = client.get(sent.headers["location"])
    assert re.search(r'id="quiz-score">67 分<', sent.text)
    assert re.search(r'id="quiz-verdict">通过<', sent.text)
    assert "答对 2/3 题" in sent.text
    again = post_form(client, f"/outreach/training/{held.id}/quiz", {"q1": "是"})
    assert again.status_code == 409 and "您已完成本次培训测验" in again.text
    stored = session.scalars(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.source_kind == SourceKind.training,
            QuestionnaireResponse.source_ref.startswith(f"{held.id}:"),
        )
    ).all()
    assert [r.answers["q3"] for r in stored] == [24]

    login(client, "admin")
    detail = client.get(f"/outreach/training/{held.id}").text
    assert re.search(r'id="took-quiz">1 人<', detail)
    assert re.search(r'id="pass-rate">100%<', detail)
    assert '<span class="pass-tag">通过</span>' in detail
    assert "劝阻员培训测验" in detail


def test_below_the_pass_score_is_a_fail(client, session):
    held = _held(session, _quiz(session), pass_score=80)
    _check_in(client, held)
    answers = {"q1": "不是", "q2": "96110", "q3": "48"}
    post_form(client, f"/outreach/training/{held.id}/quiz", answers)
    sent = client.get(f"/outreach/training/{held.id}/quiz")
    assert re.search(r'id="quiz-verdict">未通过<', sent.text)
    login(client, "admin")
    assert re.search(r'id="pass-rate">0%<', client.get(f"/outreach/training/{held.id}").text)


def test_a_missing_required_answer_keeps_the_other_answers_and_records_nothing(client, session):
    held = _held(session, _quiz(session))
    _check_in(client, held)
    sent = post_form(client, f"/outreach/training/{held.id}/quiz", {"q1": "不是", "q3": "48"})
    assert sent.status_code == 422
    assert "第2题" in sent.text and "必答" in sent.text
    assert 'value="不是" checked' in sent.text and 'value="48"' in sent.text
    row = session.scalar(select(TrainingAttendance).where(TrainingAttendance.session_id == held.id))
    assert row is not None and row.quiz_score is None


def test_only_a_trainee_who_checked_in_takes_the_quiz(client, session):
    held = _held(session, _quiz(session))
    login(client, "station_a")  # has a staff record, never checked in
    page = client.get(f"/outreach/training/{held.id}/quiz")
    assert page.status_code == 404 and "请先扫描现场二维码签到" in page.text
    refused = post_form(client, f"/outreach/training/{held.id}/quiz", {"q1": "不是"})
    assert refused.status_code == 404
    login(client, "admin")  # no staff record: nobody to score
    assert client.get(f"/outreach/training/{held.id}/quiz").status_code == 409


def test_a_session_without_a_quiz_says_so(client, session):
    held = _held(session, None)
    login(client, "dissuader_a")
    post_form(client, "/outreach/training/checkin", {"c": training.checkin_code(held)})
    page = client.get(f"/outreach/training/{held.id}/quiz")
    assert page.status_code == 200 and "该培训没有设置测验" in page.text
    refused = post_form(client, f"/outreach/training/{held.id}/quiz", {"q1": "不是"})
    assert refused.status_code == 409 and "该培训没有设置测验" in refused.text


def _form(session: Session, quiz_id: int) -> dict:
    return {
        "topic": "上门劝阻要点",
        "trainer": "王警官",
        "starts_at": "2026-12-02T09:00",
        "ends_at": "2026-12-02T11:00",
        "unit_id": str(unit_of(session, "admin").id),
        "place": "报告厅",
        "invited_unit_ids": [str(unit_of(session, "station_a").id)],
        "pass_score": "60",
        "quiz_id": str(quiz_id),
    }


@pytest.mark.parametrize(
    ("purpose", "questions", "message"),
    [
        ("door_knock", QUESTIONS, "请选择用途为“培训测验”且未停用的问卷"),
        ("training", [{"kind": "text", "title": "心得体会"}], "没有设置正确答案的题目"),
    ],
)
def test_the_organiser_picks_a_scored_training_quiz(client, session, purpose, questions, message):
    login(client, "admin")
    good = _quiz(session)
    bad = _quiz(session, purpose=purpose, questions=questions)
    page = client.get("/outreach/training/new").text
    found = re.search(r'<select id="f-quiz_id".*?</select>', page, re.S)
    assert found is not None
    offered = found.group(0)
    assert f'<option value="{good}"' in offered
    assert (f'<option value="{bad}"' in offered) == (purpose == "training")
    refused = post_form(client, "/outreach/training/new", _form(session, bad))
    assert refused.status_code == 422
    # The message sits beside the quiz field, and the form keeps what was typed.
    assert re.search(rf'id="e-quiz_id">[^<]*{message}', refused.text)
    assert 'value="上门劝阻要点"' in refused.text
    created = post_form(client, "/outreach/training/new", _form(session, good))
    assert created.status_code == 303
    held = session.get(TrainingSession, int(created.headers["location"].rsplit("/", 1)[1]))
    assert held is not None
    assert held.quiz_version_id == questionnaires.current_version(session, good).id


def test_two_submits_at_once_score_once(own_engine):
    with Session(own_engine) as setup:
        held = _held(setup, _quiz(setup))
        training.record_attendance(setup, held, user(setup, "dissuader_a").staff)
        held_id = held.id
        setup.commit()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        with Session(own_engine) as mine:
            actor = user_principal(user(mine, "dissuader_a"))
            barrier.wait(timeout=10)
            try:
                training_quiz.take_quiz(mine, actor, held_id, {"q1": "不是", "q2": "110", "q3": 48})
                mine.commit()
                outcomes.append("scored")
            except DomainError as exc:
                outcomes.append(exc.code)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["scored", "training_quiz_already_taken"]
    with Session(own_engine) as check:
        count = check.scalar(
            select(func.count()).where(
                QuestionnaireResponse.source_kind == SourceKind.training,
                QuestionnaireResponse.source_ref.startswith(f"{held_id}:"),
            )
        )
    assert count == 1
