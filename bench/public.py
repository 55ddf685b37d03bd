"""The citizens' site through a real server (uvicorn, 2 worker processes), each at a fixed
200 requests a second for 10 seconds, after one second of the same traffic not counted:

- public.quiz_submit_p99_ms: a round of ten handed in (POST /public/quiz/{token}, answered
  303), as when an event's QR code on a big screen sends hundreds of phones at once;
- public.risk_check_p99_ms: a phone number checked (POST /public/risk) against 1,000,000
  indicators, half the numbers asked known (some blocked), half not.

Every request goes through the real guards: CSRF, the per-client rate limit in PostgreSQL and
the CAPTCHA threshold. Each comes from one of 20,000 citizens (X-Forwarded-For, which uvicorn
trusts from 127.0.0.1), so none is refused; latency counts from when a request was due.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import statistics
import time
from urllib.parse import urlencode

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from bench.figures import Figure
from bench.intake import Server, _LeanClient, _percentile
from fanzha import migrate
from fanzha.db import ensure_database, libpq_url, new_engine, with_database
from fanzha.demo.quiz_bank import QUESTIONS
from fanzha.org import service as org
from fanzha.public import bank, quiz
from fanzha.public.models import QuizRound

RATE, SECONDS, WARM_SECONDS = 200, 10, 1
INDICATORS = 1_000_000
BLOCKED_EVERY = 50  # one known number in 50 has its block done
CITIZENS = 20_000
CSRF = "bench-csrf-token"


def run(url: str) -> dict[str, Figure]:
    ensure_database(url, "bench_public")
    url = libpq_url(with_database(url, "bench_public"))
    migrate.upgrade(url)
    rounds, known = _prepare(url)
    server = Server(url)
    try:
        quiz_ms = _fixed_rate(server.port, [_hand_in(token, answers) for token, answers in rounds])
        phones = [
            known[i % len(known)] if i % 2 else f"1370{i % 10**7:07d}"
            for i in range(RATE * (SECONDS + WARM_SECONDS))
        ]
        risk_ms = _fixed_rate(server.port, [_risk(phone) for phone in phones])
    finally:
        server.stop()
    return {
        "public.quiz_submit_p50_ms": Figure(round(statistics.median(quiz_ms), 1), "ms"),
        "public.quiz_submit_p99_ms": Figure(round(_percentile(quiz_ms, 99), 1), "ms"),
        "public.risk_check_p50_ms": Figure(round(statistics.median(risk_ms), 1), "ms"),
        "public.risk_check_p99_ms": Figure(round(_percentile(risk_ms, 99), 1), "ms"),
    }


def _prepare(url: str) -> tuple[list[tuple[str, list[list[int]]]], list[str]]:
    """The demo quiz bank, a round started for every hand-in to come (with its answers), and
    1,000,000 indicators: 700,000 phones and 300,000 accounts, one phone in 50 blocked."""
    engine = new_engine(url, bulk=True)
    with Session(engine) as session:
        session.execute(
            text(
                "TRUNCATE quiz_questions, quiz_rounds, risk_query_counts, public_rate_counters,"
                " block_requests, indicators CASCADE"
            )
        )
        for fraud_type, kind, stem, options, answer, explanation in QUESTIONS:
            draft, _ = bank.check_question(
                {
                    "fraud_type": fraud_type,
                    "kind": kind,
                    "stem": stem,
                    "options": list(options),
                    "answer": answer,
                    "explanation": explanation,
                }
            )
            assert draft is not None
            bank.add_question(session, draft)
        questions = {q.id: q for q in bank.list_questions(session)}
        pool = [(q.id, str(q.fraud_type)) for q in questions.values()]
        rng = random.Random(20)
        rounds = []
        for _ in range(RATE * (SECONDS + WARM_SECONDS)):
            drawn = quiz.balanced_draw(pool, rng=rng)
            answers = [list(questions[i].answer) for i in drawn]
            rounds.append({"token": secrets.token_urlsafe(18), "question_ids": drawn})
            rounds[-1]["answers_"] = answers
        session.execute(
            insert(QuizRound),
            [{"token": r["token"], "question_ids": r["question_ids"]} for r in rounds],
        )
        unit = org.create_root_unit(session, name="压测市公安局", code="BENCH")
        session.execute(
            text(
                """
                INSERT INTO indicators (kind, value, case_count, first_seen_at, last_seen_at,
                                        link_approved)
                SELECT CASE WHEN n <= 700000 THEN 'phone' ELSE 'account' END,
                       CASE WHEN n <= 700000 THEN '+86138' || lpad(n::text, 8, '0')
                            ELSE '6222' || lpad(n::text, 15, '0') END,
                       1, now(), now(), false
                FROM generate_series(1, :count) AS n
                """
            ),
            {"count": INDICATORS},
        )
        session.execute(
            text(
                """
                INSERT INTO block_requests (indicator_id, target, status, reason, case_ids,
                                            unit_id, batch_no, appeal_reason, response_note,
                                            done_at)
                SELECT id, 'china_mobile', 'done', '压测', '{}', :unit, '', '', '', now()
                FROM indicators WHERE kind = 'phone' AND id % :every = 0
                """
            ),
            {"unit": unit.id, "every": BLOCKED_EVERY},
        )
        session.commit()
        session.execute(text("ANALYZE indicators"))
        session.execute(text("ANALYZE block_requests"))
        session.commit()
    engine.dispose()
    known = [f"138{n:08d}" for n in range(1, 700_001, 37)]
    return [(r["token"], r["answers_"]) for r in rounds], known


def _citizen(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


_counter = iter(range(10**9))


def _post(path: str, fields: list[tuple[str, str]]) -> bytes:
    body = urlencode([("csrf_token", CSRF), *fields]).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"X-Forwarded-For: {_citizen(next(_counter) % CITIZENS)}\r\n"
        f"Cookie: fanzha_csrf={CSRF}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _hand_in(token: str, answers: list[list[int]]) -> tuple[bytes, int]:
    fields = [(f"q{n}", str(choice)) for n, chosen in enumerate(answers) for choice in chosen]
    return _post(f"/public/quiz/{token}", fields), 303


def _risk(phone: str) -> tuple[bytes, int]:
    return _post("/public/risk", [("kind", "phone"), ("value", phone)]), 200


def _fixed_rate(port: int, requests: list[tuple[bytes, int]]) -> list[float]:
    """Each request sent when due at RATE a second; the latencies (ms, from when it was due)
    of all but the first WARM_SECONDS of them. A wrong status fails the benchmark."""

    async def main() -> list[float]:
        client = _LeanClient(port)
        latencies: list[float | None] = [None] * len(requests)

        async def one(n: int, request: bytes, expected: int, due: float) -> None:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            status = await client.send(request)
            assert status == expected, (status, request[:80])
            latencies[n] = (time.perf_counter() - due) * 1000

        start = time.perf_counter() + 0.2
        await asyncio.gather(
            *(one(n, r, want, start + n / RATE) for n, (r, want) in enumerate(requests))
        )
        client.close()
        return [ms for ms in latencies[RATE * WARM_SECONDS :] if ms is not None]

    return asyncio.run(main())
