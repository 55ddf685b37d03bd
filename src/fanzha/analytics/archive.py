"""The province archive: the city's statement rows, cases, transfers and indicators as Parquet,
partitioned by city and local month (`DIR/<dataset>/city=<code>/month=YYYY-MM/*.parquet`), for
any Spark cluster (or `local[*]`) to read. Schemas: SCHEMAS below, documented in
docs/ARCHIVE.md.

Incremental. Statement rows (the billions; a row never changes once imported) are appended:
rows above the watermark go to new files, and the watermark moves. The other datasets are
small and change (a case voided, a transfer corrected, an exclusion added): each is read in
month order and a month's file is rewritten only when that month's rows differ from what the
last run wrote (a digest per month). The watermark and digests live in the archive itself
(`DIR/_export/<city>.json`), so a new archive directory starts from nothing. Everything is
streamed in batches: no table is ever held in memory whole.

Victims' own details (name, phone, ID number, address, own account) are not exported: the
province's questions are about the fraudsters' side.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import rules

BATCH = 50_000
_TS = pa.timestamp("us", tz="UTC")
_MONTH = f"to_char({{col}} AT TIME ZONE '{rules.LOCAL_TZ}', 'YYYY-MM')"

SCHEMAS: dict[str, pa.Schema] = {
    "statement_rows": pa.schema(
        [
            ("id", pa.int64()),
            ("import_id", pa.int64()),
            ("case_id", pa.int64()),  # the case the statement was asked for (may be null)
            ("account", pa.string()),
            ("account_name", pa.string()),
            ("at", _TS),
            ("amount_fen", pa.int64()),
            ("direction", pa.string()),  # in / out
            ("counterpart", pa.string()),
            ("counterpart_name", pa.string()),
            ("counterpart_bank", pa.string()),
            ("kind", pa.string()),
            ("balance_fen", pa.int64()),
            ("serial", pa.string()),
            ("fingerprint", pa.string()),  # hex: the same bank row exported by two cities
        ]
    ),
    "cases": pa.schema(
        [
            ("id", pa.int64()),
            ("case_no", pa.string()),
            ("unit_id", pa.int64()),
            ("status", pa.string()),
            ("fraud_type", pa.string()),
            ("loss_fen", pa.int64()),
            ("reported_at", _TS),
        ]
    ),
    "transfers": pa.schema(
        [
            ("id", pa.int64()),
            ("case_id", pa.int64()),
            ("at", _TS),
            ("amount_fen", pa.int64()),
            ("receiving_account", pa.string()),
            ("receiving_name", pa.string()),
            ("receiving_bank", pa.string()),
            ("channel", pa.string()),
        ]
    ),
    "case_indicators": pa.schema(
        [
            ("case_id", pa.int64()),
            ("kind", pa.string()),
            ("value", pa.string()),
            ("source", pa.string()),
            ("seen_at", _TS),
            ("link_approved", pa.bool_()),  # an analyst kept this busy value linking
        ]
    ),
    "exclusions": pa.schema([("kind", pa.string()), ("pattern", pa.string())]),
    "units": pa.schema([("id", pa.int64()), ("name", pa.string()), ("path", pa.string())]),
    "account_holders": pa.schema(
        [("account", pa.string()), ("name", pa.string()), ("id_number", pa.string())]
    ),
}

# Appended by id above the watermark (rows never change).
_APPENDED = {
    "statement_rows": (
        "SELECT sr.id, sr.import_id, si.case_id, sr.account, sr.account_name, sr.at,"
        " sr.amount_fen, sr.direction, sr.counterpart, sr.counterpart_name,"
        " sr.counterpart_bank, sr.kind, sr.balance_fen, sr.serial,"
        " encode(sr.fingerprint, 'hex') AS fingerprint,"
        f" {_MONTH.format(col='sr.at')} AS month"
        " FROM statement_rows sr JOIN statement_imports si ON si.id = sr.import_id"
        " WHERE sr.id > :after ORDER BY sr.id LIMIT :batch"
    ),
}
# Read whole in month order; a month's file is rewritten only when its rows changed. A month
# of '' is a dataset not split by month (small lists).
_CASE_MONTH = _MONTH.format(col="c.reported_at")
_SNAPSHOTS = {
    "cases": (
        "SELECT c.id, c.case_no, c.unit_id, c.status::text AS status,"
        " c.fraud_type::text AS fraud_type, c.loss_fen, c.reported_at,"
        f" {_CASE_MONTH} AS month FROM cases c ORDER BY month, c.id"
    ),
    "transfers": (
        "SELECT t.id, t.case_id, t.at, t.amount_fen, t.receiving_account, t.receiving_name,"
        f" t.receiving_bank, t.channel::text AS channel, {_CASE_MONTH} AS month"
        " FROM case_transfers t JOIN cases c ON c.id = t.case_id ORDER BY month, t.id"
    ),
    "case_indicators": (
        "SELECT ci.case_id, i.kind::text AS kind, i.value, ci.source::text AS source,"
        f" ci.seen_at, i.link_approved, {_CASE_MONTH} AS month"
        " FROM case_indicators ci JOIN indicators i ON i.id = ci.indicator_id"
        " JOIN cases c ON c.id = ci.case_id ORDER BY month, ci.case_id, i.kind, i.value"
    ),
    "exclusions": (
        "SELECT kind::text AS kind, pattern, '' AS month FROM link_exclusions ORDER BY id"
    ),
    "units": "SELECT id, name, path, '' AS month FROM units ORDER BY id",
    "account_holders": (
        "SELECT account, name, coalesce(id_number, '') AS id_number, '' AS month"
        " FROM account_holders ORDER BY account"
    ),
}


@dataclass
class Exported:
    """What one run wrote: rows per dataset, and the months (partitions) rewritten."""

    rows: dict[str, int] = field(default_factory=dict)
    partitions: dict[str, list[str]] = field(default_factory=dict)


def _state_path(out: Path, city: str) -> Path:
    return out / "_export" / f"{city}.json"


def _partition(out: Path, dataset: str, city: str, month: str) -> Path:
    base = out / dataset / f"city={city}"
    return base / f"month={month}" if month else base


def _table(dataset: str, rows: list[Any]) -> pa.Table:
    schema = SCHEMAS[dataset]
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def _write(table: pa.Table, path: Path) -> None:
    """Write a file whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial, compression="zstd")
    os.replace(partial, path)


