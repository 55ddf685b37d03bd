"""反诈答题: rounds of ten questions drawn from the bank with the fraud types balanced, handed
in once, scored, and counted per source (the campaign, event or grid whose QR code opened it).

A round stores its questions, answers and per-question verdicts in one row, so handing in is a
single UPDATE whatever the load; the correct-answer rate of each question is read from the
rounds (`question_rates`)."""

from __future__ import annotations

import random
import re
import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.public.errors import AnswerMissing, NoQuestions, RoundFinished, RoundNotFound
from fanzha.public.models import QuestionKind, QuizQuestion, QuizRound

ROUND_SIZE = 10
SOURCE_KINDS = ("campaign", "event", "grid")
_SOURCE = re.compile(r"(campaign|event|grid)-([1-9]\d{0,17})")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,32}")


@dataclass(frozen=True)
class Source:
    """Where a round's citizen came from: a campaign, event or grid by id (no foreign key)."""

    kind: str
    id: int

    @property
    def tag(self) -> str:
        return f"{self.kind}-{self.id}"


def parse_source(raw: str | None) -> Source | None:
    """`campaign-12`, `event-3`, `grid-7` as a QR link carries it; None for anything else (a
    mistyped link still opens a quiz, only untagged)."""
    match = _SOURCE.fullmatch((raw or "").strip())
    return Source(match.group(1), int(match.group(2))) if match else None


def balanced_draw(
    pool: Sequence[tuple[int, str]], size: int = ROUND_SIZE, rng: random.Random | None = None
) -> list[int]:
    """`size` question ids from `pool` ((id, fraud type) pairs), the types as even as the bank
    allows: types in random order take one question each in turn, so two types' counts differ
    by at most one unless the smaller type has no question left. Pure."""
    rng = rng or random.SystemRandom()
    by_type: dict[str, list[int]] = defaultdict(list)
    for question_id, fraud_type in pool:
        by_type[fraud_type].append(question_id)
    queues = list(by_type.values())
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    drawn: list[int] = []
    while len(drawn) < size and any(queues):
        for queue in queues:
            if queue and len(drawn) < size:
                drawn.append(queue.pop())
    rng.shuffle(drawn)
    return drawn


def start_round(session: Session, source: Source | None) -> QuizRound:
    """A new round of up to ROUND_SIZE questions in use; NoQuestions when the bank is empty."""
    pool = session.execute(
        select(QuizQuestion.id, QuizQuestion.fraud_type).where(QuizQuestion.retired_at.is_(None))
    ).all()
    drawn = balanced_draw([(row.id, str(row.fraud_type)) for row in pool])
    if not drawn:
        raise NoQuestions()
    quiz_round = QuizRound(
        token=secrets.token_urlsafe(18),
        question_ids=drawn,
        source_kind=source.kind if source else None,
        source_id=source.id if source else None,
        started_at=clock.now(),
    )
    session.add(quiz_round)
    session.flush()
    return quiz_round


def find_round(session: Session, token: str, *, for_update: bool = False) -> QuizRound:
    """The round of `token`; RoundNotFound for a token that names none."""
    if not _TOKEN.fullmatch(token or ""):
        raise RoundNotFound()
    query = select(QuizRound).where(QuizRound.token == token)
    if for_update:
        query = query.with_for_update()
    quiz_round = session.execute(query).scalar_one_or_none()
    if quiz_round is None:
        raise RoundNotFound()
    return quiz_round


def questions_of(session: Session, quiz_round: QuizRound) -> list[QuizQuestion]:
    """The round's questions in the order it was drawn (retired ones too)."""
    rows = session.execute(
        select(QuizQuestion).where(QuizQuestion.id.in_(quiz_round.question_ids))
    ).scalars()
    by_id = {q.id: q for q in rows}
    return [by_id[i] for i in quiz_round.question_ids if i in by_id]


def read_answers(form: Mapping[str, Sequence[str]], questions: Sequence[QuizQuestion]) -> list:
    """The chosen option indexes per question from a posted form (`q0`, `q1`, ... each one or
    more option indexes); out-of-range or repeated choices are dropped, a single-choice question
    keeps its first."""
    answers: list[list[int]] = []
    for n, question in enumerate(questions):
        chosen: list[int] = []
        for raw in form.get(f"q{n}", ()):
            # ASCII and short: "²" is a digit int() refuses, and so is a 5,000-digit number.
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 2):
                continue
            if int(raw) < len(question.options) and int(raw) not in chosen:
                chosen.append(int(raw))
        if question.kind is QuestionKind.single:
            chosen = chosen[:1]
        answers.append(sorted(chosen))
    return answers


