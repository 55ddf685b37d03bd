"""The lists at scale, through a real server (uvicorn, 2 worker processes) on the demo city,
each figure the p95 of a mix of views a desk officer opens (first page in the default order,
a later page, a column sort, a filter), timed at the client on localhost:

- board.page_p95_ms: station_a's 预警看板 with 100,000 open warnings in its subtree;
- cases.list_p95_ms: branch_leader's 案件 list with 50,000 cases in the 分局;
- lists.statement_rows_p95_ms: a case's 流水明细 over 1,000,000 statement rows.

The rows are written straight in SQL (generate_series), not through the services: what is
measured is reading them back.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bench.cases import _ensure_city
from bench.figures import Figure
from bench.intake import Server, _percentile, signed_in
from fanzha import migrate
from fanzha.auth.models import User
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.org.models import Unit

# FANZHA_BENCH_LISTS_SCALE=0.1 measures a tenth of each (a busy machine); the figures say so.
SCALE = float(os.environ.get("FANZHA_BENCH_LISTS_SCALE", "1"))
OPEN_WARNINGS = int(100_000 * SCALE)
BRANCH_CASES = int(50_000 * SCALE)
STATEMENT_ROWS = int(1_000_000 * SCALE)
ROUNDS = 8

WARNINGS_SQL = """
INSERT INTO warnings (source, external_id, person_name, address, fraud_type, amount_fen,
  money_moving, on_call, note, issued_at, received_at, grade, grade_reasons, unit_id, routed,
  route_note, phone_region, non_local_phone, status, attempt_count, signed_at, sign_due_at,
  contact_due_at, face_due_at, escalation, protected_fen, outcome_note, defrauded_later)
SELECT 'ministry', 'BENCH-' || i, '王秀英', '', 'investment', (i % 97) * 100000,
  false, false, '', now() - make_interval(mins => i % 40000),
  now() - make_interval(mins => i % 40000),
  (ARRAY['urgent','high','medium','low'])[1 + i % 4], '[]'::jsonb,
  (:units)[1 + i % cardinality(:units)], true, '', '', false,
  CASE WHEN i % 3 = 0 THEN 'received' ELSE 'signed' END, 0,
  CASE WHEN i % 3 = 0 THEN NULL ELSE now() END,
  now() + make_interval(mins => (i % 2000) - 1000),
  now() + make_interval(mins => (i % 3000) - 1500),
  NULL, '', 0, '', false
FROM generate_series(1, :n) AS i
"""

CASES_SQL = """
INSERT INTO cases (case_no, unit_id, status, victim_name, victim_phone, victim_address, story,
  fraud_type, loss_fen, reported_at, status_note)
SELECT 'AJBENCHL' || lpad(i::text, 8, '0'), (:units)[1 + i % cardinality(:units)],
  (ARRAY['registered','registered','closed','draft'])[1 + i % 4], '周建华',
  '+86139' || lpad(i::text, 8, '0'), '', '',
  (ARRAY['brushing','investment','shopping','customer_service'])[1 + i % 4],
  10000 + (i::bigint * 7919) % 50000000,
  now() - make_interval(mins => ((i::bigint * 37) % 525600)::int), ''
FROM generate_series(1, :n) AS i
"""

ROWS_SQL = """
INSERT INTO statement_rows (import_id, source_row, account, account_name, at, amount_fen,
  direction, counterpart, counterpart_name, counterpart_bank, kind, balance_fen, summary, serial,
  fingerprint)
SELECT :import_id, i, '62170000' || lpad((i % 5000)::text, 11, '0'), '李某',
  timestamptz '2026-01-01' + make_interval(secs => i * 29), 100 + (i::bigint * 7919) % 5000000,
  CASE WHEN i % 2 = 0 THEN 'in' ELSE 'out' END,
  '62280000' || lpad(((i * 13) % 5000)::text, 11, '0'),
  '赵某', '建设银行示例市分行', 'transfer', NULL, '转账', '', decode(md5('bench' || i), 'hex')
