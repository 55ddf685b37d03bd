"""`fanzha archive export` and `fanzha analytics run`: the province archive and its Spark jobs
from the command line. pyspark is imported only when a job runs (it is the `spark` extra)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import analytics as i18n

archive_app = typer.Typer(help=i18n.HELP["archive"], no_args_is_help=True)
analytics_app = typer.Typer(help=i18n.HELP["analytics"], no_args_is_help=True)
JOB_NAMES = ("linking", "mules", "recurring", "kpis")


def _refuse(key: str, code: int = 1, **values: str) -> typer.Exit:
    """Say why in one line on stderr; the Exit to raise."""
    typer.echo(i18n.SAY[key].format(**values), err=True)
    return typer.Exit(code)


def _writable_dir(path: Path) -> bool:
    """The directory exists (made if need be) and this process may write in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:  # a file in the way, no permission, a read-only disk
        return False
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


@archive_app.command("export", help=i18n.HELP["export"])
def export_command(
    out: Annotated[Path, typer.Option("--out", help=i18n.HELP["out"])],
    city: Annotated[str, typer.Option("--city", help=i18n.HELP["city"])] = "",
) -> None:
    from fanzha.analytics import archive
    from fanzha.config import get_settings
    from fanzha.db import transaction

    if not _writable_dir(out):
        raise _refuse("archive_unwritable", path=str(out))
    try:
        with transaction() as session:
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            done = archive.export(session, out, city=city or get_settings().center_code)
    except OSError as exc:  # the disk filled or went read-only midway: a re-run resumes
        raise _refuse("archive_unwritable", path=str(out)) from exc
    for dataset, rows in done.rows.items():
        parts = len(done.partitions[dataset])
        typer.echo(i18n.SAY["exported"].format(dataset=dataset, rows=rows, parts=parts))


@analytics_app.command("run", help=i18n.HELP["run"])
def run_command(
    job: Annotated[str, typer.Argument(help=i18n.HELP["job"])],
    archive_dir: Annotated[str, typer.Option("--archive", help=i18n.HELP["archive_dir"])],
    out: Annotated[str, typer.Option("--out", help=i18n.HELP["results"])],
    master: Annotated[str, typer.Option("--master", help=i18n.HELP["master"])] = "local[*]",
    cap: Annotated[int, typer.Option("--cap", help=i18n.HELP["cap"])] = 0,
) -> None:
    from fanzha.analytics import submit
    from fanzha.analytics.archive import SCHEMAS
    from fanzha.config import get_settings

    if job not in JOB_NAMES:
        raise _refuse("unknown_job", 2, job=job, jobs="、".join(JOB_NAMES))
    if "://" not in archive_dir:  # a cluster's store (hdfs://, s3a://) is Spark's to check
        if not Path(archive_dir).is_dir():
            raise _refuse("no_archive", path=archive_dir)
        if not any((Path(archive_dir) / name).is_dir() for name in SCHEMAS):
            raise _refuse("empty_archive", path=archive_dir)
    if "://" not in out and not _writable_dir(Path(out)):
        raise _refuse("results_unwritable", path=out)
    args = [job, "--archive", archive_dir, "--out", out, "--master", master]
    args += ["--cap", str(cap or get_settings().linking_cap)]
    for line in submit.main(args):
        typer.echo(line)
