"""`fanzha analytics load` checks every results file's column types before it writes a row: a
file retyped by hand or by another tool (an amount saved as text, ids as doubles, a date as
text) or holding nulls where the app needs values is refused in one Chinese line naming the
file, the column, the type expected and the type found; the earlier load stays as it was."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from fanzha.province import load, schema
from fanzha.province.errors import (
    ResultsColumnMissing,
    ResultsColumnNull,
    ResultsColumnType,
    ResultsValueRange,
    ResultsValueTooLong,
)
from fanzha.province.models import ProvinceGangCase, ProvinceMule, ProvinceRun
from tests.province.test_cli_misuse import GANG, MULE, _loaded, _refused_in_one_chinese_line
from tests.province.test_findings import _write


def _part(results: Path, output: str, table: pa.Table, name: str = "part-00009.parquet") -> str:
    folder = results / output
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / name)
    return f"{output}/{name}"


def _good(results: Path) -> None:
    _write(results, "gangs", [GANG, {**GANG, "case_id": 2, "case_no": "SZ-2"}])
    _write(results, "mules", [MULE], parts=1)


def test_the_checked_columns_are_the_ones_the_loader_reads():
    assert schema.COLUMNS.keys() == load.OUTPUTS.keys()
    for output, spec in load.OUTPUTS.items():
        assert list(schema.COLUMNS[output]) == list(spec.columns), output


def test_an_amount_saved_as_text_is_refused_naming_file_column_and_types(
    fanzha, own_engine, tmp_path
):
    results = tmp_path / "results"
    _good(results)
    assert fanzha("analytics", "load", "--results", str(results))[0] == 0
    before = _loaded(own_engine)
    file = _part(results, "mules", pa.Table.from_pylist([{**MULE, "through_fen": "100"}]))
    code, output = fanzha("analytics", "load", "--results", str(results))
    assert code == 1
    _refused_in_one_chinese_line(
        code, output, file, "through_fen", "应为整数", "实为文本（string）"
    )
    assert _loaded(own_engine) == before == (1, 2)  # the earlier load is untouched


def test_ids_saved_as_doubles_are_refused_before_anything_is_written(session, tmp_path):
    results = tmp_path / "results"
    _good(results)
    load.load(session, results)
    runs = session.scalars(select(ProvinceRun.id)).all()
    file = _part(results, "gangs", pa.Table.from_pylist([{**GANG, "case_id": 3.0}]))
    with pytest.raises(ResultsColumnType) as refused:
        load.load(session, results)
    message = refused.value.message
    assert file in message and "case_id" in message and "实为小数（double）" in message
    assert "未载入任何结果" in message
    # Refused before the earlier run was replaced, even without the caller's rollback.
    assert session.scalars(select(ProvinceRun.id)).all() == runs
    assert session.scalar(select(func.count()).select_from(ProvinceGangCase)) == 2


def test_a_date_saved_as_text_and_a_list_saved_as_text_are_refused(session, tmp_path):
    kpi = {"city": "320500", "day": "2026-09-01", "unit_id": 1, "unit_name": "", "kpi": "cases"}
    results = tmp_path / "results"
    _part(results, "kpis", pa.Table.from_pylist([{**kpi, "value": 3}]))
    with pytest.raises(ResultsColumnType) as refused:
        load.load(session, results)
    assert "列 day 应为日期，实为文本（string）" in refused.value.message
    other = tmp_path / "other"
    _part(other, "mules", pa.Table.from_pylist([{**MULE, "cities": "320500"}]))
    with pytest.raises(ResultsColumnType) as refused:
        load.load(session, other)
    assert "列 cities 应为文本列表" in refused.value.message
    assert session.scalar(select(func.count()).select_from(ProvinceRun)) == 0


def test_nulls_where_the_app_needs_a_value_are_refused(session, tmp_path):
    results = tmp_path / "results"
    _good(results)
    file = _part(results, "gangs", pa.Table.from_pylist([{**GANG, "case_no": None, "case_id": 9}]))
    with pytest.raises(ResultsColumnNull) as refused:
        load.load(session, results)
    assert file in refused.value.message and "列 case_no 有空值" in refused.value.message
    assert session.scalar(select(func.count()).select_from(ProvinceMule)) == 0


def test_a_whole_number_of_minutes_and_narrow_integers_load(session, tmp_path):
    results = tmp_path / "results"
    narrow = pa.schema(
        [
            ("account", pa.string()),
            ("pass_days", pa.int32()),
            ("through_fen", pa.int64()),
            ("median_minutes", pa.int64()),
            ("cities", pa.list_(pa.string())),
            ("city_count", pa.int32()),
        ]
    )
    _part(results, "mules", pa.Table.from_pylist([{**MULE, "median_minutes": 3}], schema=narrow))
    assert load.load(session, results) == {"mules": 1}
    assert session.scalar(select(ProvinceMule.median_minutes)) == 3.0


def test_spark_bookkeeping_files_are_not_read_as_results(session, tmp_path):
    results = tmp_path / "results"
    _good(results)
    (results / "gangs" / ".part-00000.snappy.parquet.crc").write_bytes(b"\x00crc")
    assert load.load(session, results) == {"gangs": 2, "mules": 1}


def test_a_results_file_that_is_not_parquet_is_named(fanzha, own_engine, tmp_path):
    results = tmp_path / "results"
    _good(results)
    (results / "gangs" / "part-00007.parquet").write_text("gang,city\n1,320500\n")
    code, output = fanzha("analytics", "load", "--results", str(results))
    _refused_in_one_chinese_line(code, output, "gangs/part-00007.parquet", "Parquet")
    assert _loaded(own_engine) == (0, 0)


def test_a_missing_column_names_its_file(session, tmp_path):
    results = tmp_path / "results"
    thin = {k: v for k, v in GANG.items() if k != "cities"}
    file = _part(results, "gangs", pa.Table.from_pylist([thin]))
    with pytest.raises(ResultsColumnMissing) as refused:
        load.load(session, results)
    assert f"文件 {file} 缺少列 cities" in refused.value.message
    assert session.scalar(select(func.count()).select_from(ProvinceRun)) == 0


def test_holders_written_before_account_cases_are_refused_not_shown_whole(session, tmp_path):
    """Results of a recurring job older than account_cases (which case names which of a
    holder's accounts) cannot be scoped for a 分局: refused, asking for a re-run."""
    results = tmp_path / "results"
    old = {
        "holder_name": "张三",
        "holder_id_number": "320501199001011234",
        "account_count": 1,
        "case_count": 2,
        "city_count": 1,
        "accounts": ["6222000011112222"],
        "cities": ["320500"],
        "cases": ["320500:SZ-1", "320500:SZ-2"],
    }
    file = _part(results, "recurring_holders", pa.Table.from_pylist([old]))
    with pytest.raises(ResultsColumnMissing) as refused:
        load.load(session, results)
    message = refused.value.message
    assert f"文件 {file} 缺少列 account_cases" in message and "重新生成" in message
    assert session.scalar(select(func.count()).select_from(ProvinceRun)) == 0


def test_limits_are_read_from_the_tables_column_types():
    limits = load.targets()
    assert schema.integer_range(limits["mules"]["city_count"], "city_count") == (0, 2**31 - 1)
    assert schema.integer_range(limits["gangs"]["case_id"], "case_id") == (-(2**63), 2**63 - 1)
    assert schema.text_length(limits["gangs"]["case_no"]) == 40
    assert schema.text_length(limits["mules"]["cities"]) == 20  # each item of ARRAY(String(20))
    assert schema.integer_range(limits["mules"]["median_minutes"], "median_minutes") is None


def test_a_count_beyond_an_integer_column_is_refused_in_chinese(fanzha, own_engine, tmp_path):
    results = tmp_path / "results"
    _good(results)
    assert fanzha("analytics", "load", "--results", str(results))[0] == 0
    before = _loaded(own_engine)
    rows = [MULE, {**MULE, "city_count": 2_147_483_648}]
    file = _part(results, "mules", pa.Table.from_pylist(rows))
    code, output = fanzha("analytics", "load", "--results", str(results))
    assert code == 1
    _refused_in_one_chinese_line(
        code, output, file, "city_count", "第 2 行", "2147483648", "0 至 2147483647"
    )
    assert _loaded(own_engine) == before == (1, 2)  # the earlier load is untouched


def test_a_negative_count_is_refused(session, tmp_path):
    results = tmp_path / "results"
    _good(results)
    load.load(session, results)
    runs = session.scalars(select(ProvinceRun.id)).all()
    file = _part(results, "gangs", pa.Table.from_pylist([{**GANG, "case_id": 5, "cities": -1}]))
    with pytest.raises(ResultsValueRange) as refused:
        load.load(session, results)
    message = refused.value.message
    assert file in message and "列 cities 第 1 行的值 -1 超出范围" in message
    assert "未载入任何结果" in message
    assert session.scalars(select(ProvinceRun.id)).all() == runs
    assert session.scalar(select(func.count()).select_from(ProvinceGangCase)) == 2


def test_a_case_number_longer_than_its_column_is_refused(fanzha, own_engine, tmp_path):
    results = tmp_path / "results"
    long_no = "SZ-" + "9" * 40  # 43 characters into String(40); its digits are masked
    file = _part(results, "gangs", pa.Table.from_pylist([GANG, {**GANG, "case_no": long_no}]))
    code, output = fanzha("analytics", "load", "--results", str(results))
    _refused_in_one_chinese_line(
        code, output, file, "case_no", "第 2 行", "长 43 个字符", "上限 40 个字符"
    )
    assert "9" * 10 not in output
    assert _loaded(own_engine) == (0, 0)


def test_an_over_long_account_in_a_list_is_named_by_row_and_masked(session, tmp_path):
    results = tmp_path / "results"
    account = "6222" + "0" * 70 + "1234"  # 78 characters into ARRAY(String(64))
    holder = {
        "holder_name": "张三",
        "holder_id_number": "320501199001011234",
        "account_count": 2,
        "case_count": 2,
        "city_count": 1,
        "accounts": ["6222000011112222", account],
        "cities": ["320500"],
        "cases": ["320500:SZ-1", "320500:SZ-2"],
        "account_cases": ["6222000011112222|320500:SZ-1", f"{account}|320500:SZ-2"],
    }
    file = _part(results, "recurring_holders", pa.Table.from_pylist([holder, holder]))
    with pytest.raises(ResultsValueTooLong) as refused:
        load.load(session, results)
    message = refused.value.message
    assert file in message and "列 accounts 第 1 行的值 6222 **** " in message
    assert "长 78 个字符" in message and "上限 64 个字符" in message
    assert account not in message and "0" * 8 not in message
    assert session.scalar(select(func.count()).select_from(ProvinceRun)) == 0


def test_values_at_the_limits_load(session, tmp_path):
    results = tmp_path / "results"
    at_limit = {**GANG, "case_no": "S" * 40, "gang": 2**63 - 1, "cities": 2**31 - 1}
    _part(results, "gangs", pa.Table.from_pylist([at_limit]))
    _part(results, "mules", pa.Table.from_pylist([{**MULE, "city_count": 0}]))
    assert load.load(session, results) == {"gangs": 1, "mules": 1}
