"""Backups that restore: a populated database and its files area, backed up, destroyed and
restored, come back table for table, row for row, file for file; a damaged backup, a database
or files area that is not empty are refused, in Chinese, with a non-zero exit."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from fanzha import cli, db
from fanzha.access import Principal
from fanzha.config import get_settings
from fanzha.db import libpq_url
from fanzha.demo import city as demo_city
from fanzha.ops import backup, pgtools
from fanzha.ops.errors import BackupDamaged, DatabaseNotEmpty, FilesAreaNotEmpty

SYSTEM = Principal.system()
# Files as the platform keeps them: uploads and photos, binary, in nested folders.
FILES = {
    "statements/2026/11/流水-张三.xlsx": b"PK\x03\x04" + bytes(range(256)) * 40,
    "photos/warning-17/door.jpg": b"\xff\xd8\xff\xe0" + os.urandom(5000),
    "photos/warning-17/notice.png": b"\x89PNG\r\n\x1a\n" + os.urandom(300),
}


def _snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and an md5 of its rows (sorted), the restore's entry left out of
    the audit log (it is written after the restore, into the restored database)."""
    found = {}
    with psycopg.connect(libpq_url(url)) as conn:
        tables = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        for schema, table in tables:
            where = sql.SQL("WHERE t.action <> 'ops.restore'" if table == "audit_entries" else "")
            row = conn.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    " FROM {}.{} t {}"
                ).format(sql.Identifier(schema), sql.Identifier(table), where)
            ).fetchone()
            assert row is not None
            found[table] = (row[0], row[1])
    return found


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _recreate_empty(admin_url: str, url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def busy_database_url(blank_engine: Engine) -> str:
    """A database of this test's own holding the small city with a day of warnings and what
    follows from them (cases, money, statements with their files, analysis)."""
    with Session(blank_engine) as session:
        demo_city.build(session, seed=5, scale="small", warning_days=1)
        session.commit()
    return blank_engine.url.render_as_string(hide_password=False)


def test_a_backup_restores_every_table_row_and_file_after_the_database_is_destroyed(
    admin_url, busy_database_url, files_dir, tmp_path
):
    own_database_url = busy_database_url
    before = _snapshot(own_database_url)
    filled = {table for table, (count, _) in before.items() if count}
    assert {"warnings", "contact_attempts", "cases", "users", "audit_entries"} <= filled
    made = backup.make_backup(
        own_database_url, files_dir, tmp_path / "backups", keep=3, actor=SYSTEM
    )
    assert made.path.name.startswith("fanzha-") and (made.path / "manifest.json").is_file()
    assert made.files == len(FILES)
    assert made.tables == {table: count for table, (count, _) in before.items()}

    _recreate_empty(admin_url, own_database_url)
    for path in sorted(files_dir.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    restored = backup.restore(made.path, own_database_url, files_dir, actor=SYSTEM)
    after = _snapshot(own_database_url)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert _files(files_dir) == FILES
    assert restored.files == len(FILES)
    # The restored database says when it was restored from what, and when it was last backed
    # up is not carried over (that entry was written after the dump).
    with psycopg.connect(libpq_url(own_database_url)) as conn:
        summaries = conn.execute(
            "SELECT summary FROM audit_entries WHERE action = 'ops.restore'"
        ).fetchall()
    assert summaries == [(f"从备份 {made.path.name} 恢复（{len(before)} 个表，3 个文件）",)]


def test_restore_refuses_a_database_or_files_area_that_is_not_empty(
    admin_url, own_database_url, files_dir, tmp_path
):
    made = backup.make_backup(own_database_url, files_dir, tmp_path / "b", keep=3, actor=SYSTEM)
    with pytest.raises(DatabaseNotEmpty) as refused:
        backup.restore(made.path, own_database_url, tmp_path / "fresh", actor=SYSTEM)
    assert "目标数据库不是空库" in refused.value.message
    _recreate_empty(admin_url, own_database_url)
    with pytest.raises(FilesAreaNotEmpty) as refused_files:
        backup.restore(made.path, own_database_url, files_dir, actor=SYSTEM)
    assert "不是空目录（已有 3 个文件）" in refused_files.value.message
    with psycopg.connect(libpq_url(own_database_url)) as conn:
        assert backup.database_objects(conn) == []  # nothing was loaded


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda p: _flip_a_byte(p / "database.dump"), "database.dump 的校验值与清单不符"),
        (lambda p: (p / "files/photos/warning-17/door.jpg").unlink(), "缺少文件"),
        (lambda p: (p / "files/extra.txt").write_text("x"), "清单外多出文件 files/extra.txt"),
    ],
    ids=["flipped-byte", "missing-file", "added-file"],
)
def test_a_damaged_backup_is_refused_before_anything_is_restored(
    admin_url, own_database_url, files_dir, tmp_path, damage, said
):
    made = backup.make_backup(own_database_url, files_dir, tmp_path / "b", keep=3, actor=SYSTEM)
    damage(made.path)
    _recreate_empty(admin_url, own_database_url)
    with pytest.raises(BackupDamaged) as refused:
        backup.restore(made.path, own_database_url, tmp_path / "empty", actor=SYSTEM)
    assert (
        refused.value.message.startswith("备份已损坏，拒绝恢复") and said in refused.value.message
    )
    with psycopg.connect(libpq_url(own_database_url)) as conn:
        assert backup.database_objects(conn) == []


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_only_the_newest_backups_are_kept(own_database_url, files_dir, tmp_path):
    backups = tmp_path / "b"
    (backups / "notes").mkdir(parents=True)  # not a backup: never touched
    made = [
        backup.make_backup(own_database_url, files_dir, backups, keep=2, actor=SYSTEM)
        for _ in range(3)
    ]
    assert made[2].pruned == [made[0].path.name]
    assert backup.complete_backups(backups) == [made[1].path, made[2].path]
    assert (backups / "notes").is_dir()