FROM generate_series(1, :n) AS i
"""


def _unit_ids(session: Session, username: str) -> list[int]:
    """The units under `username`'s unit (its stations and communities)."""
    path = session.scalar(
        select(Unit.path).join(User, User.unit_id == Unit.id).where(User.username == username)
    )
    return list(session.scalars(select(Unit.id).where(Unit.path.like(path + "%"))))


def _seed(url: str) -> int:
    """Fill the database; the id of the case holding the statement rows."""
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        _ensure_city(session)
        session.execute(text("SET LOCAL statement_timeout = 0"))  # seeding, not measuring
        session.execute(
            text(WARNINGS_SQL), {"units": _unit_ids(session, "station_a"), "n": OPEN_WARNINGS}
        )
        session.execute(
            text(CASES_SQL), {"units": _unit_ids(session, "branch_leader"), "n": BRANCH_CASES}
        )
        case_id = session.scalar(text("SELECT min(id) FROM cases WHERE case_no LIKE 'AJBENCHL%'"))
        import_id = session.scalar(
            text(
                "INSERT INTO statement_imports (case_id, filename, content, sha256, size,"
                " status, default_account, layouts, rows_total, rows_done, rows_imported,"
                " rows_duplicate, rows_skipped, accounts, errors, message) VALUES (:case_id,"
                " 'bench.csv', '', 'bench', 0, 'done', '', '', :n, :n, :n, 0, 0, 0, '[]', '')"
                " RETURNING id"
            ),
            {"case_id": case_id, "n": STATEMENT_ROWS},
        )
        session.execute(text(ROWS_SQL), {"import_id": import_id, "n": STATEMENT_ROWS})
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("warnings", "cases", "statement_rows"):
            conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    engine.dispose()
    return case_id


def _times(base: str, username: str, paths: list[str], marker: str) -> list[float]:
    with signed_in(base, username) as client:
        for path in paths:  # warm each view once
            assert client.get(path).status_code == 200, path
        times = []
        by_path: dict[str, list[float]] = {path: [] for path in paths}
        for _ in range(ROUNDS):
            for path in paths:
                began = time.perf_counter()
                page = client.get(path)
                took = (time.perf_counter() - began) * 1000
                times.append(took)
                by_path[path].append(took)
                assert page.status_code == 200 and marker in page.text, path
    for path, took in by_path.items():  # which view is slow, when the p95 is
        print(f"  {path}: median {statistics.median(took):.1f} ms", file=sys.stderr)
    return times


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    case_id = _seed(url)
    server = Server(url)
    rows = f"/cases/{case_id}/statement-rows"
    try:
        board = _times(
            server.base,
            "station_a",
            [
                "/warnings",
                "/warnings?page=2",
                "/warnings?sort=amount&dir=desc",
                "/warnings?grade=high",
                "/warnings?page=200&size=100",
            ],
            "count-open",
        )
        cases = _times(
            server.base,
            "branch_leader",
            [
                "/cases",
                "/cases?page=50",
                "/cases?sort=loss&dir=desc",
                "/cases?status=registered&fraud_type=investment",
                "/cases?q=AJBENCHL0000123",
            ],
            "list-total",
        )
        statement = _times(
            server.base,
            "duty",
            [
                rows,
                rows + "?page=100",
                rows + "?sort=amount&dir=desc",
                rows + "?q=6217000000000001234",
                rows + "?direction=in&from=2026-03-01&to=2026-03-31",
            ],
            "statement-rows",
        )
    finally:
        server.stop()
    note = "" if SCALE == 1 else f" (scale {SCALE})"
    return {
        "board.page_p95_ms": Figure(round(_percentile(board, 95), 1), "ms" + note),
        "cases.list_p95_ms": Figure(round(_percentile(cases, 95), 1), "ms" + note),
        "lists.statement_rows_p95_ms": Figure(round(_percentile(statement, 95), 1), "ms" + note),
    }
