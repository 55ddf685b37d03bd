"""`fanzha check` says, in Chinese, what is wrong and exits non-zero; the nightly backup runs on
the job queue at the configured Beijing time; the admin page alarms when the last good backup
is older than a day."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from fanzha import cli, clock, db
from fanzha.audit.models import AuditEntry
from fanzha.config import get_settings
from fanzha.db import libpq_url
from fanzha.ops import backup, check
from fanzha.ops.errors import BadBackupTime
from fanzha.ops.jobs import nightly_cron
from tests.helpers import login, run_queue


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch):
    """The backups and files of this test's own."""
    monkeypatch.setenv("FANZHA_FILES_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("FANZHA_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _check(url: str, monkeypatch) -> tuple[int, dict[str, str]]:
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    result = CliRunner().invoke(cli.app, ["check"])
    lines = {}
    for line in result.output.splitlines():
        if line.startswith("["):
            state, rest = line[1:].split("] ", 1)
            name, detail = rest.split("：", 1)
            lines.setdefault(name, f"{state} {detail}")
    return result.exit_code, lines


def test_check_finds_no_worker_and_no_backup_then_the_nightly_job_fixes_both(
    own_database_url, settings_env, monkeypatch
):
    code, lines = _check(own_database_url, monkeypatch)
    assert code == 1
    assert lines["数据库"].startswith("正常 可连接（PostgreSQL ")
    assert lines["数据库迁移"].startswith("正常 已是最新版本")
    assert lines["任务队列"].startswith("异常 没有在运行的任务进程")
    assert lines["最近备份"] == "异常 从未成功备份"

    # The worker runs the periodic task as it would at night.
    run_queue(own_database_url, "ops", defer="ops:nightly_backup")
    [made] = backup.complete_backups(settings_env / "backups")
    assert (made / "database.dump").stat().st_size > 0

    code, lines = _check(own_database_url, monkeypatch)
    assert lines["任务队列"].startswith("正常 0 分钟前有任务完成")
    assert lines["最近备份"].startswith("正常 ") and "（0 分钟前）" in lines["最近备份"]


def test_check_says_the_migrations_are_behind_and_the_database_unreachable(
    own_database_url, settings_env, monkeypatch
):
    with psycopg.connect(libpq_url(own_database_url), autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    code, lines = _check(own_database_url, monkeypatch)
    assert code == 1
    assert lines["数据库迁移"].startswith("异常 数据库版本 0001，代码要求 ")
    assert "请运行 fanzha db upgrade" in lines["数据库迁移"]

    nowhere = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    code, lines = _check(nowhere, monkeypatch)
    assert code == 1
    assert lines["数据库"].startswith("异常 无法连接：")
    assert lines["数据库迁移"] == lines["最近备份"] == "异常 未检查（数据库不可用）"


def test_disk_space_below_the_minimum_fails(tmp_path):
    [fine] = check.check_disks([tmp_path / "not-made-yet"], 0)
    assert fine.ok and str(fine).startswith("[正常] 磁盘空间：")
    [short] = check.check_disks([tmp_path], 100.1)
    assert not short.ok and "低于 100.1%" in str(short)


def test_a_durations_reads_as_officers_say_it():
    assert check.ago(timedelta(minutes=5)) == "5 分钟"
    assert check.ago(timedelta(hours=30)) == "30 小时"
    assert check.ago(timedelta(days=3)) == "3 天"


def test_the_nightly_time_is_beijing_time():
    assert nightly_cron("02:30") == "30 18 * * *"
    assert nightly_cron("9:05") == "5 1 * * *"
    for bad in ("25:00", "0230", "late"):
        with pytest.raises(BadBackupTime) as refused:
            nightly_cron(bad)
        assert refused.value.message == "备份时间应为 HH:MM（北京时间），例如 02:30"


# --- the admin page's alarm -----------------------------------------------------------------


def _backed_up(session, hours_ago: float) -> None:
    session.execute(
        insert(AuditEntry).values(
            actor_kind="system",
            actor_name="系统",
            action="ops.backup",
            summary="备份",
            detail={},
            at=clock.now() - timedelta(hours=hours_ago),
        )
    )
    session.flush()


def _alarm(client) -> str | None:
    page = client.get("/admin/users")
    assert page.status_code == 200
    text = page.text
    if 'id="backup-alarm"' not in text:
        return None
    return text.split('id="backup-alarm">', 1)[1].split("<", 1)[0]


@pytest.mark.usefixtures("city")
def test_the_admin_page_alarms_until_a_backup_is_younger_than_a_day(client, session):
    login(client, "admin")
    assert _alarm(client) == "备份告警：系统从未成功备份，请检查任务队列（fanzha worker）与备份目录"
    _backed_up(session, hours_ago=25)
    assert (alarm := _alarm(client)) and alarm.startswith("备份告警：最近一次成功备份在 ")
    assert alarm.endswith("已超过 24 小时")
    _backed_up(session, hours_ago=1)
    assert _alarm(client) is None
