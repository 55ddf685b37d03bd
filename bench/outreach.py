"""Prevention at Yangzhou's scale, on the demo city:

- outreach.coverage_city_p95_ms: the city's coverage roll-up (every unit's figures, the city
  total and the progress line by day) for the center's duty officer, in-process, p95 over
  ROUNDS, with 1,300,000 households and 3,000,000 visits in one running campaign;
- outreach.visit_sync_rows_per_s: a phone's queue of 1,000 offline visits synced in one
  request to the real server (session + CSRF), against raw psycopg executemany of the same
  1,000 rows into a table of the same shape in the same run (outreach.raw_visit_rows_per_s: a
  copy of the visits table with its columns, indexes, foreign keys and its 3M rows; beside it
  the same into an empty copy, outreach.raw_visit_rows_per_s_empty, and into an empty copy
  without the foreign keys, outreach.raw_visit_rows_per_s_no_fk). Each series starts from a
  CHECKPOINT.

Households and visits are written straight in SQL (generate_series), then the roll-ups are
computed once by `coverage.refresh` over every household; the bench checks the city total
against a direct count before timing it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import psycopg
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bench.cases import _ensure_city
from bench.figures import Figure
from bench.intake import Server, _percentile, signed_in
from fanzha import migrate
from fanzha.access import Principal
from fanzha.auth.models import User
from fanzha.auth.service import user_principal
from fanzha.db import new_engine, sqlalchemy_url
from fanzha.org.models import Unit, UnitKind
from fanzha.outreach import coverage, service
from fanzha.outreach.models import Campaign

SCALE = float(os.environ.get("FANZHA_BENCH_OUTREACH_SCALE", "1"))
HOUSEHOLDS = int(1_300_000 * SCALE)
VISITS = int(3_000_000 * SCALE)
ROUNDS = 20
SYNC_ROWS = 1_000
SYNC_ROUNDS = 5
REFRESH_CHUNK = 10_000

HOUSEHOLDS_SQL = """
INSERT INTO households (grid_id, unit_id, compound, building, unit_no, room, residents, flags,
  contact_name, contact_phone)
SELECT g.id, g.unit_id, '基准小区' || (i / 2000), (1 + (i / 40) % 50)::text, (1 + i % 4)::text,
  'B' || i, 1 + i % 4, CASE WHEN i % 17 = 0 THEN ARRAY['elderly_alone']::varchar[]
  ELSE '{}'::varchar[] END, '张三', '+86158' || lpad(i::text, 8, '0')
FROM generate_series(1, :n) AS i
JOIN grids g ON g.id = (:grids)[1 + i % cardinality(:grids)]
"""

VISITS_SQL = """
INSERT INTO outreach_visits (uuid, campaign_id, household_id, grid_id, outcome, visited_at,
  member_staff_ids, residents_reached, five_ones, suggestion_text, revisit_needed,
  revisit_reason, payload_hash)
SELECT md5('bench-visit' || i)::uuid, :campaign, h.id, h.grid_id,
  (ARRAY['entered','entered','entered','nobody_home','refused','vacant'])[1 + i % 6],
  :start + make_interval(hours => i % 2000), '{}', 1 + i % 3,
  CASE WHEN i % 2 = 0 THEN ARRAY['poster','leaflet','questionnaire','warning_talk','suggestion']
  ELSE ARRAY['poster','leaflet'] END::varchar[],
  '', i % 11 = 0, '', ''