# --- the commands -------------------------------------------------------------------------


@pytest.fixture
def commands_on(own_database_url, files_dir, tmp_path, monkeypatch):
    """The commands work on this test's own database and directories."""
    monkeypatch.setattr(db, "resolve_database_url", lambda: own_database_url)
    monkeypatch.setenv("FANZHA_FILES_DIR", str(files_dir))
    monkeypatch.setenv("FANZHA_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    yield own_database_url
    get_settings.cache_clear()


def test_backup_and_restore_commands(commands_on, admin_url, files_dir, tmp_path):
    runner = CliRunner()
    made = runner.invoke(cli.app, ["backup"])
    assert made.exit_code == 0, made.output
    assert "备份完成" in made.output and "文件 3 个" in made.output
    [path] = backup.complete_backups(tmp_path / "backups")

    refused = runner.invoke(cli.app, ["restore", str(path)])
    assert refused.exit_code == 1 and "目标数据库不是空库" in refused.output

    _recreate_empty(admin_url, commands_on)
    for f in sorted(files_dir.rglob("*"), reverse=True):
        f.unlink() if f.is_file() else f.rmdir()
    restored = runner.invoke(cli.app, ["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    assert "校验通过：4 个文件" in restored.output and "恢复完成" in restored.output
    assert "  cases: " in restored.output and "3 个文件" in restored.output


def test_restore_command_with_bad_input_says_why_in_chinese(commands_on, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli.app, ["restore", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "备份目录不存在或不是目录" in missing.output
    (tmp_path / "half").mkdir()
    half = runner.invoke(cli.app, ["restore", str(tmp_path / "half")])
    assert half.exit_code == 1 and "清单文件 manifest.json 缺失或无法读取" in half.output
    (tmp_path / "half" / "manifest.json").write_text('{"format": 1, "files": "all"}')
    garbled = runner.invoke(cli.app, ["restore", str(tmp_path / "half")])
    assert garbled.exit_code == 1 and "manifest.json 缺失或无法读取" in garbled.output


def test_backup_command_with_an_unusable_directory_or_no_pg_dump_says_why(
    commands_on, tmp_path, monkeypatch
):
    runner = CliRunner()
    (tmp_path / "a-file").write_text("x")
    blocked = runner.invoke(cli.app, ["backup", "--to", str(tmp_path / "a-file")])
    assert blocked.exit_code == 1 and "无法在" in blocked.output
    assert "写入备份" in blocked.output and "请换一个可写的目录" in blocked.output

    monkeypatch.setattr(pgtools, "_candidates", lambda name: [])
    no_tool = runner.invoke(cli.app, ["backup"])
    assert no_tool.exit_code == 1 and "找不到可用的 pg_dump（需要 PostgreSQL " in no_tool.output
    assert backup.complete_backups(tmp_path / "backups") == []
    assert list((tmp_path / "backups").iterdir()) == []  # the half-made directory is gone
