"""The operator's commands: bad input gives a Chinese message and exit code 1; what they do is
audited as the command line."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from fanzha import clock, db
from fanzha.audit.models import AuditEntry
from fanzha.auth.models import ApiKey, User
from fanzha.cli import app
from fanzha.org import importers
from fanzha.org.models import Grid
from tests.helpers import unit_of

STRONG = "Kx9#mPq2vL7wZr4t"


@pytest.fixture
def cli_db(own_engine: Engine, own_database_url: str, monkeypatch) -> Iterator[Engine]:
    """The commands work on this test's own database (they commit)."""
    factory = sessionmaker(bind=own_engine, expire_on_commit=False)
    monkeypatch.setattr(db, "resolve_database_url", lambda: own_database_url)
    monkeypatch.setattr(db, "get_sessionmaker", lambda: factory)
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: factory)
    return own_engine


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


def _entries(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def _station_code(engine: Engine) -> str:
    with Session(engine) as session:
        return unit_of(session, "station_a").code


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "boss", "--unit", "SJ"), "没有这个角色：boss"),
        (("--role", "analyst", "--unit", "NOWHERE"), "没有这个单位：NOWHERE"),
        # Digits that are not an id: past the column's range, or not ASCII.
        (("--role", "analyst", "--unit", "99999999999999999999"), "没有这个单位：9999"),
        (("--role", "analyst", "--unit", "²"), "没有这个单位：²"),
    ],
)
def test_users_create_refuses_bad_input(cli_db, args, message):
    result = run("users", "create", "--username", "li.si", *args, "--password-stdin", input=STRONG)
    assert result.exit_code == 1
    assert message in result.output


def test_users_create_refuses_a_weak_password_and_a_taken_name(cli_db):
    unit = _station_code(cli_db)
    weak = run(
        "users",
        "create",
        "--username",
        "li.si",
        "--role",
        "analyst",
        "--unit",
        unit,
        "--password-stdin",
        input="123\n",
    )
    assert weak.exit_code == 1 and "密码" in weak.output
    taken = run(
        "users",
        "create",
        "--username",
        "admin",
        "--role",
        "analyst",
        "--unit",
        unit,
        "--password-stdin",
        input=STRONG,
    )
    assert taken.exit_code == 1 and "用户名" in taken.output


def test_users_create_disable_unlock_and_list(cli_db):
    unit = _station_code(cli_db)
    made = run(
        "users",
        "create",
        "--username",
        "li.si",
        "--display-name",
        "李四",
        "--role",
        "analyst",
        "--unit",
        unit,
        "--password-stdin",
        input=STRONG + "\n",
    )
    assert made.exit_code == 0, made.output
    assert "已创建账号 li.si" in made.output
    created = _entries(cli_db, "auth.user.created")[-1]
    assert created.actor_name == "命令行" and created.actor_kind == "system"

    with Session(cli_db) as session:
        user = session.scalar(select(User).where(User.username == "li.si"))
        user.failed_logins, user.locked_until = 5, clock.now() + timedelta(minutes=10)
        session.commit()
    assert "锁定至" in run("users", "list").output
    assert run("users", "unlock", "li.si").exit_code == 0
    assert run("users", "disable", "li.si").exit_code == 0
    with Session(cli_db) as session:
        user = session.scalar(select(User).where(User.username == "li.si"))
        assert user.locked_until is None and user.failed_logins == 0 and not user.is_active
    assert _entries(cli_db, "auth.user.updated")[-2].detail["unlocked"] is True
    listed = run("users", "list").output
    assert "li.si" in listed and "停用" in listed and "锁定至" not in listed


@pytest.mark.parametrize("command", ["disable", "unlock", "reset-password"])
def test_an_unknown_user_is_named(cli_db, command):
    result = run("users", command, "nobody", input=STRONG)
    assert result.exit_code == 1 and "没有这个账号：nobody" in result.output


def test_keys_create_list_revoke(cli_db):
    unit = _station_code(cli_db)
    bad_scope = run("keys", "create", "--name", "省平台", "--unit", unit, "--scope", "admin")
    assert bad_scope.exit_code == 1 and "admin" in bad_scope.output
    bad_date = run(
        "keys",
        "create",
        "--name",
        "省平台",
        "--unit",
        unit,
        "--scope",
        "warnings.read",
        "--expires",
        "明年",
    )
    assert bad_date.exit_code == 1 and "无法识别的到期时间" in bad_date.output
    past = run(
        "keys",
        "create",
        "--name",
        "省平台",
        "--unit",
        unit,
        "--scope",
        "warnings.read",
        "--expires",
        "2001-01-01 00:00",
    )
    assert past.exit_code == 1

    made = run(
        "keys",
        "create",
        "--name",
        "省平台",
        "--unit",
        unit,
        "--scope",
        "warnings.read",
        "--scope",
        "warnings.intake",
        "--expires",
        "2099-06-30 23:59",
    )
    assert made.exit_code == 0, made.output
    assert made.output.strip().splitlines()[-1].startswith("fz_")
    with Session(cli_db) as session:
        key = session.scalar(select(ApiKey).where(ApiKey.name == "省平台"))
    assert "有效" in run("keys", "list").output
    assert run("keys", "revoke", str(key.id)).exit_code == 0
    assert "已吊销" in run("keys", "list").output
    assert _entries(cli_db, "auth.api_key.revoked")[-1].actor_name == "命令行"
    missing = run("keys", "revoke", "999999")
    assert missing.exit_code == 1 and "没有这个接口密钥" in missing.output