def hand_in(
    session: Session,
    quiz_round: QuizRound,
    questions: Sequence[QuizQuestion],
    answers: Sequence[Sequence[int]],
) -> QuizRound:
    """Score `quiz_round` (read with find_round(for_update=True), its `questions` in order)
    with `answers` (option indexes per question). RoundFinished (handed in already),
    AnswerMissing (`count` unanswered)."""
    if quiz_round.finished_at is not None:
        raise RoundFinished()
    missing = sum(1 for n in range(len(questions)) if n >= len(answers) or not answers[n])
    if missing:
        raise AnswerMissing(count=missing)
    correct = [sorted(answers[n]) == sorted(q.answer) for n, q in enumerate(questions)]
    quiz_round.answers = [sorted(a) for a in answers[: len(questions)]]
    quiz_round.correct = correct
    quiz_round.score = round(100 * sum(correct) / len(questions))
    quiz_round.finished_at = clock.now()
    session.flush()
    return quiz_round


@dataclass(frozen=True)
class QuestionRate:
    question: QuizQuestion
    answered: int
    right: int

    @property
    def rate(self) -> float | None:
        """Share answered right (0–1); None before anyone answered it."""
        return self.right / self.answered if self.answered else None


_RATES = text(
    """
    SELECT q.id AS question_id, count(*) AS answered, count(*) FILTER (WHERE q.ok) AS right_
    FROM quiz_rounds r, unnest(r.question_ids, r.correct) AS q(id, ok)
    WHERE r.finished_at IS NOT NULL
    GROUP BY q.id
    """
)


def question_rates(session: Session) -> list[QuestionRate]:
    """Every question with how often it was answered and answered right, hardest first
    (lowest rate; questions never answered last, newest first among them)."""
    counts = {row.question_id: row for row in session.execute(_RATES)}
    questions = session.execute(select(QuizQuestion).order_by(QuizQuestion.id.desc())).scalars()
    rates = [
        QuestionRate(
            q,
            counts[q.id].answered if q.id in counts else 0,
            counts[q.id].right_ if q.id in counts else 0,
        )
        for q in questions
    ]
    return sorted(rates, key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0))


@dataclass(frozen=True)
class SourceCount:
    kind: str
    id: int
    started: int
    finished: int
    average: float | None


def participants_by_source(session: Session) -> list[SourceCount]:
    """Rounds started and handed in per tagged source, most participants first."""
    rows = session.execute(
        select(
            QuizRound.source_kind,
            QuizRound.source_id,
            func.count(),
            func.count(QuizRound.finished_at),
            func.avg(QuizRound.score),
        )
        .where(QuizRound.source_kind.is_not(None))
        .group_by(QuizRound.source_kind, QuizRound.source_id)
        .order_by(func.count().desc(), QuizRound.source_kind, QuizRound.source_id)
    ).all()
    return [
        SourceCount(kind, source_id, started, finished, float(avg) if avg is not None else None)
        for kind, source_id, started, finished, avg in rows
    ]


@dataclass(frozen=True)
class Takers:
    """Quiz rounds handed in over a period: self-selected citizens, never a sample. `by_grid`
    maps a grid id to (rounds, mean score) for rounds opened from that grid's QR code."""

    finished: int
    average: float | None  # mean score, 0–100
    by_grid: dict[int, tuple[int, float | None]]


def takers_between(session: Session, since: datetime, until: datetime | None) -> Takers:
    """The quiz rounds handed in from `since` to `until` (None: now), overall and per grid."""
    where = [QuizRound.finished_at.is_not(None), QuizRound.finished_at >= since]
    if until is not None:
        where.append(QuizRound.finished_at < until)
    rows = session.execute(
        select(
            QuizRound.source_kind,
            QuizRound.source_id,
            func.count(),
            func.sum(QuizRound.score),
        )
        .where(*where)
        .group_by(QuizRound.source_kind, QuizRound.source_id)
    ).all()
    finished = sum(n for _, _, n, _ in rows)
    total = sum(points or 0 for _, _, _, points in rows)
    by_grid = {
        source_id: (n, (points or 0) / n)
        for kind, source_id, n, points in rows
        if kind == "grid" and n
    }
    return Takers(finished, total / finished if finished else None, by_grid)
