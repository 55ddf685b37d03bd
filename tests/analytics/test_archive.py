"""`fanzha archive export`: a generated city as Parquet by city and month, with the documented
schemas; a second run writes nothing, and after a change only what changed."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from fanzha.analytics import archive
from fanzha.cli import main
from tests.analytics import province

CITY = "320100"


@pytest.fixture
def session(session: Session) -> Session:
    """A generated city (cases, indicators, statements) in the rolled-back transaction."""
    province.generate(session, province.CITIES[0], exclude=True)
    return session


def _count(out: Path, dataset: str) -> int:
    return ds.dataset(out / dataset, format="parquet", partitioning="hive").count_rows()


def test_the_archive_holds_every_row_once_in_its_city_and_month(session: Session, tmp_path):
    done = archive.export(session, tmp_path, city=CITY, batch=100)
    for dataset, table in [
        ("statement_rows", "statement_rows"),
        ("cases", "cases"),
        ("transfers", "case_transfers"),
        ("case_indicators", "case_indicators"),
    ]:
        total = session.scalar(text(f"SELECT count(*) FROM {table}"))
        assert total > 0 and done.rows[dataset] == total == _count(tmp_path, dataset)
    files = list((tmp_path / "statement_rows" / f"city={CITY}").glob("month=*/*.parquet"))
    assert len(files) > 1
    assert pq.read_schema(files[0]).remove_metadata() == archive.SCHEMAS["statement_rows"]
    # A month's rows are that local month's (Asia/Shanghai).
    month = files[0].parent.name.removeprefix("month=")
    times = pq.read_table(files[0]).column("at").to_pylist()
    assert {t.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m") for t in times} == {month}
    # Victims' own details stay home.
    victim = session.scalar(text("SELECT victim_name FROM cases WHERE victim_name <> '' LIMIT 1"))
    assert "victim_name" not in archive.SCHEMAS["cases"].names
    assert victim.encode() not in b"".join(p.read_bytes() for p in tmp_path.rglob("*.parquet"))


def test_a_second_run_writes_only_what_is_new(session: Session, tmp_path):
    archive.export(session, tmp_path, city=CITY)
    again = archive.export(session, tmp_path, city=CITY)
    assert set(again.rows.values()) == {0}
    # One new statement row, one case whose loss changed: that row and that case's month.
    row = session.execute(text("SELECT * FROM statement_rows ORDER BY id DESC LIMIT 1")).one()
    session.execute(
        text(
            "INSERT INTO statement_rows (import_id, source_row, account, account_name, at,"
            " amount_fen, direction, counterpart, counterpart_name, counterpart_bank, kind,"
            " balance_fen, summary, serial, fingerprint) SELECT import_id, source_row + 1,"
            " account, account_name, at, amount_fen + 1, direction, counterpart, counterpart_name,"
            " counterpart_bank, kind, balance_fen, summary, serial, '\\x00ff'::bytea"
            " FROM statement_rows WHERE id = :id"
        ),
        {"id": row.id},
    )
    case_id, month = session.execute(
        text(
            "UPDATE cases SET loss_fen = loss_fen + 1 WHERE id = (SELECT min(id) FROM cases)"
            " RETURNING id, to_char(reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
        )
    ).one()
    in_month = session.scalar(
        text(
            "SELECT count(*) FROM cases WHERE to_char(reported_at AT TIME ZONE"
            " 'Asia/Shanghai', 'YYYY-MM') = :m"
        ),
        {"m": month},
    )
    third = archive.export(session, tmp_path, city=CITY)
    assert third.rows["statement_rows"] == 1
    assert third.rows["cases"] == in_month and third.partitions["cases"] == [month]
    assert third.rows["transfers"] == third.rows["case_indicators"] == 0
    assert _count(tmp_path, "statement_rows") == session.scalar(
        text("SELECT count(*) FROM statement_rows")
    )
    cases = ds.dataset(tmp_path / "cases", format="parquet", partitioning="hive").to_table()
    losses = dict(
        zip(cases.column("id").to_pylist(), cases.column("loss_fen").to_pylist(), strict=True)
    )
    assert losses[case_id] == session.scalar(
        text("SELECT loss_fen FROM cases WHERE id = :id"), {"id": case_id}
    )


def test_the_command_refuses_a_missing_archive_in_chinese(capsys):
    assert main(["analytics", "run", "mules", "--archive", "/nonexistent", "--out", "/tmp/x"]) == 1
    assert "归档目录不存在" in capsys.readouterr().err