def _append(session: Session, out: Path, city: str, dataset: str, after: int, batch: int):
    """Rows above `after` in batches: each batch's months as new files. The last id written."""
    written, months = 0, set()
    while True:
        rows = session.execute(text(_APPENDED[dataset]), {"after": after, "batch": batch}).all()
        if not rows:
            return after, written, sorted(months)
        by_month: dict[str, list[Any]] = {}
        for row in rows:
            by_month.setdefault(row.month, []).append(row)
        first, last = rows[0].id, rows[-1].id
        for month, chunk in by_month.items():
            # Named by the batch's id range: a run that died before saving the watermark is
            # redone into the same files.
            name = f"part-{first:012d}-{last:012d}.parquet"
            _write(_table(dataset, chunk), _partition(out, dataset, city, month) / name)
            months.add(month)
        written += len(rows)
        after = last


def _months(session: Session, dataset: str, batch: int) -> Iterator[tuple[str, list[Any]]]:
    """The dataset's rows month by month, fetched from a server-side cursor in batches."""
    result = session.execute(
        text(_SNAPSHOTS[dataset]).execution_options(stream_results=True, yield_per=batch)
    )
    month, rows = None, []
    for part in result.partitions():
        for row in part:
            if row.month != month and rows:
                yield month, rows
                rows = []
            month = row.month
            rows.append(row)
    if rows:
        yield month, rows


def _digest(rows: list[Any]) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def _snapshot(
    session: Session, out: Path, city: str, dataset: str, digests: dict[str, str], batch: int
):
    """Rewrite the months whose rows changed, drop the months that have none any more."""
    seen: dict[str, str] = {}
    written, changed = 0, []
    for month, rows in _months(session, dataset, batch):
        digest = seen[month] = _digest(rows)
        if digests.get(month) != digest:
            _write(_table(dataset, rows), _partition(out, dataset, city, month) / "part-0.parquet")
            written += len(rows)
            changed.append(month)
    for month in set(digests) - set(seen):
        shutil.rmtree(_partition(out, dataset, city, month), ignore_errors=True)
        changed.append(month)
    return seen, written, sorted(changed)


def export(session: Session, out: Path, *, city: str, batch: int = BATCH) -> Exported:
    """Bring the archive at `out` up to date with this database as the center `city`: only
    rows and months new since the last run are written. Returns what was written. Reads only
    (the caller's transaction is left as it was); raises OSError when `out` is not writable."""
    state_path = _state_path(out, city)
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    result = Exported()
    for dataset in _APPENDED:
        after = state.get("watermarks", {}).get(dataset, 0)
        last, rows, months = _append(session, out, city, dataset, after, batch)
        state.setdefault("watermarks", {})[dataset] = last
        result.rows[dataset], result.partitions[dataset] = rows, months
    for dataset in _SNAPSHOTS:
        old = state.get("digests", {}).get(dataset, {})
        digests, rows, months = _snapshot(session, out, city, dataset, old, batch)
        state.setdefault("digests", {})[dataset] = digests
        result.rows[dataset], result.partitions[dataset] = rows, months
    state_path.parent.mkdir(parents=True, exist_ok=True)
    partial = state_path.with_name(f".{state_path.name}.partial")
    partial.write_text(json.dumps(state, indent=1, sort_keys=True))
    os.replace(partial, state_path)
    return result
