"""`fanzha backup`, `fanzha restore`, `fanzha check`: the operator's commands for keeping the
platform's data safe and knowing it works. Registered on the main command by `register`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import ops as i18n


def _database_url() -> str:
    from fanzha import db

    return db.resolve_database_url()


def _command_line():
    from fanzha.access import Principal
    from fanzha.i18n.auth import ACTORS

    return Principal.system(ACTORS["command_line"])


def backup_command(
    to: Annotated[Path | None, typer.Option("--to", help=i18n.HELP["backup_to"])] = None,
) -> None:
    """Back up the database and the files area into a new directory named by time."""
    from fanzha.config import get_settings
    from fanzha.errors import DomainError
    from fanzha.ops import backup
    from fanzha.ops.check import human_size

    settings = get_settings()
    try:
        done = backup.make_backup(
            _database_url(),
            settings.files_dir,
            to or settings.backup_dir,
            keep=settings.backup_keep,
            actor=_command_line(),
        )
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(i18n.SAY["backup_done"].format(path=done.path))
    summary = i18n.SAY["backup_summary"].format(
        tables=len(done.tables),
        rows=sum(done.tables.values()),
        files=done.files,
        size=human_size(done.size),
    )
    typer.echo(summary)
    if done.pruned:
        typer.echo(i18n.SAY["backup_pruned"].format(names=", ".join(done.pruned)))


def restore_command(
    path: Annotated[Path, typer.Argument(help=i18n.HELP["restore_path"])],
) -> None:
    """Verify a backup's checksums and restore it into an empty database and files area."""
    from fanzha.config import get_settings
    from fanzha.errors import DomainError
    from fanzha.ops import backup

    settings = get_settings()
    try:
        manifest = backup.verify(path)
        typer.echo(i18n.SAY["restore_verified"].format(count=len(manifest.files)))
        done = backup.restore(path, _database_url(), settings.files_dir, actor=_command_line())
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(i18n.SAY["restore_done"].format(path=done.path))
    for table, rows in done.tables.items():
        typer.echo(i18n.SAY["restore_table"].format(table=table, rows=rows))
    typer.echo(i18n.SAY["restore_files"].format(path=settings.files_dir, count=done.files))


def check_command() -> None:
    """Check the database, migrations, job queue, last backup, disk space and PDF fonts."""
    from fanzha.config import get_settings
    from fanzha.ops.check import run_checks

    lines = run_checks(_database_url(), get_settings())
    for line in lines:
        typer.echo(str(line))
    failed = [line for line in lines if not line.ok]
    if failed:
        typer.echo(i18n.SAY["check_failed"].format(count=len(failed)), err=True)
        raise typer.Exit(code=1)
    typer.echo(i18n.SAY["check_passed"])


def register(app: typer.Typer) -> None:
    """Add the three commands to the `fanzha` command line."""
    app.command("backup", help=i18n.HELP["backup"])(backup_command)
    app.command("restore", help=i18n.HELP["restore"])(restore_command)
    app.command("check", help=i18n.HELP["check"])(check_command)
