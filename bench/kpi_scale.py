"""Three years of demo-scale data for the KPI bench, set-based (FANZHA_BENCH_KPI_SCALE=3y).

The demo builders make about 250 warnings a second; a million would take over an hour. Here
the demo builders make a short template (TEMPLATE_DAYS of warnings with their cases and money
loop; the demo city's two outreach campaigns with their visits), and PostgreSQL copies it back
through time with INSERT ... SELECT: copy `c` of a table has its ids moved up by `c` strides,
every foreign key into a copied table moved the same way (so a copied stop-payment hangs off
the copied case of the copied warning), every date and time moved back by the copy's shift,
and the text (or uuid) columns of its unique indexes given a per-copy suffix. The rows stay
what the app's models accept (the same NOT NULL columns, states, checks and keys) and every
indicator the dashboard counts keeps the demo's proportions (grades, clocks met, outcomes,
losses, stop-payments, freezes, returns, households entered) in every week of three years.

Scales (`SCALES`): "3y" is the issue's (≈1M warnings, their cases and money loop, ≈3M
visits), "smoke" a quick one that proves the machinery. On a quiet 2-core machine "3y" takes
minutes; the time is returned as `seconds`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.demo import cases as demo_cases
from fanzha.demo import money as demo_money
from fanzha.demo import warnings as demo_warnings
from fanzha.stats import figures as F
from fanzha.stats.periods import Period
from fanzha.stats.registry import INDICATORS

# Long enough for the money loop to run its course (returns come 10-40 days after a freeze).
TEMPLATE_DAYS = 60
PER_DAY = 70


@dataclass(frozen=True)
class Scale:
    windows: int  # template windows back in time (TEMPLATE_DAYS each, the template included)
    per_window: int  # copies in each window (more warnings a day)
    campaign_copies: int  # the outreach campaigns, copied back every `campaign_every` days
    campaign_every: int


SCALES = {
    # 19 windows x 60 days ≈ 3 years; 13 x 70 = 910 warnings a day ≈ 1M; the template's
    # ~19k visits x 160 ≈ 3M (a campaign starting every week, each over every station).
    "3y": Scale(windows=19, per_window=13, campaign_copies=160, campaign_every=7),
    "smoke": Scale(windows=3, per_window=2, campaign_copies=2, campaign_every=60),
}

# The template's clusters: copies start from these tables and take every table hanging off
# them by a single-column foreign key (contact attempts, transfers, stop-payments, freezes...).
WARNING_ROOTS = ("warnings", "cases")
OUTREACH_ROOTS = ("outreach_campaigns",)
# Append-only logs and queues are not records a figure counts: not copied.
SKIP = {"audit_entries", "procrastinate_jobs", "procrastinate_events"}


def build(session: Session, scale: str) -> dict[str, int]:
    """Seed the template through the demo builders, then copy it back through time at
    `scale` (a key of SCALES). Commits. Returns rows per copied table and `seconds`."""
    began = time.perf_counter()
    demo_warnings.build(session, seed=1, days=TEMPLATE_DAYS, per_day=PER_DAY)
    demo_cases.build(session, seed=1)
    demo_money.build(session, seed=1)
    session.commit()
    counts = replicate(session, scale)
    counts["seconds"] = round(time.perf_counter() - began)
    return counts


def replicate(session: Session, scale: str) -> dict[str, int]:
    """Copy the template already stored back through time at `scale`. Commits."""
    shape = SCALES[scale]
    conn = session.connection()
    conn.execute(text("SET LOCAL statement_timeout = 0"))  # the app's limit is for requests
    counts: dict[str, int] = {}
    warning_copies = [
        (k * shape.per_window + m, timedelta(days=k * TEMPLATE_DAYS, hours=5 * m))
        for k in range(shape.windows)
        for m in range(shape.per_window)
    ][1:]
    counts |= _replicate(conn, WARNING_ROOTS, warning_copies)
    outreach_copies = [
        (k, timedelta(days=k * shape.campaign_every)) for k in range(1, shape.campaign_copies + 1)
    ]
    counts |= _replicate(conn, OUTREACH_ROOTS, outreach_copies)
    session.commit()
    # As autovacuum would leave them: statistics and visibility maps up to date.
    bind = session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT")
    with bind as auto:
        for table in counts:
            auto.execute(text(f"VACUUM ANALYZE {table}"))
    return counts


# --- the copying ---------------------------------------------------------------------------


def _foreign_keys(conn: Connection) -> list[tuple[str, str, str]]:
    """(child table, column, parent table) of every single-column foreign key."""
    return [
        tuple(row)
        for row in conn.execute(
            text(
                "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text"
                " FROM pg_constraint c JOIN pg_attribute a"
                " ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1"
            )
        )
    ]


def _cluster(conn: Connection, roots: tuple[str, ...]) -> list[str]:
    """The roots and every table below them that holds rows, parents before children."""
    fks = _foreign_keys(conn)
    tables = set(roots)
    grew = True
    while grew:
        grew = False
        for child, _col, parent in fks:
            if parent in tables and child not in tables and child not in SKIP:
                tables.add(child)
                grew = True
    tables = {t for t in tables if conn.scalar(text(f"SELECT EXISTS (SELECT FROM {t})"))}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [
            t
            for t in sorted(tables - set(ordered))
            if all(p in ordered or p == t or p not in tables for c, _, p in fks if c == t)
        ]
        assert ready, f"foreign keys in a cycle among {sorted(tables - set(ordered))}"
        ordered += ready
    return ordered


def _columns(conn: Connection, table: str) -> list[tuple[str, str, int | None]]:
    """(name, type, max length) of the columns an INSERT may write (not generated ones)."""
    return [
        tuple(row)
        for row in conn.execute(
            text(
                "SELECT column_name, data_type, character_maximum_length"
                " FROM information_schema.columns"
                " WHERE table_schema = 'public' AND table_name = :t AND is_generated = 'NEVER'"
                " ORDER BY ordinal_position"
            ),
            {"t": table},
        )
    ]


def _unique_columns(conn: Connection, table: str) -> list[list[str]]:
    return [
        list(cols)
        for (cols,) in conn.execute(
            text(
                "SELECT array_agg(a.attname::text) FROM pg_index i JOIN pg_attribute a"
                " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                " WHERE i.indisunique AND NOT i.indisprimary AND i.indrelid = CAST(:t AS regclass)"
                " GROUP BY i.indexrelid"
            ),
            {"t": table},
        )
    ]


def _replicate(
    conn: Connection, roots: tuple[str, ...], copies: list[tuple[int, timedelta]]
) -> dict[str, int]:
    """Copy the cluster under `roots` once per (copy number, shift back); rows per table."""
    if not copies:
        return {}
    tables = _cluster(conn, roots)
    fks = _foreign_keys(conn)
    strides = {}
    for table in tables:
        has_id = any(name == "id" for name, _, _ in _columns(conn, table))
        strides[table] = conn.scalar(text(f"SELECT max(id) FROM {table}")) if has_id else None
    conn.execute(text("CREATE TEMP TABLE bench_copies (c int, shift interval) ON COMMIT DROP"))
    conn.execute(
        text("INSERT INTO bench_copies VALUES (:c, :shift)"),
        [{"c": c, "shift": shift} for c, shift in copies],
    )
    counts = {}
    for table in tables:
        moved = {
            col: strides.get(parent)
            for child, col, parent in (*fks, *_ID_COLUMNS)
            if child == table
        }
        moved = {col: stride for col, stride in moved.items() if stride}
        if strides[table]:
            moved["id"] = strides[table]
        columns = _columns(conn, table)
        suffixed = set()
        for unique in _unique_columns(conn, table):
            if not set(moved) & set(unique):  # one column made distinct makes the key distinct
                suffixed.add(max(unique, key=lambda n: _room(columns, n)))
        names, values = [], []
        for name, kind, length in columns:
            names.append(f'"{name}"')
            values.append(_expression(f't."{name}"', name, kind, length, moved, suffixed))
        conn.execute(
            text(
                f"INSERT INTO {table} ({', '.join(names)})"
                f" SELECT {', '.join(values)} FROM {table} t CROSS JOIN bench_copies k"
                + (f" WHERE t.id <= {strides[table]}" if strides[table] else "")
            )
        )
        counts[table] = conn.scalar(text(f"SELECT count(*) FROM {table}"))
        if strides[table]:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
            )
    conn.execute(text("DROP TABLE bench_copies"))
    return counts


# Ids kept without a foreign key (moved like one, so a copy points at its own copied rows).
_ID_COLUMNS = (("outreach_household_states", "latest_visit_id", "outreach_visits"),)


def _room(columns: list[tuple[str, str, int | None]], name: str) -> int:
    """How well a column takes a suffix: uuids and long text best, anything else not."""
    kind, length = next((k, n) for c, k, n in columns if c == name)
    if kind == "uuid":
        return 1 << 30
    if kind in ("character varying", "text"):
        return length or (1 << 20)
    return 0


def _expression(
    col: str, name: str, kind: str, length: int | None, moved: dict[str, int], suffixed: set[str]
) -> str:
    if name in moved:
        return f"{col} + k.c * {moved[name]}::bigint"
    if kind.startswith("timestamp"):
        return f"{col} - k.shift"
    if kind == "date":
        return f"({col} - k.shift)::date"
    if name in suffixed and kind in ("character varying", "text"):
        keep = f"left({col}, {length} - 1 - length(k.c::text))" if length else col
        return f"{keep} || '~' || k.c"
    if name in suffixed and kind == "uuid":
        return f"md5({col}::text || k.c)::uuid"
    return col


def slowest(session: Session, principal: Principal, period: Period) -> list[tuple[str, float]]:
    """Each indicator of the city dashboard counted alone (its measure and base, with 环比
    and 同比), slowest first, in ms: where the dashboard's time goes."""
    out = []
    for indicator in INDICATORS:
        began = time.perf_counter()
        F.figures(session, principal, principal.unit_id, period, keys=[indicator.key])
        out.append((indicator.key, (time.perf_counter() - began) * 1000))
    session.rollback()
    return sorted(out, key=lambda kv: -kv[1])