def _grid_file(rows: list[list[object]]) -> bytes:
    wb = load_workbook(io.BytesIO(importers.grid_template()))
    ws = wb.worksheets[0]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_units_import_prints_each_refused_row(cli_db, tmp_path):
    unit = _station_code(cli_db)
    path = tmp_path / "grids.xlsx"
    path.write_bytes(
        _grid_file([["CLI-G1", "命令行网格", unit, 120], ["CLI-G2", "坏行", "NOPE", 5]])
    )

    result = run("units", "import", str(path), "--kind", "grids")

    assert result.exit_code == 1
    assert "第 3 行" in result.output and "共 1 行未导入" in result.output
    with Session(cli_db) as session:
        assert session.scalar(select(Grid.name).where(Grid.code == "CLI-G1")) == "命令行网格"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("units", "import", "/nonexistent.xlsx"), "找不到文件"),
        (("units", "import", "{file}", "--kind", "houses"), "没有这种类型：houses"),
        (("gazetteer", "import", "{file}"), ""),
        (("export", "everything"), "没有这种类型：everything"),
        (("export", "feedback", "--since", "去年"), "无法识别的日期"),
        (("keys", "revoke", "99999999999999999999"), "没有这个接口密钥"),
        (("export", "staff", "--out", "{dir}/no/such/dir/a.xlsx"), "无法写入"),
        (("export", "staff", "--out", "{dir}"), "无法写入"),
    ],
)
def test_bad_files_and_kinds_are_refused(cli_db, tmp_path, args, message):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    result = run(*(a.format(file=junk, dir=tmp_path) for a in args))
    assert result.exit_code == 1
    assert message in result.output and result.output.strip()
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert _entries(cli_db, "list.exported") == []


def test_export_writes_the_list_and_a_full_one_needs_a_reason_that_is_audited(cli_db, tmp_path):
    masked = tmp_path / "staff.xlsx"
    result = run("export", "staff", "--out", str(masked))
    assert result.exit_code == 0, result.output
    assert load_workbook(masked).worksheets[0].max_row > 1
    full = tmp_path / "full.xlsx"
    assert run("export", "staff", "--out", str(full), "--reason", "年度核对").exit_code == 0
    assert _entries(cli_db, "pii.exported")[-1].detail.get("reason") == "年度核对"
    assert [e.target_id for e in _entries(cli_db, "list.exported")] == ["staff", "staff"]


def test_purge_dry_run_reports_and_is_audited(cli_db):
    result = run("purge", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "预演" in result.output
    assert _entries(cli_db, "retention.purged")[-1].detail["dry_run"] is True


def test_any_list_a_page_exports_is_exported_as_that_page_does(cli_db, monkeypatch, tmp_path):
    # The app inside the command reads this test's database too.
    from fanzha.web import deps

    monkeypatch.setattr(deps, "get_sessionmaker", db.get_sessionmaker)
    out = tmp_path / "board.xlsx"
    result = run(
        "export-page",
        "http://localhost:8000/warnings?grade=high",
        "--user",
        "duty",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet.cell(row=1, column=1).value == "预警编号"  # the board's own export
    grades = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert grades <= {"高危"}
    assert [e.detail["user"] for e in _entries(cli_db, "list.exported")] == ["duty"]
    assert _entries(cli_db, "list.page_exported")  # and the page's own entry, as duty
    with Session(cli_db) as session:  # the operator's one-request session is closed
        from fanzha.auth.models import UserSession

        assert session.scalar(select(UserSession).where(UserSession.ip == "127.0.0.1")) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("warnings", "--user", "duty"), "请给出本系统页面的地址"),
        (("/warnings", "--user", "nobody"), "没有这个账号，或账号已停用：nobody"),
        (("/admin/users", "--user", "duty"), "该页面不能导出（403）"),
        (("/cases/new", "--user", "duty"), "该页面没有“导出 Excel”"),
    ],
)
def test_a_page_that_cannot_be_exported_is_refused_in_chinese(cli_db, monkeypatch, args, message):
    from fanzha.web import deps

    monkeypatch.setattr(deps, "get_sessionmaker", db.get_sessionmaker)
    result = run("export-page", *args)
    assert result.exit_code == 1 and message in result.output
