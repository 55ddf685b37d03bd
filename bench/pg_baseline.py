"""The physical limit for intake: plain psycopg into the same table shape (shared/BENCH.md).

The table is `warnings` itself, migrated into a database of its own: the same 45 columns,
defaults, checks, unique key, nine indexes and foreign keys the intake writes through, filled
with rows as the intake stores them (graded, routed, with their deadlines). Batch intake is
reported as a ratio against `pg.raw_executemany_rows_per_s`.

A narrow 15-column table with only a unique key is measured too, under `_narrow_` names: the
gap between the two is what the warnings table's shape costs before any of our code runs.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg.types.json import Jsonb

from bench.figures import Figure
from fanzha import migrate
from fanzha.db import ensure_database, libpq_url, sqlalchemy_url, with_database

DATABASE = "bench_baseline"
EXECUTEMANY_ROWS = 50_000
COPY_ROWS = 200_000
REPEATS = 3

NARROW_TABLE = """
CREATE TABLE bench_rows (
    id bigserial PRIMARY KEY,
    source text NOT NULL,
    external_id text NOT NULL,
    person_name text NOT NULL,
    phone text NOT NULL,
    id_number text,
    address text NOT NULL,
    fraud_type text NOT NULL,
    amount_fen bigint NOT NULL,
    grade text NOT NULL,
    status text NOT NULL,
    issued_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    unit_id integer NOT NULL,
    indicator text,
    UNIQUE (source, external_id)
)
"""
NARROW_COLUMNS = (
    "source",
    "external_id",
    "person_name",
    "phone",
    "id_number",
    "address",
    "fraud_type",
    "amount_fen",
    "grade",
    "status",
    "issued_at",
    "received_at",
    "unit_id",
    "indicator",
)
# What the intake writes for a new warning; the remaining columns keep their defaults.
WARNING_COLUMNS = (
    "source",
    "external_id",
    "person_name",
    "person_phone",
    "person_id_number",
    "address",
    "fraud_type",
    "fraudster_phone",
    "fraudster_account",
    "fraud_app",
    "fraud_url",
    "amount_fen",
    "money_moving",
    "on_call",
    "note",
    "issued_at",
    "received_at",
    "grade",
    "grade_reasons",
    "unit_id",
    "grid_id",
    "routed",
    "duty_team_id",
    "route_note",
    "phone_region",
    "non_local_phone",
    "status",
    "attempt_count",
    "escalation",
    "protected_fen",
    "outcome_note",
    "defrauded_later",
    "sign_due_at",
    "contact_due_at",
    "face_due_at",
)
# One unit with a grid and a team on duty, for the warnings' foreign keys.
ORG = (
    "INSERT INTO units (name, kind, path, code) VALUES ('基准派出所', 'station', '/1/', 'BENCH')"
    " RETURNING id",
    "INSERT INTO grids (code, name, unit_id, households) VALUES ('BENCH-G1', '基准网格', %s, 300)"
    " RETURNING id",
    "INSERT INTO teams (unit_id, name, kind) VALUES (%s, '心盾一队', 'door_visit') RETURNING id",
)


def _org(conn: psycopg.Connection) -> tuple[int, int, int]:
    conn.execute("TRUNCATE warnings, duty_shifts, teams, grids, units CASCADE")
    unit = conn.execute(ORG[0]).fetchone()[0]
    grid = conn.execute(ORG[1], (unit,)).fetchone()[0]
    team = conn.execute(ORG[2], (unit,)).fetchone()[0]
    return unit, grid, team


def _narrow_rows(count: int, rng: random.Random) -> list[tuple]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        issued = start + timedelta(seconds=i)
        rows.append(
            (
                "ministry",
                f"W{i:010d}",
                "张三丰",
                f"+86138{rng.randrange(10**8):08d}",
                "11010119900307123X",
                "临江区江滨路188号阳光花园3栋",
                "investment",
                rng.randrange(1, 10**9),
                "high",
                "received",
                issued,
                issued + timedelta(seconds=2),
                rng.randrange(1, 80),
                "6222021234567890",
            )
        )
    return rows


def _warning_rows(count: int, org: tuple[int, int, int], rng: random.Random) -> list[tuple]:
    unit, grid, team = org
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        issued = start + timedelta(seconds=i)
        received = issued + timedelta(seconds=2)
        rows.append(
            (
                "province",
                f"W{i:010d}",
                "赵淑芬",
                f"+86139{rng.randrange(10**8):08d}",
                None,
                "临江区江滨路188号阳光花园5栋3单元1101室",
                "investment",
                f"+86170{rng.randrange(10**8):08d}",
                None,
                None,
                None,
                rng.randrange(0, 97) * 100_000,
                False,
                False,
                "",
                issued,
                received,
                "high",
                Jsonb(["涉案金额5万元以上"]),
                unit,
                grid,
                True,
                team,
                "地址匹配小区：阳光花园",
                "江苏南京",
                False,
                "received",
                0,
                "",
                0,
                "",
                False,
                received + timedelta(minutes=5),
                received + timedelta(minutes=15),
                received + timedelta(hours=24),
            )
        )
    return rows


def _timed(conn: psycopg.Connection, table: str, action: Callable[[], None]) -> float:
    conn.execute(f"TRUNCATE {table} CASCADE")
    conn.commit()
    began = time.perf_counter()
    action()
    conn.commit()
    return time.perf_counter() - began


def _rates(
    conn: psycopg.Connection, table: str, columns: tuple[str, ...], rows
) -> tuple[float, float]:
    """(executemany rows/s, COPY rows/s) into `table`, each the median of REPEATS runs."""
    names = ", ".join(columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    few = rows[:EXECUTEMANY_ROWS]

    def executemany() -> None:
        with conn.cursor() as cur:
            cur.executemany(insert, few)

    def copy() -> None:
        with conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copier:
            for row in rows:
                copier.write_row(row)

    many = statistics.median(_timed(conn, table, executemany) for _ in range(REPEATS))
    copied = statistics.median(_timed(conn, table, copy) for _ in range(REPEATS))
    conn.execute(f"TRUNCATE {table} CASCADE")
    conn.commit()
    return len(few) / many, len(rows) / copied


def run(url: str) -> dict[str, Figure]:
    ensure_database(url, DATABASE)
    url = libpq_url(with_database(url, DATABASE))
    migrate.upgrade(sqlalchemy_url(url))
    rng = random.Random(1)
    with psycopg.connect(url) as conn:
        org = _org(conn)
        conn.commit()
        wide = _rates(conn, "warnings", WARNING_COLUMNS, _warning_rows(COPY_ROWS, org, rng))
        conn.execute("DROP TABLE IF EXISTS bench_rows")
        conn.execute(NARROW_TABLE)
        conn.commit()
        narrow = _rates(conn, "bench_rows", NARROW_COLUMNS, _narrow_rows(COPY_ROWS, rng))
        conn.execute("DROP TABLE bench_rows")
        conn.commit()
    return {
        "pg.raw_executemany_rows_per_s": Figure(round(wide[0]), "rows/s"),
        "pg.raw_copy_rows_per_s": Figure(round(wide[1]), "rows/s"),
        "pg.raw_executemany_narrow_rows_per_s": Figure(round(narrow[0]), "rows/s"),
        "pg.raw_copy_narrow_rows_per_s": Figure(round(narrow[1]), "rows/s"),
    }
