"""The global search through a real server (uvicorn, 2 worker processes), on the demo city
with 100,000 warnings and 50,000 cases:

- search.global_p95_ms: the header search (`GET /search?q=...`) as the duty officer (the
  whole city) and a station officer, over a mix of phones, accounts, case
  numbers, warning numbers, names and pinyin initials; p95 at the client on localhost;
- search.empty_page_p95_ms: the same page without a query, measured interleaved: what any page
  costs on the machine at that moment, so a loaded machine shows as such.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from bench.figures import Figure
from bench.intake import Server, _percentile, signed_in
from fanzha import clock, migrate
from fanzha.auth.models import User
from fanzha.cases.models import Case, CaseStatus
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.demo import city as demo_city
from fanzha.fraud import FraudType
from fanzha.identifiers import name_initials
from fanzha.org.models import Unit
from fanzha.warnings.models import Grade, Warning, WarningSource, WarningStatus

WARNINGS = 100_000
CASES = 50_000
SAMPLES = 30  # per query kind and login
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红"


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))


def _ensure_city(session: Session) -> None:
    if session.scalar(select(User.id).where(User.username == "duty")) is None:
        demo_city.build(session, seed=1, scale="city", warning_days=0)
        session.commit()


def _fill(session: Session) -> None:
    """Warnings and cases spread over every station of the city and the last year."""
    units = session.scalars(select(Unit.id).where(Unit.kind == "station")).all()
    rng = random.Random(23)
    now = clock.now()
    if session.scalar(select(Warning.id).where(Warning.external_id == "BENCH-S-00000000")) is None:
        rows = []
        for i in range(WARNINGS):
            name = _name(rng)
            at = now - timedelta(minutes=rng.randint(1, 365 * 24 * 60))
            rows.append(
                {
                    "source": WarningSource.ministry,
                    "external_id": f"BENCH-S-{i:08d}",
                    "person_name": name,
                    "person_name_initials": name_initials(name),
                    "person_phone": f"+86137{i:08d}",
                    "person_id_number": f"32010219{rng.randint(50, 99)}0101{i % 10_000:04d}",
                    "fraudster_account": f"6217{i:015d}",
                    "fraud_type": rng.choice(list(FraudType)),
                    "issued_at": at,
                    "received_at": at,
                    "grade": rng.choice(list(Grade)),
                    "unit_id": rng.choice(units),
                    "routed": True,
                    "status": rng.choice([WarningStatus.closed] * 3 + [WarningStatus.contacting]),
                    "sign_due_at": at + timedelta(minutes=5),
                    "contact_due_at": at + timedelta(minutes=15),
                }
            )
        for start in range(0, len(rows), 5_000):
            session.execute(insert(Warning), rows[start : start + 5_000])
        cases = []
        for i in range(CASES):
            name = _name(rng)
            cases.append(
                {
                    "case_no": f"AJS{i:08d}",
                    "unit_id": rng.choice(units),
                    "status": CaseStatus.registered,
                    "victim_name": name,
                    "victim_name_initials": name_initials(name),
                    "victim_phone": f"+86138{i:08d}",
                    "fraud_type": rng.choice(list(FraudType)),
                    "reported_at": now - timedelta(minutes=rng.randint(1, 365 * 24 * 60)),
                }
            )
        for start in range(0, len(cases), 5_000):
            session.execute(insert(Case), cases[start : start + 5_000])
        session.commit()
        session.connection().exec_driver_sql("ANALYZE warnings; ANALYZE cases")
        session.commit()


def _queries(rng: random.Random) -> list[str]:
    return [
        f"137{rng.randrange(WARNINGS):08d}",  # a phone
        "138-{:04d}-{:04d}".format(*divmod(rng.randrange(CASES), 10_000)),  # with dashes
        f"6217{rng.randrange(WARNINGS):015d}",  # an account
        f"AJS{rng.randrange(CASES):08d}",  # a case number
        f"BENCH-S-{rng.randrange(WARNINGS):08d}",  # an upstream warning number
        str(rng.randrange(1, WARNINGS)),  # a warning's own number
        _name(rng),  # a name
        name_initials(_name(rng)),  # its initials
    ]


def _times(base: str, username: str) -> tuple[list[float], list[float]]:
    """(searches, the same page without a query): the second is the floor every page of the
    server pays on this machine at this moment (session, layout), interleaved with the first."""
    rng = random.Random(username)
    with signed_in(base, username) as client:
        client.get("/search", params={"q": "zs"})  # warm
        times, floor = [], []
        for _ in range(SAMPLES):
            for query in [*_queries(rng), ""]:
                began = time.perf_counter()
                page = client.get("/search", params={"q": query})
                (times if query else floor).append((time.perf_counter() - began) * 1000)
                assert page.status_code == 200, page.text[:300]
    return times, floor


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        _ensure_city(session)
        _fill(session)
    engine.dispose()
    server = Server(url)
    try:
        (duty, duty_floor), (station, station_floor) = (
            _times(server.base, "duty"),
            _times(server.base, "station_a"),
        )
    finally:
        server.stop()
    return {
        "search.empty_page_p95_ms": Figure(
            round(_percentile(duty_floor + station_floor, 95), 1), "ms"
        ),
        "search.global_p95_ms": Figure(
            round(_percentile(duty + station, 95), 1), "ms", "search.empty_page_p95_ms"
        ),
    }
