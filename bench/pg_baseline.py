"""The physical limit for intake: plain psycopg into a 15-column table with a unique key.

Later figures (warnings through the batch API, ...) are reported as ratios against these.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import psycopg

from bench.figures import Figure

TABLE = """
CREATE UNLOGGED TABLE IF NOT EXISTS bench_rows (
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
# UNLOGGED would flatter the figure; the real tables are logged, so the baseline is too.
TABLE = TABLE.replace("UNLOGGED ", "")
COLUMNS = (
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
EXECUTEMANY_ROWS = 50_000
COPY_ROWS = 200_000
REPEATS = 3


def _rows(count: int, offset: int, rng: random.Random) -> list[tuple]:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for i in range(offset, offset + count):
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


def _timed(conn: psycopg.Connection, action) -> float:
    conn.execute("TRUNCATE bench_rows")
    conn.commit()
    began = time.perf_counter()
    action()
    conn.commit()
    return time.perf_counter() - began


def run(url: str) -> dict[str, Figure]:
    rng = random.Random(1)
    insert_sql = (
        f"INSERT INTO bench_rows ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    )
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_rows")
        conn.execute(TABLE)
        conn.commit()
        many_rows = _rows(EXECUTEMANY_ROWS, 0, rng)
        copy_rows = _rows(COPY_ROWS, 0, rng)

        def executemany() -> None:
            with conn.cursor() as cur:
                cur.executemany(insert_sql, many_rows)

        def copy() -> None:
            with (
                conn.cursor() as cur,
                cur.copy(f"COPY bench_rows ({', '.join(COLUMNS)}) FROM STDIN") as copier,
            ):
                for row in copy_rows:
                    copier.write_row(row)

        many = statistics.median(_timed(conn, executemany) for _ in range(REPEATS))
        copied = statistics.median(_timed(conn, copy) for _ in range(REPEATS))
        conn.execute("DROP TABLE bench_rows")
        conn.commit()
    return {
        "pg.raw_executemany_rows_per_s": Figure(round(EXECUTEMANY_ROWS / many), "rows/s"),
        "pg.raw_copy_rows_per_s": Figure(round(COPY_ROWS / copied), "rows/s"),
    }
