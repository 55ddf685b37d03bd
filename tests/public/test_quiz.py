"""反诈答题 as a citizen takes it: a QR link's source kept, ten questions with the types
balanced, handed in once, scored with explanations, the result card an image."""

from __future__ import annotations

import io
import random
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import select

from fanzha.public import quiz
from fanzha.public.models import QuizQuestion, QuizRound
from tests.helpers import post_form

pytestmark = pytest.mark.usefixtures("city")


def start(client, source: str = "") -> str:
    page = client.get("/public/quiz" + (f"?source={source}" if source else ""))
    assert page.status_code == 200
    tag = re.search(r'name="source" value="([^"]*)"', page.text).group(1)
    response = post_form(client, "/public/quiz", {"source": tag})
    assert response.status_code == 303
    return response.headers["location"].rsplit("/", 1)[-1]


def right_answers(session, token: str) -> dict[str, list[str]]:
    quiz_round = session.execute(select(QuizRound).where(QuizRound.token == token)).scalar_one()
    questions = quiz.questions_of(session, quiz_round)
    return {f"q{n}": [str(i) for i in q.answer] for n, q in enumerate(questions)}


def test_a_qr_round_is_tagged_scored_and_explained(client, session):
    token = start(client, "campaign-41")
    page = client.get(f"/public/quiz/{token}")
    assert page.status_code == 200
    assert page.text.count('class="p-card p-question"') == 10
    answers = right_answers(session, token)
    answers["q0"] = ["9"]  # out of range: dropped, so q0 is unanswered
    refused = post_form(client, f"/public/quiz/{token}", answers)
    assert refused.status_code == 422
    assert "还有 1 道题没有作答" in refused.text
    answers = right_answers(session, token)
    first = answers["q0"]
    answers["q0"] = ["0"] if first != ["0"] else ["1"]  # one wrong
    response = post_form(client, f"/public/quiz/{token}", answers)
    assert response.status_code == 303
    result = client.get(response.headers["location"])
    assert "90 分" in result.text and "答对 9 / 10 题" in result.text
    assert result.text.count("解析：") == 10
    assert "✗ 答错了" in result.text
    stored = session.execute(select(QuizRound).where(QuizRound.token == token)).scalar_one()
    assert (stored.source_kind, stored.source_id, stored.score) == ("campaign", 41, 90)
    # Handed in again (a double tap): the result, scored once by the first.
    again = post_form(client, f"/public/quiz/{token}", right_answers(session, token))
    assert again.status_code == 303 and again.headers["location"].endswith("/result")
    session.refresh(stored)
    assert stored.score == 90


def test_the_result_card_is_a_png_with_the_score(client, session):
    token = start(client)
    post_form(client, f"/public/quiz/{token}", right_answers(session, token))
    response = client.get(f"/public/quiz/{token}/card.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (720, 960)


def test_an_unknown_round_and_a_bad_source(client):
    assert client.get("/public/quiz/not-a-round-token-at-all").status_code == 404
    page = client.get("/public/quiz?source=campaign-x")
    assert 'name="source" value=""' in page.text  # still a quiz, untagged


def test_a_round_draws_ten_with_one_of_each_of_the_ten_types(client, session):
    token = start(client)
    quiz_round = session.execute(select(QuizRound).where(QuizRound.token == token)).scalar_one()
    types = Counter(q.fraud_type for q in quiz.questions_of(session, quiz_round))
    assert len(quiz_round.question_ids) == 10
    assert set(types.values()) == {1}


def test_retired_questions_are_not_drawn(session):
    questions = session.execute(select(QuizQuestion)).scalars().all()
    keep = questions[:3]
    for q in questions[3:]:
        q.retired_at = q.created_at
    session.flush()
    drawn = quiz.start_round(session, None).question_ids
    assert sorted(drawn) == sorted(q.id for q in keep)


pools = st.lists(
    st.sampled_from(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]), max_size=60
).map(lambda types: [(n, t) for n, t in enumerate(types)])


@settings(max_examples=200, deadline=None)
@given(pool=pools, seed=st.integers(0, 2**32))
def test_a_draw_is_as_balanced_as_the_bank_allows(pool, seed):
    drawn = quiz.balanced_draw(pool, rng=random.Random(seed))
    assert len(drawn) == min(10, len(pool)) and len(set(drawn)) == len(drawn)
    type_of = dict(pool)
    got = Counter(type_of[i] for i in drawn)
    have = Counter(t for _, t in pool)
    for a in have:
        for b in have:
            # A type may trail another by more than one only when it has nothing left.
            assert got[a] - got[b] <= 1 or got[b] == have[b]