FROM generate_series(1, :n) AS i
JOIN households h ON h.id = :first + ((i::bigint * 7919) % :households)
"""


_BEGAN = time.perf_counter()


def _said(what: str) -> None:
    print(f"  outreach seed: {what} at {time.perf_counter() - _BEGAN:.0f} s", file=sys.stderr)


def _seed(url: str) -> tuple[int, int]:
    """The campaign (running, its baseline frozen over every household) and its visits."""
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        _ensure_city(session)
        session.execute(text("SET LOCAL statement_timeout = 0"))  # seeding, not measuring
        grids = list(session.scalars(text("SELECT id FROM grids ORDER BY id")))
        first = session.scalar(text("SELECT coalesce(max(id), 0) + 1 FROM households"))
        session.execute(text(HOUSEHOLDS_SQL), {"n": HOUSEHOLDS, "grids": grids})
        _said(f"{HOUSEHOLDS} households written")
        stations = list(session.scalars(select(Unit.id).where(Unit.kind == UnitKind.station)))
        system = Principal.system()
        campaign = service.create_campaign(
            session,
            system,
            service.CampaignIn(
                name="基准敲门行动",
                starts_on=date.today() - timedelta(days=90),
                ends_on=date.today() + timedelta(days=10),
                unit_ids=stations,
                priority_flags=("elderly_alone",),
            ),
        )
        service.start_campaign(session, system, campaign)
        _said("campaign started (baseline frozen)")
        households = session.scalar(text("SELECT max(id) FROM households")) - first + 1
        start = datetime.now(UTC) - timedelta(days=90)
        session.execute(
            text(VISITS_SQL),
            {
                "campaign": campaign.id,
                "n": VISITS,
                "first": first,
                "households": households,
                "start": start,
            },
        )
        _said("visits written")
        # Statistics for the planner before the refresh reads the visits back: without them it
        # guessed the tables empty and a chunk's refresh took minutes instead of a second.
        for table in ("households", "outreach_visits", "outreach_baselines"):
            session.execute(text(f"ANALYZE {table}"))
        ids = list(
            session.scalars(
                text("SELECT DISTINCT household_id FROM outreach_visits WHERE campaign_id = :c"),
                {"c": campaign.id},
            )
        )
        # The sync refreshes a phone's queue at a time; here the roll-up of a hundred days is
        # built the same way in chunks, each an index range scan rather than one statement
        # holding 1.3M ids in an array.
        for at in range(0, len(ids), REFRESH_CHUNK):
            coverage.refresh(session, campaign, ids[at : at + REFRESH_CHUNK])
        _said(f"roll-ups of {len(ids)} households built")
        session.commit()
        campaign_id = campaign.id
    # The roll-ups too: the chunked build above rewrote every grid's totals and day rows a
    # hundred times over, dead rows autovacuum clears in a live city between two syncs but not
    # always before the first timed one (their scans then read 80,000 dead rows for 600 live).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("households", "outreach_visits", "outreach_household_states",
                      "outreach_grid_totals", "outreach_grid_days"):  # fmt: skip
            conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    engine.dispose()
    return campaign_id, households


def _coverage_times(url: str, campaign_id: int) -> list[float]:
    engine = new_engine(sqlalchemy_url(url))
    times = []
    with Session(engine) as session:
        duty = user_principal(session.scalars(select(User).where(User.username == "duty")).one())
        campaign = session.get_one(Campaign, campaign_id)
        direct = session.scalar(
            text(
                "SELECT count(DISTINCT v.household_id) FROM outreach_visits v JOIN"
                " outreach_baselines b ON b.campaign_id = v.campaign_id AND"
                " b.household_id = v.household_id WHERE v.campaign_id = :c AND"
                " v.outcome = 'entered'"
            ),
            {"c": campaign_id},
        )
        for _ in range(ROUNDS + 2):
            began = time.perf_counter()
            areas = coverage.coverage_by_unit(session, duty, campaign_id)
            total = coverage.total(session, duty, campaign_id)
            coverage.progress(session, duty, campaign, total.baseline)
            times.append((time.perf_counter() - began) * 1000)
            session.rollback()
        assert total.visited == direct, (total.visited, direct)
        assert areas[duty.unit_id].figures.visited == direct
    engine.dispose()
    print(f"  coverage: visited {direct} of {total.baseline}", file=sys.stderr)
    return times[2:]  # the first two warm the caches


def _visit_items(url: str, campaign_id: int) -> list[list[dict]]:
    engine = new_engine(sqlalchemy_url(url))
    with Session(engine) as session:
        path = session.scalar(
            select(Unit.path)
            .join(User, User.unit_id == Unit.id)
            .where(User.username == "station_a")
        )
        homes = list(
            session.scalars(
                text(
                    "SELECT h.id FROM households h JOIN units u ON u.id = h.unit_id"
                    " WHERE u.path LIKE :p AND h.deleted_at IS NULL ORDER BY h.id LIMIT :n"
                ),
                {"p": path + "%", "n": SYNC_ROWS},
            )
        )
    engine.dispose()
    at = datetime.now(UTC).isoformat()
    return [
        [
            {
                "uuid": str(uuid.uuid4()),
                "household_id": homes[i % len(homes)],
                "outcome": "entered",
                "visited_at": at,
                "member_staff_ids": [],
                "residents_reached": 2,
                "five_ones": ["poster", "leaflet", "warning_talk"],
                "suggestion_text": "",
                "revisit_needed": False,
                "revisit_reason": "",
            }
            for i in range(SYNC_ROWS)
        ]
        for _ in range(SYNC_ROUNDS + 1)
    ]


def _raw_rows_per_s(
    url: str, batches: list[list[dict]], campaign_id: int, *, foreign_keys: bool, filled: bool
) -> float:
    """psycopg executemany of the rows the sync stores (same households, grids and recorder)
    into a copy of the visits table: its columns, defaults, checks and indexes, with
    `foreign_keys` its foreign keys too (the database pays the same per-row checks as for the
    real table), and with `filled` its rows as well. An empty copy's indexes are a few pages
    deep; the real table's, at 3M visits, are hundreds of megabytes, and a random UUID lands on
    a leaf page that is neither cached nor written since the last checkpoint. Only a filled copy
    pays what any insert into the real table pays."""
    columns = ("uuid", "campaign_id", "household_id", "grid_id", "team_id", "outcome",
               "visited_at", "recorded_by_id", "member_staff_ids", "residents_reached",
               "five_ones", "suggestion_text", "questionnaire_response_id", "photo_id",
               "revisit_needed", "revisit_reason", "payload_hash")  # fmt: skip
    table = "bench_raw_visits" + ("_fk" if foreign_keys else "") + ("_filled" if filled else "")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    rates = []
    with psycopg.connect(url) as conn:
        conn.execute("SET statement_timeout = 0")  # the copy of 3M rows, not a measurement
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(f"CREATE TABLE {table} (LIKE outreach_visits INCLUDING ALL)")
        if filled:  # row by row into the indexes, as the seed filled the real table
            conn.execute(f"INSERT INTO {table} SELECT * FROM outreach_visits")
        if foreign_keys:
            keys = conn.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE conrelid = 'outreach_visits'::regclass AND contype = 'f'"
            ).fetchall()
            for (definition,) in keys:  # the rows came from the real table: checked there
                conn.execute(f"ALTER TABLE {table} ADD {definition} NOT VALID")
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"VACUUM ANALYZE {table}")
        # Both sides start from a checkpoint: each page's first write after one is logged whole.
        conn.execute("CHECKPOINT")
    with psycopg.connect(url) as conn:
        recorder = conn.execute("SELECT id FROM users WHERE username = 'station_a'").fetchone()[0]
        homes = list({v["household_id"] for batch in batches for v in batch})
        grid_of = dict(
            conn.execute("SELECT id, grid_id FROM households WHERE id = ANY(%s)", (homes,))
        )
        for batch in batches[1:]:
            rows = [
                (uuid.uuid4(), campaign_id, v["household_id"], grid_of[v["household_id"]], None,
                 v["outcome"], datetime.fromisoformat(v["visited_at"]), recorder, [],
                 v["residents_reached"], v["five_ones"], "", None, None, False, "", "0" * 64)
                for v in batch
            ]  # fmt: skip
            began = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(sql, rows)
            conn.commit()
            rates.append(len(rows) / (time.perf_counter() - began))
        conn.execute(f"DROP TABLE {table}")
        conn.commit()
    return statistics.median(rates)


def _sync_rows_per_s(
    base: str, database: str, batches: list[list[dict]], campaign_id: int
) -> float:
    rates = []
    url = f"/outreach/campaigns/{campaign_id}/visits/sync"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("CHECKPOINT")  # as before the raw rounds
    # The phone's queue is ready to send before the clock starts, as the raw rows are built
    # before theirs: what is timed is the server's work and the round trip.
    bodies = [json.dumps({"visits": batch}).encode() for batch in batches]
    with signed_in(base, "station_a") as client:
        headers = {
            "X-CSRF-Token": client.cookies["fanzha_csrf"],
            "Content-Type": "application/json",
        }
        for n, (batch, body) in enumerate(zip(batches, bodies, strict=True)):
            began = time.perf_counter()
            answer = client.post(url, content=body, headers=headers)
            took = time.perf_counter() - began
            assert answer.status_code == 200, answer.text[:300]
            statuses = {r["status"] for r in answer.json()["results"]}
            assert statuses == {"created"}, statuses
            if n:  # the first warms the worker
                rates.append(len(batch) / took)
    return statistics.median(rates)


def run(url: str) -> dict[str, Figure]:
    migrate.upgrade(sqlalchemy_url(url))
    campaign_id, _ = _seed(url)
    times = _coverage_times(url, campaign_id)
    batches = _visit_items(url, campaign_id)
    raw = _raw_rows_per_s(url, batches, campaign_id, foreign_keys=True, filled=True)
    raw_empty = _raw_rows_per_s(url, batches, campaign_id, foreign_keys=True, filled=False)
    raw_no_fk = _raw_rows_per_s(url, batches, campaign_id, foreign_keys=False, filled=False)
    server = Server(url)
    try:
        synced = _sync_rows_per_s(server.base, url, batches, campaign_id)
    finally:
        server.stop()
    note = "" if SCALE == 1 else f" (scale {SCALE})"
    if note:
        print(f"  outreach figures at{note}", file=sys.stderr)
    return {
        "outreach.coverage_city_p95_ms": Figure(round(_percentile(times, 95), 1), "ms"),
        "outreach.raw_visit_rows_per_s": Figure(round(raw), "rows/s"),
        # The same rows into an empty copy (the baseline until session 13), and into one without
        # the foreign keys: what the table's size and the checks cost the raw way.
        "outreach.raw_visit_rows_per_s_empty": Figure(round(raw_empty), "rows/s"),
        "outreach.raw_visit_rows_per_s_no_fk": Figure(round(raw_no_fk), "rows/s"),
        "outreach.visit_sync_rows_per_s": Figure(
            round(synced), "rows/s", baseline="outreach.raw_visit_rows_per_s"
        ),
    }
