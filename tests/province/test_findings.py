"""Province findings: the Spark results loaded (`fanzha analytics load`) and shown under 研判.

The results are written here as Spark writes them (a directory per output holding part files
and a _SUCCESS marker, the columns fanzha.analytics.jobs gives each output)."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.cases import service
from fanzha.cases.models import Case
from fanzha.cases.schemas import CaseIn
from fanzha.config import get_settings
from fanzha.province import load
from fanzha.province.errors import ResultsMissing
from fanzha.province.models import ProvinceGangCase, ProvinceMule, ProvinceRun
from tests.helpers import login, unit_of

pytestmark = pytest.mark.usefixtures("city")
HERE = get_settings().center_code
ACCOUNT = "6222021234567890123"


def _write(results: Path, output: str, rows: list[dict], parts: int = 2) -> None:
    folder = results / output
    folder.mkdir(parents=True)
    (folder / "_SUCCESS").write_text("")
    for i in range(parts):
        chunk = rows[i::parts]
        if chunk:
            pq.write_table(pa.Table.from_pylist(chunk), folder / f"part-{i:05d}.snappy.parquet")


def _case_in(session: Session, username: str) -> Case:
    return service.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name="王秀英", victim_phone="13800138000", fraud_type="investment"),
        unit_id=unit_of(session, username).id,
    )


def _results(tmp_path: Path, session: Session) -> tuple[Path, Case, Case]:
    mine, theirs = _case_in(session, "station_a"), _case_in(session, "station_b")
    session.flush()

    def member(gang: int, city: str, case_id: int, case_no: str, cities: int) -> dict:
        return {
            "gang": gang,
            "city": city,
            "case_id": case_id,
            "case_no": case_no,
            "cities": cities,
        }

    results = tmp_path / "results"
    _write(
        results,
        "gangs",
        [
            member(1, HERE, mine.id, mine.case_no, 2),
            member(1, HERE, theirs.id, theirs.case_no, 2),
            member(1, "320500", 77, "SZ-0077", 2),
            member(2, HERE, theirs.id, theirs.case_no, 2),
            member(2, "320200", 9, "WX-0009", 2),
            member(3, "320500", 5, "SZ-0005", 1),  # one city only: not a cross-city gang
            member(3, "320500", 6, "SZ-0006", 1),
            member(4, HERE, mine.id + 10**6, mine.case_no, 2),  # no such local case
            member(4, "320200", 8, "WX-0008", 2),
        ],
    )
    _write(
        results,
        "mules",
        [
            {
                "account": ACCOUNT,
                "pass_days": 3,
                "through_fen": 12_345_600,
                "median_minutes": 12.5,
                "cities": [HERE, "320500"],
                "city_count": 2,
            },
        ],
        parts=1,
    )
    return results, mine, theirs


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(ProvinceRun)),
        session.scalar(select(func.count()).select_from(ProvinceGangCase)),
        session.scalar(select(func.count()).select_from(ProvinceMule)),
    )


def test_loading_the_same_results_again_replaces_the_run(session, tmp_path):
    results, mine, _ = _results(tmp_path, session)
    first = load.load(session, results)
    rows = sorted(
        session.execute(
            select(ProvinceGangCase.gang, ProvinceGangCase.city, ProvinceGangCase.case_no)
        ).all()
    )
    assert first == {"gangs": 9, "mules": 1}
    assert _counts(session) == (1, 9, 1)

    again = load.load(session, results)
    assert again == first and _counts(session) == (1, 9, 1)
    assert (
        sorted(
            session.execute(
                select(ProvinceGangCase.gang, ProvinceGangCase.city, ProvinceGangCase.case_no)
            ).all()
        )
        == rows
    )
    assert (HERE, mine.case_no) in {(r.city, r.case_no) for r in rows if r.gang == 1}


def test_an_empty_part_file_from_spark_adds_no_rows(session, tmp_path):
    results, _, _ = _results(tmp_path, session)
    # Spark writes a part file with the schema and no rows for an empty partition.
    schema = pq.read_schema(next((results / "gangs").glob("part-*.parquet")))
    pq.write_table(schema.empty_table(), results / "gangs" / "part-00000-empty.parquet")
    assert load.load(session, results) == {"gangs": 9, "mules": 1}
    assert _counts(session) == (1, 9, 1)


def test_a_missing_results_directory_is_refused_in_chinese(session, tmp_path):
    with pytest.raises(ResultsMissing) as refused:
        load.load(session, tmp_path / "nowhere")
    assert "不存在" in refused.value.message
    assert _counts(session) == (0, 0, 0)


def _gang_rows(page: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-gang="(\d+)">(.*?)</tr>', page, re.S))


def test_a_station_sees_its_gangs_and_links_only_the_cases_it_may_open(client, session, tmp_path):
    results, mine, theirs = _results(tmp_path, session)
    load.load(session, results)
    login(client, "station_a")
    page = client.get("/analysis/province")
    assert page.status_code == 200
    gangs = _gang_rows(page.text)
    assert set(gangs) == {"1"}  # gang 2 holds no case of station_a's
    assert f'<a href="/cases/{mine.id}">{mine.case_no}</a>' in gangs["1"]
    # The other cases are counted, not named (tests/province/test_scoped_findings.py).
    assert f"/cases/{theirs.id}" not in gangs["1"] and "SZ-0077" not in gangs["1"]
    assert "320500" in gangs["1"]
    assert re.findall(r'href="/cases/(\d+)"', page.text) == [str(mine.id)]


def test_the_center_sees_every_cross_city_gang_with_its_local_links(client, session, tmp_path):
    results, mine, theirs = _results(tmp_path, session)
    load.load(session, results)
    login(client, "analyst")
    gangs = _gang_rows(client.get("/analysis/province").text)
    assert set(gangs) == {"1", "2", "4"}  # gang 3 spans one city
    assert f'href="/cases/{mine.id}"' in gangs["1"] and f'href="/cases/{theirs.id}"' in gangs["2"]
    assert "href" not in gangs["4"]  # the archive's case id is not a local case of that number


def test_mule_accounts_are_masked_with_the_cities_they_touch(client, session, tmp_path):
    results, _, _ = _results(tmp_path, session)
    load.load(session, results)
    login(client, "analyst")
    page = client.get("/analysis/province/mules").text
    row = re.search(r'<table id="province-mules"[^>]*>.*?</table>', page, re.S).group(0)
    assert ACCOUNT not in page and "6222 **** **** **** 0123" in row
    assert f"{HERE}（本市）" in row and "320500" in row and "123,456.00 元" in row


def test_pages_say_when_nothing_is_loaded(client):
    login(client, "analyst")
    assert "尚未载入全省研判结果" in client.get("/analysis/province").text
