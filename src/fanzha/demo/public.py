"""The demo city's quiz bank (fanzha.demo.quiz_bank) and a few weeks of rounds handed in, some
from grid QR codes, so the staff pages have figures."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.demo.quiz_bank import QUESTIONS
from fanzha.org.models import Grid
from fanzha.public import bank, quiz
from fanzha.public.models import QuizRound


def build(session: Session, *, seed: int = 1) -> dict[str, int]:
    """The bank, and 60 rounds handed in over the last three weeks (a third from grid QR
    codes). Returns counts for the demo's summary."""
    rng = random.Random(seed)
    for fraud_type, kind, stem, options, answer, explanation in QUESTIONS:
        draft, problems = bank.check_question(
            {
                "fraud_type": fraud_type,
                "kind": kind,
                "stem": stem,
                "options": list(options),
                "answer": answer,
                "explanation": explanation,
            }
        )
        assert draft is not None, problems  # the bank above is checked like any import
        bank.add_question(session, draft)
    grids = list(session.execute(select(Grid.id).order_by(Grid.id).limit(3)).scalars())
    now = clock.now()
    pool = [(q.id, str(q.fraud_type)) for q in bank.list_questions(session)]
    by_id = {q.id: q for q in bank.list_questions(session)}
    for n in range(60):
        drawn = quiz.balanced_draw(pool, rng=rng)
        answers = [
            list(by_id[i].answer) if rng.random() < 0.75 else [rng.randrange(2)] for i in drawn
        ]
        correct = [
            sorted(a) == sorted(by_id[i].answer) for a, i in zip(answers, drawn, strict=True)
        ]
        started = now - timedelta(days=rng.randrange(21), minutes=rng.randrange(600))
        source = grids[(n // 3) % len(grids)] if grids and n % 3 == 0 else None
        session.add(
            QuizRound(
                token=f"demo{seed:04d}{n:06d}round",
                question_ids=drawn,
                answers=answers,
                correct=correct,
                score=round(100 * sum(correct) / len(drawn)),
                source_kind="grid" if source else None,
                source_id=source,
                started_at=started,
                finished_at=started + timedelta(minutes=4),
            )
        )
    session.flush()
    return {"quiz_questions": len(QUESTIONS), "quiz_rounds": 60}
