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
