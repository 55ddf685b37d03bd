"""`fanzha analytics load --results DIR`, committed for real: twice is the same rows."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from fanzha import cli, db
from fanzha.province.models import ProvinceGangCase, ProvinceRun
from tests.province.test_findings import _write


def test_loading_twice_from_the_command_line_keeps_one_copy(own_engine, monkeypatch, tmp_path):
    url = own_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    monkeypatch.setattr(db, "get_sessionmaker", lambda: sessionmaker(bind=own_engine))
    # The CLI's transactions use the bulk sessionmaker, cached per process.
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: sessionmaker(bind=own_engine))
    results = tmp_path / "out"
    members = [
        {"gang": 1, "city": city, "case_id": n, "case_no": f"{city}-{n}", "cities": 2}
        for city, n in (("320500", 1), ("320500", 2), ("320200", 3))
    ]
    _write(results, "gangs", members)
    runner = CliRunner()

    def gangs() -> list[tuple]:
        with Session(own_engine) as check:
            runs = check.scalar(select(func.count()).select_from(ProvinceRun))
            rows = check.execute(
                select(ProvinceGangCase.gang, ProvinceGangCase.city, ProvinceGangCase.case_no)
            ).all()
            return [runs, *sorted(rows)]

    first = runner.invoke(cli.app, ["analytics", "load", "--results", str(results)])
    assert first.exit_code == 0, first.output
    assert "已载入 跨市团伙：3 行" in first.output
    loaded = gangs()
    again = runner.invoke(cli.app, ["analytics", "load", "--results", str(results)])
    assert again.exit_code == 0, again.output
    assert gangs() == loaded and loaded[0] == 1 and len(loaded) == 4

    missing = runner.invoke(cli.app, ["analytics", "load", "--results", str(tmp_path / "no")])
    assert missing.exit_code == 1 and "不存在" in missing.output
