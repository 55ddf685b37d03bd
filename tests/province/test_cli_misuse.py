"""A province operator's mistakes at the command line: each is refused with one Chinese line,
exit code non-zero, no traceback, and nothing half-loaded (the loader is one transaction)."""

from __future__ import annotations

import os
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.province.models import ProvinceGangCase, ProvinceRun
from tests.province.test_findings import _write

GANG = {"gang": 1, "city": "320500", "case_id": 1, "case_no": "SZ-1", "cities": 2}
MULE = {
    "account": "6222021234567890123",
    "pass_days": 1,
    "through_fen": 100,
    "median_minutes": 1.0,
    "cities": ["320500"],
    "city_count": 1,
}


def _refused_in_one_chinese_line(code: int, output: str, *words: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert code != 0, output
    assert "Traceback" not in output and "Error" not in output, output
    assert len(lines) <= 2 and re.search(r"[\u4e00-\u9fff]", lines[0]), output
    for word in words:
        assert word in output, output


def _loaded(engine) -> tuple[int, int]:
    with Session(engine) as check:
        return (
            check.scalar(select(func.count()).select_from(ProvinceRun)),
            check.scalar(select(func.count()).select_from(ProvinceGangCase)),
        )


def test_export_to_a_file_is_refused(fanzha, tmp_path):
    target = tmp_path / "archive.parquet"
    target.write_text("not a directory")
    code, output = fanzha("archive", "export", "--out", str(target))
    _refused_in_one_chinese_line(code, output, "归档目录", str(target))
    assert target.read_text() == "not a directory"


def test_export_under_a_file_is_refused(fanzha, tmp_path):
    (tmp_path / "notes").write_text("")
    code, output = fanzha("archive", "export", "--out", str(tmp_path / "notes" / "archive"))
    _refused_in_one_chinese_line(code, output, "归档目录无法写入")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_export_to_an_unwritable_directory_is_refused(fanzha, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    code, output = fanzha("archive", "export", "--out", str(locked / "archive"))
    _refused_in_one_chinese_line(code, output, "归档目录无法写入")


def test_run_refuses_results_where_a_file_is(fanzha, tmp_path):
    archive = tmp_path / "archive"
    (archive / "cases").mkdir(parents=True)
    taken = tmp_path / "results"
    taken.write_text("")
    code, output = fanzha(
        "analytics", "run", "kpis", "--archive", str(archive), "--out", str(taken)
    )
    _refused_in_one_chinese_line(code, output, "结果目录无法写入")


def test_run_refuses_an_unknown_job_naming_the_jobs(fanzha, tmp_path):
    code, output = fanzha(
        "analytics", "run", "mule", "--archive", str(tmp_path), "--out", str(tmp_path / "o")
    )
    _refused_in_one_chinese_line(code, output, "没有作业 mule", "linking、mules、recurring、kpis")
    assert code == 2  # a usage mistake, as click's own


def test_run_refuses_a_missing_or_empty_archive(fanzha, tmp_path):
    out = tmp_path / "results"
    code, output = fanzha(
        "analytics", "run", "mules", "--archive", str(tmp_path / "nowhere"), "--out", str(out)
    )
    _refused_in_one_chinese_line(code, output, "归档目录不存在")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing exported here")
    code, output = fanzha("analytics", "run", "mules", "--archive", str(empty), "--out", str(out))
    _refused_in_one_chinese_line(code, output, "fanzha archive export")
    assert not out.exists()  # no Spark started, nothing written


def test_load_refuses_files_that_are_not_parquet_and_loads_nothing(fanzha, own_engine, tmp_path):
    results = tmp_path / "results"
    _write(results, "gangs", [GANG])
    (results / "mules").mkdir()
    (results / "mules" / "part-00000.parquet").write_text("account,pass_days\n1,2\n")
    code, output = fanzha("analytics", "load", "--results", str(results))
    _refused_in_one_chinese_line(code, output, "mules")
    assert _loaded(own_engine) == (0, 0)  # the gangs read before it are not kept


def test_load_refuses_parquet_missing_a_column_and_loads_nothing(fanzha, own_engine, tmp_path):
    results = tmp_path / "results"
    _write(results, "gangs", [GANG])
    folder = results / "mules"
    folder.mkdir()
    thin = {k: v for k, v in MULE.items() if k != "median_minutes"}
    pq.write_table(pa.Table.from_pylist([thin]), folder / "part-00000.snappy.parquet")
    code, output = fanzha("analytics", "load", "--results", str(results))
    _refused_in_one_chinese_line(code, output, "mules", "median_minutes")
    assert _loaded(own_engine) == (0, 0)


def test_load_refuses_a_file_given_as_the_results_directory(fanzha, own_engine, tmp_path):
    stray = tmp_path / "gangs.parquet"
    pq.write_table(pa.Table.from_pylist([GANG]), stray)
    code, output = fanzha("analytics", "load", "--results", str(stray))
    _refused_in_one_chinese_line(code, output, "结果目录")
    assert _loaded(own_engine) == (0, 0)
