"""The province's Spark jobs on local[2] (issue 23), over generated archives:

- spark.mules_10m_rows_seconds: 快进快出 detection (fanzha.analytics.jobs.mules) over
  10,000,000 statement rows in Parquet, Spark on local[2] (session start not counted);
- spark.mules_postgres_seconds: the same detection in PostgreSQL (fanzha.linking.watch's
  `pass_through`, the app's own query) over the same rows loaded into statement_rows, same
  run; spark.mules_speedup_vs_postgres = PostgreSQL seconds / Spark seconds (whatever it is);
- spark.mules_rows_per_second_per_core: rows / Spark seconds / 2 cores;
- spark.linking_2m_cases_seconds: province-wide linking (connected components, large-star /
  small-star) of 2,000,000 cases × 6,000,000 case–indicator links.

FANZHA_BENCH_SPARK_SCALE (default 1) scales every size: 0.01 proves the bench in a minute.
Both engines must find the same accounts, or the bench fails.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import numpy as np
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from bench.figures import Figure
from fanzha import migrate
from fanzha.analytics import jobs
from fanzha.analytics.archive import SCHEMAS
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.linking import watch

SCALE = float(os.environ.get("FANZHA_BENCH_SPARK_SCALE", "1"))
ROWS = int(10_000_000 * SCALE)
CASES = int(2_000_000 * SCALE)
LINKS = 3 * CASES
CHUNK = 1_000_000
PER_ACCOUNT = 20  # ten inflows, each followed by an outflow
T0 = 1_790_000_000_000_000  # µs since the epoch: September 2026
MINUTE = 60_000_000
CORES = 2


def _statement_chunk(rng: np.random.Generator, first_account: int, rows: int) -> pa.Table:
    """`rows` statement rows of accounts from `first_account`: per account five days of two
    inflows each, every inflow followed by an outflow of 80–100% of it within minutes."""
    accounts = rows // PER_ACCOUNT
    acct = np.repeat(np.arange(first_account, first_account + accounts), PER_ACCOUNT)
    step = np.tile(np.arange(PER_ACCOUNT), accounts)
    pair, is_out = step // 2, step % 2 == 1
    start = np.repeat(rng.integers(0, 50, accounts) * 1440 * MINUTE, PER_ACCOUNT)
    day = (pair // 2) * 1440 * MINUTE
    in_at = np.repeat(rng.integers(60, 1200, accounts * 10) * MINUTE, 2)
    gap = np.repeat(rng.exponential(25, accounts * 10).astype(np.int64) * MINUTE, 2)
    at = T0 + start + day + in_at + np.where(is_out, gap, 0) + pair * 1_000_000
    amount_in = np.repeat(rng.integers(100_00, 5_000_000, accounts * 10), 2)
    share = np.repeat(rng.uniform(0.8, 1.0, accounts * 10), 2)
    amount = np.where(is_out, (amount_in * share).astype(np.int64), amount_in)
    signed = np.where(is_out, -amount, amount).reshape(accounts, PER_ACCOUNT)
    opening = rng.choice([0, 5_000, 200_000_00], accounts)[:, None]
    balance = (opening + signed.cumsum(axis=1)).ravel()
    ids = np.arange(first_account * PER_ACCOUNT, first_account * PER_ACCOUNT + acct.size) + 1
    n = acct.size
    names = pa.array(np.char.add("6214", np.char.zfill(acct.astype(str), 15)))
    empty = pa.array([""] * n)
    columns = {
        "id": pa.array(ids),
        "import_id": pa.array(np.ones(n, dtype=np.int64)),
        "case_id": pa.nulls(n, pa.int64()),
        "account": names,
        "account_name": empty,
        "at": pa.array(at, pa.timestamp("us", tz="UTC")),
        "amount_fen": pa.array(amount),
        "direction": pa.array(np.where(is_out, "out", "in")),
        "counterpart": empty,
        "counterpart_name": empty,
        "counterpart_bank": empty,
        "kind": pa.array(["transfer"] * n),
        "balance_fen": pa.array(balance),
        "serial": empty,
        "fingerprint": pa.array(np.char.zfill(ids.astype(str), 32)),
    }
    return pa.table(columns, schema=SCHEMAS["statement_rows"])


def _copy_to_postgres(conn: psycopg.Connection, table: pa.Table) -> None:
    """The chunk into statement_rows with COPY (CSV written by Arrow, not row by row)."""
    out = (
        table.select(
            [
                "import_id",
                "id",
                "account",
                "account_name",
                "at",
                "amount_fen",
                "direction",
                "counterpart",
                "counterpart_name",
                "counterpart_bank",
                "kind",
                "balance_fen",
                "serial",
            ]
        )
        .append_column("summary", table.column("serial"))
        .append_column(
            "fingerprint", pc.binary_join_element_wise("\\x", table.column("fingerprint"), "")
        )
    )
    sink = pa.BufferOutputStream()
    pcsv.write_csv(out, sink, pcsv.WriteOptions(include_header=False))
    columns = (
        "import_id, source_row, account, account_name, at, amount_fen, direction,"
        " counterpart, counterpart_name, counterpart_bank, kind, balance_fen, serial, summary,"
        " fingerprint"
    )
    with conn.cursor().copy(f"COPY statement_rows ({columns}) FROM STDIN (FORMAT csv)") as copy:
        copy.write(sink.getvalue().to_pybytes())


def _statements(archive: Path, url: str) -> None:
    rng = np.random.default_rng(23)
    part = archive / "statement_rows" / "city=320100" / "month=2026-09"
    part.mkdir(parents=True)
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO statement_imports (id, filename, sha256, size, default_account, status,"
            " layouts, rows_total, rows_done, rows_imported, rows_duplicate, rows_skipped,"
            " accounts, errors, message) VALUES (1, 'bench', '', 0, '', 'done', '', 0, 0, 0, 0,"
            " 0, 0, '[]', '')"
        )
        for first in range(0, ROWS, CHUNK):
            rows = min(CHUNK, ROWS - first)
            table = _statement_chunk(rng, first // PER_ACCOUNT, rows)
            pq.write_table(table, part / f"part-{first:012d}.parquet")
            _copy_to_postgres(conn, table)
        conn.commit()
        conn.execute("ANALYZE statement_rows")


def _links(archive: Path) -> None:
    """CASES cases with LINKS links: a third of the cases in gangs sharing a few values, the
    rest with values of their own (as bench/linking.py draws them)."""
    rng = np.random.default_rng(11)
    gangs = max(CASES // 170, 1)
    case = np.repeat(np.arange(1, CASES + 1), 3)[:LINKS]
    gang_of = np.where(rng.random(CASES + 1) < 0.35, rng.integers(0, gangs, CASES + 1), -1)
    gang = gang_of[case]
    shared = (gang >= 0) & (rng.random(LINKS) < 0.5)
    value = np.arange(1, LINKS + 1) + gangs * 5
    value[shared] = gang[shared] * 5 + rng.integers(0, 5, shared.sum()) + 1
    base = archive / "case_indicators" / "city=320100" / "month=2026-09"
    base.mkdir(parents=True)
    n = case.size
    pq.write_table(
        pa.table(
            {
                "case_id": pa.array(case),
                "kind": pa.array(["account"] * n),
                "value": pa.array(value).cast(pa.string()),
                "source": pa.array(["transfer"] * n),
                "seen_at": pa.array(np.full(n, T0), pa.timestamp("us", tz="UTC")),
                "link_approved": pa.array(np.zeros(n, dtype=bool)),
            },
            schema=SCHEMAS["case_indicators"],
        ),
        base / "part-0.parquet",
    )
    ids = np.arange(1, CASES + 1)
    cases = archive / "cases" / "city=320100" / "month=2026-09"
    cases.mkdir(parents=True)
    pq.write_table(
        pa.table(
            {
                "id": pa.array(ids),
                "case_no": pa.array(ids).cast(pa.string()),
                "unit_id": pa.array(np.ones(CASES, dtype=np.int64)),
                "status": pa.array(["registered"] * CASES),
                "fraud_type": pa.array(["other"] * CASES),
                "loss_fen": pa.array(np.full(CASES, 100_000)),
                "reported_at": pa.array(np.full(CASES, T0), pa.timestamp("us", tz="UTC")),
            },
            schema=SCHEMAS["cases"],
        ),
        cases / "part-0.parquet",
    )


def run(url: str) -> dict[str, Figure]:
    from fanzha.analytics.spark import session

    sa_url = sqlalchemy_url(url)
    migrate.upgrade(sa_url)
    with tempfile.TemporaryDirectory(prefix="fanzha-spark-bench-") as tmp:
        archive = Path(tmp) / "archive"
        _statements(archive, url)
        _links(archive)
        engine = new_engine(sa_url, bulk=True)
        started = time.perf_counter()
        with Session(engine) as db:
            in_postgres = watch.pass_through(db)
        pg_seconds = time.perf_counter() - started
        engine.dispose()

        spark = session(f"local[{CORES}]")
        try:
            started = time.perf_counter()
            found = jobs.mules(spark, str(archive)).collect()
            spark_seconds = time.perf_counter() - started
            started = time.perf_counter()
            gangs = jobs.linking(spark, str(archive)).select("gang").distinct().count()
            linking_seconds = time.perf_counter() - started
        finally:
            spark.stop()
    if {r.account for r in found} != in_postgres.keys():
        raise AssertionError("Spark and PostgreSQL found different 快进快出 accounts")
    if not in_postgres or not gangs:
        raise AssertionError("the generated data holds no mule or no gang")
    return {
        "spark.mules_10m_rows_seconds": Figure(round(spark_seconds, 2), "s"),
        "spark.mules_postgres_seconds": Figure(round(pg_seconds, 2), "s"),
        "spark.mules_speedup_vs_postgres": Figure(round(pg_seconds / spark_seconds, 2), "×"),
        "spark.mules_rows_per_second_per_core": Figure(
            round(ROWS / spark_seconds / CORES), "rows/s"
        ),
        "spark.linking_2m_cases_seconds": Figure(round(linking_seconds, 2), "s"),
    }
