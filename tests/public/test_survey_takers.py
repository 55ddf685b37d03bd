"""The awareness survey's page shows the public quiz's self-selected takers of the same weeks
apart from 知晓率 — beside each grid and in a note saying they are not a sample — and never
counts them into the rate."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from fanzha.auth.service import user_principal
from fanzha.public import quiz
from fanzha.questionnaires import surveys
from tests.helpers import login, user
from tests.questionnaires.test_surveys import AWARE, UNAWARE, _grids, _survey

pytestmark = pytest.mark.usefixtures("city")


def hand_in(session: Session, source: quiz.Source | None, right: int) -> None:
    """A round handed in with the first `right` questions answered right, the rest wrong."""
    quiz_round = quiz.start_round(session, source)
    questions = quiz.questions_of(session, quiz_round)
    answers = [
        list(q.answer) if n < right else [i for i in range(len(q.options)) if i not in q.answer]
        for n, q in enumerate(questions)
    ]
    quiz.hand_in(session, quiz_round, questions, answers)


def test_quiz_takers_are_shown_apart_beside_the_rate_and_never_counted_in(client, session: Session):
    duty = user_principal(user(session, "duty"))
    survey = _survey(session, duty)
    grid = _grids(session, duty, 1)[0]
    batch = surveys.issue_codes(session, duty, survey.id, size=2, grid_id=grid.id)
    for code, answers in zip(surveys.batch_codes(session, batch), [AWARE, UNAWARE], strict=True):
        surveys.answer_code(session, code.code, answers)
    before = quiz.takers_between(session, survey.created_at, None)
    hand_in(session, quiz.Source("grid", grid.id), right=10)
    hand_in(session, quiz.Source("grid", grid.id), right=6)
    hand_in(session, None, right=2)
    taken = quiz.takers_between(session, survey.created_at, None)
    assert taken.finished == before.finished + 3
    assert taken.by_grid[grid.id][0] == before.by_grid.get(grid.id, (0, 0))[0] + 2
    session.flush()

    login(client, "duty")
    page = client.get(f"/outreach/surveys/{survey.id}?level=grid")
    assert page.status_code == 200
    assert "自愿参加反诈答题的人（另列，不计入知晓率）" in page.text
    assert "不是按网格抽取的样本" in page.text
    assert f"交卷 <strong>{taken.finished}</strong> 人次" in page.text
    count, mean = taken.by_grid[grid.id]
    assert f'<td class="apart nowrap" data-quiz-takers>{count} 人次 · 均分 {mean:.0f}</td>' in (
        page.text
    )
    # 知晓率 is the two survey answers alone: 1 of 2, whatever the quiz takers scored.
    assert "50.0%" in page.text
