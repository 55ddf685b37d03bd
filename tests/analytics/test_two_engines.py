"""One definition, two engines: two generated cities, each in its own database, exported to
one archive; the Spark jobs over the archive must find what the app's own code finds in a
database holding both cities (the province): the same gangs (as sets of cases), the same
快进快出 accounts with the same days, money and median, the same recurring accounts and the
same KPI values."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from pyspark.sql import DataFrame
from pyspark.sql.pandas.types import to_arrow_schema
from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha import rules
from fanzha.analytics import archive, jobs
from fanzha.cases import rollups
from fanzha.config import get_settings
from fanzha.db import new_engine, sqlalchemy_url, with_database
from fanzha.linking import links, watch
from fanzha.province import load, schema
from tests.analytics import province
from tests.conftest import TEMPLATE_DB, _create_database

pytestmark = pytest.mark.spark


def _loadable(output: str, rows: list, frame: DataFrame) -> None:
    """The output has every column `fanzha analytics load` reads (fanzha.province.load), of
    the types its check accepts (fanzha.province.schema)."""
    assert rows and set(load.OUTPUTS[output].columns) <= set(rows[0].asDict())
    schema.check_schema(output, "spark", to_arrow_schema(frame.schema))


_names = itertools.count(1)

# The recurring holders as the app's database finds them, from the same tables the archive
# holds: a holder's name is the bank's 人员信息 where there is one, else the name victims saw
# on their transfers; a holder is its ID number, else its name.
HOLDERS_SQL = f"""
WITH banks AS (
    SELECT account, max(name) AS bank_name, max(id_number) AS id_number
    FROM account_holders GROUP BY account
), named AS (
    SELECT receiving_account AS account, min(receiving_name) AS transfer_name
    FROM case_transfers WHERE receiving_name <> '' GROUP BY receiving_account
), holders AS (
    SELECT coalesce(b.account, n.account) AS account,
           coalesce(nullif(b.bank_name, ''), n.transfer_name, '') AS holder_name,
           coalesce(b.id_number, '') AS holder_id_number
    FROM banks b FULL JOIN named n ON n.account = b.account
), seen AS (
    SELECT i.value AS account, c.case_no, h.holder_name, h.holder_id_number,
           CASE WHEN h.holder_id_number <> '' THEN h.holder_id_number
                ELSE h.holder_name END AS holder
    FROM case_indicators ci
    JOIN indicators i ON i.id = ci.indicator_id
    JOIN cases c ON c.id = ci.case_id
    JOIN holders h ON h.account = i.value
    WHERE i.kind = 'account' AND i.excluded_by_id IS NULL AND h.holder_name <> ''
)
SELECT holder, array_agg(DISTINCT account || '{rules.ACCOUNT_CASE_SEP}' || case_no)
FROM seen GROUP BY holder HAVING count(DISTINCT case_no) >= {rules.MULTI_CASE_MIN}
"""


def _holders_in_postgres(session: Session) -> dict[str, set[str]]:
    """Holder -> "account|case_no" for each case naming each of its accounts (case numbers
    are unique across the generated cities)."""
    return {holder: set(pairs) for holder, pairs in session.execute(text(HOLDERS_SQL))}


def _database(admin_url: str):
    name = f"t_province_{next(_names)}"
    _create_database(admin_url, name, template=TEMPLATE_DB)
    return new_engine(sqlalchemy_url(with_database(admin_url, name)))


@pytest.fixture(scope="module")
def world(admin_url, template_url, tmp_path_factory):
    """(archive directory, the in-process results over the union of the cities)."""
    out = tmp_path_factory.mktemp("archive")
    settings = get_settings()
    cap, settings.linking_cap = settings.linking_cap, province.CAP
    try:
        for city in province.CITIES:
            engine = _database(admin_url)
            with Session(engine) as session:
                province.generate(session, city, exclude=city.ix == 1)
                session.commit()
                archive.export(session, out, city=city.code)
            engine.dispose()
        engine = _database(admin_url)
        with Session(engine) as session:
            for city in province.CITIES:
                province.generate(session, city, exclude=city.ix == 1)
            links.recompute_all(session)
            found = {
                "gangs": links.partition(session),
                "mules": watch.pass_through(session),
                "kpis": rollups.rollup(session),
                "recurring": dict(
                    session.execute(
                        text(
                            "SELECT value, case_count FROM indicators WHERE kind = 'account'"
                            " AND excluded_by_id IS NULL AND case_count >= 2"
                        )
                    ).all()
                ),
                "holders": _holders_in_postgres(session),
                "voided": session.scalar(text("SELECT id FROM cases WHERE status = 'voided'")),
            }
            session.rollback()
        engine.dispose()
    finally:
        settings.linking_cap = cap
    return str(out), found


def test_gangs_are_the_same_sets_of_cases(spark, world):
    out, found = world
    frame = jobs.linking(spark, out, cap=province.CAP)
    rows = frame.collect()
    _loadable("gangs", rows, frame)
    gangs: dict[int, set[int]] = {}
    for r in rows:
        gangs.setdefault(r.gang, set()).add(r.case_id)  # ids are unique across these cities
    assert {frozenset(g) for g in gangs.values()} == found["gangs"]
    # The data exercises what matters: gangs across cities, the cap counted province-wide.
    assert any(r.cities == 2 for r in rows)
    assert found["voided"] not in {r.case_id for r in rows}
    assert len(found["gangs"]) >= 3


def test_a_value_over_the_cap_province_wide_links_nothing(spark, world):
    out, _ = world
    state = {
        r.value: r
        for r in jobs.indicator_state(spark, out, province.CAP).collect()
        if r.value in (province.BUSY_BOTH, province.BUSY_KEPT)
    }
    assert state[province.BUSY_BOTH].case_count == 8 and not state[province.BUSY_BOTH].linkable
    assert state[province.BUSY_KEPT].linkable  # over the cap, but an analyst kept it


def test_mules_are_the_same_accounts_days_money_and_speed(spark, world):
    out, found = world
    frame = jobs.mules(spark, out)
    rows = frame.collect()
    _loadable("mules", rows, frame)
    got = {r.account: (r.pass_days, r.through_fen, r.median_minutes) for r in rows}
    assert got.keys() == found["mules"].keys()
    for account, (days, through, median) in found["mules"].items():
        assert got[account][:2] == (days, through)
        assert got[account][2] == pytest.approx(median, abs=1e-9)
    assert 3 <= len(got) < 25  # some accounts pass money through, not all
    shared = {r.account: r.cities for r in rows}.get(province.SHARED[0])
    assert shared == ["320100", "320200"]  # the statement both cities imported, counted once


def test_recurring_accounts_are_the_same(spark, world):
    out, found = world
    frames = jobs.recurring(spark, out)
    accounts, holders = (frame.collect() for frame in frames)
    _loadable("recurring_accounts", accounts, frames[0])
    _loadable("recurring_holders", holders, frames[1])
    got = {r.account: r.case_count for r in accounts}
    assert got == found["recurring"]
    assert any(len(r.cities) == 2 for r in accounts)
    assert holders and all(r.case_count >= 2 for r in holders)
    assert all(len(r.cases) == r.case_count for r in holders)  # one "city:case_no" each
    # Which case names which account of a holder: the same in both engines.
    got_holders = {}
    for r in holders:
        key = r.holder_id_number or r.holder_name
        pairs = set()
        for value in r.account_cases:
            account, case_key = rules.split_account_case(value)
            pairs.add(f"{account}{rules.ACCOUNT_CASE_SEP}{case_key.partition(':')[2]}")
            assert account in r.accounts and case_key in r.cases
        got_holders[key] = pairs
        assert {rules.split_account_case(v)[1] for v in r.account_cases} == set(r.cases)
        assert {rules.split_account_case(v)[0] for v in r.account_cases} == set(r.accounts)
    assert got_holders == found["holders"]
    # Some holder's accounts are named by different cases: the pairs carry what the union
    # of cases does not.
    assert any(
        len(
            {
                frozenset(c for a2, c in map(rules.split_account_case, r.account_cases) if a2 == a)
                for a in r.accounts
            }
        )
        > 1
        for r in holders
    )


def test_kpis_are_the_same_values_written_as_parquet(spark, world, tmp_path: Path):
    out, found = world
    # The job as `fanzha analytics run` runs it: what it wrote is what the app computes.
    written = jobs.run(spark, "kpis", out, str(tmp_path))
    frame = spark.read.parquet(str(tmp_path / "kpis"))
    rows = frame.collect()
    assert written["kpis"] == len(rows) > 0
    _loadable("kpis", rows, frame)
    schema.check(tmp_path, {"kpis": tmp_path / "kpis"})  # the files Spark wrote, as loaded
    got = {(r.day, r.unit_id, r.kpi): r.value for r in rows}
    assert got == found["kpis"]
    assert any(k[2] == "loss_fen" and v > 0 for k, v in got.items())
