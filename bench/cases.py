"""Cases through a real server (uvicorn, 2 worker processes), on the demo city:

- stoppay.one_click_200_accounts_ms: 一键止付 on a case with 200 receiving accounts, the whole
  request (stop-payments, 协查, audit, the re-rendered money section) timed at the client on
  localhost, median over fresh cases; the p95 is recorded beside it;
- cases.list_p95_ms moved to bench/lists.py (the case list at 50,000 cases).
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.figures import Figure
from bench.intake import Server, _percentile, signed_in
from fanzha import clock, migrate
from fanzha.access import Principal
from fanzha.auth.models import User
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.cases.service import create_case
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import city as demo_city
from fanzha.org.models import Unit

ACCOUNTS = 200
STOP_CASES = 15


def _ensure_city(session: Session) -> None:
    if session.scalar(select(User.id).where(User.username == "duty")) is None:
        demo_city.build(session, seed=1, scale="city", warning_days=0)
        session.commit()


def _wide_cases(session: Session) -> list[int]:
    """Cases whose victim paid into 200 different accounts, a tenth of them in other cities."""
    rng = random.Random(5)
    station = session.scalar(
        select(Unit.id).join(User, User.unit_id == Unit.id).where(User.username == "station_a")
    )
    now = clock.now()
    ids = []
    for n in range(STOP_CASES):
        transfers = [
            TransferIn(
                at=now - timedelta(minutes=ACCOUNTS - i),
                amount_fen=rng.randint(1_000, 5_000_000),
                receiving_account=f"62{n:03d}{i:014d}",
                receiving_name="收款人",
                receiving_bank="工商银行西宁分行" if i % 10 == 0 else "建设银行示例市分行",
            )
            for i in range(ACCOUNTS)
        ]
        data = CaseIn(victim_name="钱多多", story="刷单返利", transfers=transfers)
        ids.append(create_case(session, Principal.system(), data, unit_id=station).id)
    session.commit()
    return ids


def _one_click_times(base: str, case_ids: list[int]) -> list[float]:
    with signed_in(base, "duty") as client:
        headers = {"HX-Request": "true", "X-CSRF-Token": client.cookies["fanzha_csrf"]}
        times = []
        for case_id in case_ids:
            began = time.perf_counter()
            response = client.post(f"/cases/{case_id}/stop-payments", headers=headers)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, response.text[:300]
            assert response.text.count("data-account=") == ACCOUNTS
    return times


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        _ensure_city(session)
        wide = _wide_cases(session)
    engine.dispose()
    server = Server(url)
    try:
        clicks = _one_click_times(server.base, wide)
    finally:
        server.stop()
    return {
        "stoppay.one_click_200_accounts_ms": Figure(round(statistics.median(clicks), 1), "ms"),
        "stoppay.one_click_200_accounts_p95_ms": Figure(round(_percentile(clicks, 95), 1), "ms"),
    }
