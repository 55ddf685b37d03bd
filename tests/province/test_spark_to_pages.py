"""From the archive to the page: this database exported as two cities, the province's linking
job run on Spark (local[2]), its Parquet loaded, the cross-city gang shown with local links.

Holds the contract between the jobs' outputs (fanzha.analytics.jobs) and the loader."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from fanzha import clock
from fanzha.config import get_settings
from fanzha.linking import links
from fanzha.linking.models import IndicatorKind, IndicatorSource
from fanzha.province import load
from tests.helpers import login
from tests.province.test_findings import _case_in

pytestmark = [pytest.mark.usefixtures("city"), pytest.mark.spark]
HERE = get_settings().center_code
OTHER = "320500"


def test_a_gang_found_on_spark_shows_with_the_local_links(spark, client, session, tmp_path):
    from fanzha.analytics import archive, jobs

    mine, theirs = _case_in(session, "station_a"), _case_in(session, "station_b")
    session.flush()
    for case in (mine, theirs):
        links.attach(
            session,
            case.id,
            [(IndicatorKind.phone, "+8617012345678")],
            source=IndicatorSource.manual,
            seen_at=clock.now(),
        )
    session.flush()
    # The test's transaction stays open, idle, while Spark works: not a stuck request.
    session.execute(text("SET LOCAL idle_in_transaction_session_timeout = 0"))
    store, results = tmp_path / "archive", tmp_path / "results"
    for city in (HERE, OTHER):  # a second city whose cases share the same phone
        archive.export(session, store, city=city)
    written = jobs.run(spark, "linking", str(store), str(results))
    assert written["gangs"] >= 4

    assert load.load(session, results) == {"gangs": written["gangs"]}
    login(client, "station_a")
    page = client.get("/analysis/province").text
    [row] = re.findall(r'<tr data-gang="\d+">(.*?)</tr>', page, re.S)
    assert f'<a href="/cases/{mine.id}">{mine.case_no}</a>' in row
    assert re.findall(r'href="/cases/(\d+)"', row) == [str(mine.id)]
    # station_a's own case here, named once; station_b's and the other city's two counted.
    assert row.count(mine.case_no) == 1 and theirs.case_no not in row
    assert f"{OTHER}</strong>：<small" in row and "另有 2 起其他单位案件" in row
