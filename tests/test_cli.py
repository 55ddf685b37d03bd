"""The two set-up commands' promises: the embedded server keeps its data across restarts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from fanzha import cli, db
from fanzha.auth.models import Role, User
from fanzha.auth.service import login
from fanzha.config import get_settings
from fanzha.db import libpq_url, sqlalchemy_url, with_database
from fanzha.demo import city as demo_city
from fanzha.org.models import Unit
from tests.conftest import TEMPLATE_DB


def _fanzha(*args: str, pgdata: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "FANZHA_DATABASE_URL"}
    env["FANZHA_PGDATA_DIR"] = str(pgdata)
    return subprocess.run(
        [sys.executable, "-m", "fanzha.cli", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=300,
    )


def test_data_survive_a_restart_of_the_embedded_server():
    pgdata = Path(tempfile.mkdtemp(prefix="fanzha-cli-")) / "pgdata"
    first = _fanzha("demo", "--scale", "small", "--seed", "3", pgdata=pgdata)
    assert first.returncode == 0, first.stderr
    assert "示例市已生成" in first.stdout and "station_a" in first.stdout
    # The first process stopped its server on exit; the second starts it again on the same
    # data directory and finds the city there.
    second = _fanzha("demo", "--scale", "small", pgdata=pgdata)
    assert second.returncode == 1
    assert "数据库中已有数据" in second.stdout
    assert (pgdata / "PG_VERSION").exists()
    shutil.rmtree(pgdata.parent, ignore_errors=True)


# --- the first administrator and what `serve` does with an empty database ---------------------


@pytest.fixture
def empty_db(admin_url, template_url, monkeypatch) -> Iterator[Engine]:
    """A migrated database of this test's own (the commands commit), used by the commands as
    if FANZHA_DATABASE_URL named it."""
    name = f"t_cli_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DB}"')
    url = sqlalchemy_url(with_database(admin_url, name))
    engine = create_engine(url)
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    factory = sessionmaker(bind=engine)
    # Every way the commands open a session (the bulk one is cached per process otherwise,
    # and would reach the database of the test that ran first).
    monkeypatch.setattr(db, "get_sessionmaker", lambda: factory)
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: factory)
    monkeypatch.delenv(cli.ADMIN_PASSWORD_ENV, raising=False)
    yield engine
    engine.dispose()
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _create_admin(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    return CliRunner().invoke(cli.app, ["users", "create-admin", *args], input=input, env=env or {})


def _users(engine: Engine) -> list[tuple[str, str, str, str]]:
    with Session(engine) as s:
        rows = s.execute(
            select(User.username, User.role, Unit.name, Unit.code).join(Unit).order_by(User.id)
        )
        return [tuple(r) for r in rows]


def test_create_admin_on_an_empty_database_makes_the_city_bureau_and_can_sign_in(empty_db, session):
    result = _create_admin("--username", "chief", input="Harbour-lights-42\n" * 2)
    assert result.exit_code == 0, result.output
    assert "已创建系统管理员 chief（示例市公安局）" in result.output
    assert "Harbour-lights-42" not in result.output  # the prompt hides what is typed
    assert _users(empty_db) == [("chief", Role.admin, "示例市公安局", "SJ")]
    with Session(empty_db) as s:
        assert login(
            s, username="chief", password="Harbour-lights-42", ip=None, user_agent=None
        ).session_token


def test_create_admin_for_scripts_reads_stdin_or_the_environment(empty_db, monkeypatch):
    monkeypatch.setenv("FANZHA_CITY_NAME", "江城市")
    get_settings.cache_clear()
    try:
        piped = _create_admin(
            "--username", "ops", "--unit", "320100", "--password-stdin", input="Harbour-lights-42\n"
        )
        assert piped.exit_code == 0, piped.output
        from_env = _create_admin(
            "--username",
            "ops2",
            "--unit",
            "320100",
            env={cli.ADMIN_PASSWORD_ENV: "Quiet-river-stone-7"},
        )
        assert from_env.exit_code == 0, from_env.output
    finally:
        get_settings.cache_clear()
    assert _users(empty_db) == [
        ("ops", Role.admin, "江城市公安局", "320100"),
        ("ops2", Role.admin, "江城市公安局", "320100"),
    ]


def test_create_admin_refuses_a_weak_password_a_mismatch_and_a_taken_username(empty_db):
    weak = _create_admin("--username", "chief", "--password-stdin", input="password12\n")
    assert weak.exit_code == 1 and "密码太容易被猜到：这是常见密码" in weak.output
    mismatch = _create_admin(
        "--username", "chief", input="Harbour-lights-42\nHarbour-lights-43\n" * 3
    )
    assert mismatch.exit_code == 1 and "两次输入的密码不一致" in mismatch.output
    assert _users(empty_db) == []
    assert _create_admin("--username", "chief", input="Harbour-lights-42\n" * 2).exit_code == 0
    again = _create_admin("--username", "chief", input="Other-lights-99\n" * 2)
    assert again.exit_code == 1 and "用户名 chief 已存在，未做任何修改" in again.output
    unknown = _create_admin("--username", "second", "--unit", "NOPE", input="Other-lights-99\n" * 2)
    assert unknown.exit_code == 1 and "单位不存在：NOPE" in unknown.output
    assert [u[0] for u in _users(empty_db)] == ["chief"]


def test_serve_never_builds_the_demo_into_a_configured_database(empty_db, capsys):
    cli.first_run(embedded=False, demo_if_empty=True)
    assert "fanzha users create-admin" in capsys.readouterr().out
    with Session(empty_db) as s:
        assert demo_city.is_empty(s) and s.scalar(select(func.count()).select_from(User)) == 0


def test_serve_builds_the_demo_into_an_empty_embedded_database(empty_db, monkeypatch, capsys):
    built, told = [], []

    def build(session, *, progress, **kw):
        built.append(kw)

        def tell(step: str, done: int, total: int) -> None:
            told.append((step, done, total))
            progress(step, done, total)

        return _small(session, tell)

    monkeypatch.setattr(demo_city, "build", build)
    cli.first_run(embedded=True, demo_if_empty=True)
    assert built == [{"seed": 1, "scale": "city", "recent_days": 14}]
    assert "示例账号" in capsys.readouterr().out
    with Session(empty_db) as s:
        assert not demo_city.is_empty(s)
    # The console's progress bar was told every step, in order, each to its end.
    steps = list(dict.fromkeys(step for step, _, _ in told))
    assert steps == [s for s in demo_city.DEMO_STEPS if s != "warnings"]  # small: none
    last = {step: (done, total) for step, done, total in told}
    assert all(done == total for done, total in last.values())


def _small(session, progress=demo_city._quiet):
    # The full city takes minutes; the small one proves the same path.
    return _real_build(session, seed=1, scale="small", progress=progress)


_real_build = demo_city.build


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["nosuch"], "没有这个命令：nosuch"),
        (["--bogus"], "没有这个选项：--bogus"),
        (["users", "create", "--username", "x"], "缺少参数：--role"),
        (["keys", "revoke", "abc"], "参数 key_id 的取值无效"),
    ],
)
def test_a_mistyped_command_is_refused_in_chinese_with_a_pointer_to_help(args, said, capsys):
    # click's own refusals, before any command runs: no database is touched.
    code = cli.main(args)
    err = capsys.readouterr().err
    assert code == 2 and said in err and "--help" in err
    assert not any(word in err for word in ("Error", "Usage", "Missing", "No such"))
