"""Case linking at the size of a province's year:

- linking.full_200k_seconds: connected components of 200,000 cases × 600,000 case–indicator
  links (scipy.sparse, `fanzha.linking.clusters.components`), median of 5;
- linking.networkx_seconds: the same grouping with networkx (Graph built from the same edges,
  connected components, groups of two or more cases), and linking.full_speedup_vs_networkx;
- linking.full_200k_db_seconds: the whole recomputation in the service (`links.recompute_all`)
  with those cases in PostgreSQL: read the linkable edges, group, found the gangs, write the
  memberships — for the record, beside the algorithm's figure;
- linking.incremental_ms: one new case with 5 indicators (two of them a gang's known values)
  linked through `links.attach`, as the case service does it, p95 of 200.
"""

from __future__ import annotations

import random
import statistics
import time

import networkx as nx
import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.figures import Figure
from fanzha import clock, migrate
from fanzha.db import ensure_database, libpq_url, new_engine, sqlalchemy_url, with_database
from fanzha.linking import clusters, links
from fanzha.linking.models import IndicatorKind, IndicatorSource
from fanzha.org import service as org

CASES = 200_000
LINKS = 600_000
GANGS = 12_000  # about 70,000 cases in gangs of 2 to ~20 sharing five values each
RUNS = 5
INCREMENTAL = 200


def synthetic(seed: int = 11) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(case ids, indicator ids, the gang each case was drawn in or -1): three links per case
    on average; a gang's cases draw half their values from the gang's five shared ones, the
    rest are the case's own (a victim's own card, a number only they were called from)."""
    rng = np.random.default_rng(seed)
    per_case = rng.poisson(3.0, CASES).clip(1, 8)
    per_case = (per_case * (LINKS / per_case.sum())).round().astype(np.int64).clip(1)
    cases = np.repeat(np.arange(1, CASES + 1, dtype=np.int64), per_case)[:LINKS]
    if cases.size < LINKS:
        cases = np.concatenate([cases, rng.integers(1, CASES + 1, LINKS - cases.size)])
    gang_of_case = np.where(rng.random(CASES + 1) < 0.35, rng.integers(0, GANGS, CASES + 1), -1)
    gang = gang_of_case[cases]
    shared = (gang >= 0) & (rng.random(LINKS) < 0.5)
    indicators = np.arange(1, LINKS + 1, dtype=np.int64) + GANGS * 5  # own values: unique
    indicators[shared] = gang[shared] * 5 + rng.integers(0, 5, shared.sum()) + 1
    return cases, indicators, gang_of_case


def _networkx(cases: np.ndarray, indicators: np.ndarray) -> list[list[int]]:
    graph = nx.Graph()
    graph.add_edges_from(zip(cases.tolist(), (-indicators).tolist(), strict=True))
    groups = []
    for component in nx.connected_components(graph):
        members = sorted(n for n in component if n > 0)
        if len(members) >= 2:
            groups.append(members)
    return sorted(groups, key=lambda g: g[0])


def _load(engine, cases: np.ndarray, indicators: np.ndarray) -> int:
    """The cases, their indicators and the links in PostgreSQL; returns the unit id."""
    with Session(engine) as session:
        unit_id = org.create_root_unit(session, name="基准市公安局", code="BM").id
        session.commit()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (id, case_no, unit_id, status, victim_name, victim_address,"
                " story, fraud_type, loss_fen, reported_at, status_note)"
                " SELECT g, 'BM' || g, :unit, 'registered', '', '', '', 'other', 100000,"
                " now() - g * interval '1 minute', '' FROM generate_series(1, :n) g"
            ),
            {"unit": unit_id, "n": CASES},
        )
        conn.execute(text("SELECT setval('cases_id_seq', :n)"), {"n": CASES})
        raw = conn.connection.driver_connection
        pairs = np.unique(np.stack([cases, indicators], axis=1), axis=0)
        values, counts = np.unique(pairs[:, 1], return_counts=True)
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY indicators (id, kind, value, case_count, first_seen_at, last_seen_at,"
                " link_approved) FROM STDIN"
            ) as copy:
                for value, count in zip(values.tolist(), counts.tolist(), strict=True):
                    copy.write_row(
                        (
                            value,
                            "account",
                            f"62{value:017d}",
                            count,
                            clock.now(),
                            clock.now(),
                            False,
                        )
                    )
            with cursor.copy(
                "COPY case_indicators (case_id, indicator_id, source, seen_at, note) FROM STDIN"
            ) as copy:
                for case_id, indicator_id in pairs.tolist():
                    copy.write_row((case_id, indicator_id, "transfer", clock.now(), ""))
        conn.execute(text("SELECT setval('indicators_id_seq', :n)"), {"n": int(values.max())})
        conn.execute(text("ANALYZE"))
    return unit_id


def run(url: str) -> dict[str, Figure]:
    # A database of its own: case ids from 1 and no cases of the other benchmarks.
    ensure_database(url, "bench_linking")
    url = libpq_url(with_database(url, "bench_linking"))
    migrate.upgrade(sqlalchemy_url(url))
    cases, indicators, gang_of_case = synthetic()

    ours, groups = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        groups = clusters.components(cases, indicators)
        ours.append(time.perf_counter() - started)
    started = time.perf_counter()
    baseline = _networkx(cases, indicators)
    networkx_seconds = time.perf_counter() - started
    assert baseline == groups  # the same gangs both ways
    full = statistics.median(ours)

    engine = new_engine(sqlalchemy_url(url))
    unit_id = _load(engine, cases, indicators)
    with Session(engine) as session:
        started = time.perf_counter()
        links.recompute_all(session)
        session.commit()
        db_seconds = time.perf_counter() - started

    rng = random.Random(5)
    gangs = sorted({int(g) for g in gang_of_case if g >= 0})
    timings = []
    with Session(engine) as session:
        for n in range(INCREMENTAL):
            case_id = CASES + 1 + n
            session.execute(
                text(
                    "INSERT INTO cases (id, case_no, unit_id, status, victim_name,"
                    " victim_address, story, fraud_type, loss_fen, reported_at, status_note)"
                    " VALUES (:id, 'BN' || :id, :unit, 'registered', '', '', '', 'other', 1,"
                    " now(), '')"
                ),
                {"id": case_id, "unit": unit_id},
            )
            gang = rng.choice(gangs)
            values = [f"62{gang * 5 + rng.randrange(5) + 1:017d}" for _ in range(2)]
            values += [f"63{case_id:011d}{k:06d}" for k in range(3)]
            started = time.perf_counter()
            links.attach(
                session,
                case_id,
                [(IndicatorKind.account, v) for v in values],
                source=IndicatorSource.transfer,
                seen_at=clock.now(),
            )
            timings.append(time.perf_counter() - started)
            session.commit()
    engine.dispose()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    sizes = [len(g) for g in groups]
    return {
        "linking.full_200k_seconds": Figure(round(full, 3), "s"),
        "linking.gangs_found": Figure(len(groups), "gangs"),
        "linking.largest_gang_cases": Figure(max(sizes), "cases"),
        "linking.networkx_seconds": Figure(round(networkx_seconds, 2), "s"),
        "linking.full_speedup_vs_networkx": Figure(round(networkx_seconds / full, 1), "×"),
        "linking.full_200k_db_seconds": Figure(round(db_seconds, 2), "s"),
        "linking.incremental_ms": Figure(round(p95 * 1000, 2), "ms"),
    }
