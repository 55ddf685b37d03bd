"""`fanzha archive export` and `fanzha analytics run`: the province archive and its Spark jobs
from the command line. pyspark is imported only when a job runs (it is the `spark` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import analytics as i18n

archive_app = typer.Typer(help=i18n.HELP["archive"], no_args_is_help=True)
analytics_app = typer.Typer(help=i18n.HELP["analytics"], no_args_is_help=True)
JOB_NAMES = ("linking", "mules", "recurring", "kpis")


@archive_app.command("export", help=i18n.HELP["export"])
def export_command(
    out: Annotated[Path, typer.Option("--out", help=i18n.HELP["out"])],
    city: Annotated[str, typer.Option("--city", help=i18n.HELP["city"])] = "",
) -> None:
    from fanzha.analytics import archive
    from fanzha.config import get_settings
    from fanzha.db import transaction

    with transaction() as session:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        done = archive.export(session, out, city=city or get_settings().center_code)
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
    from fanzha.config import get_settings

    if job not in JOB_NAMES:
        raise typer.BadParameter(i18n.HELP["job"], param_hint="JOB")
    if "://" not in archive_dir and not Path(archive_dir).is_dir():
        typer.echo(i18n.SAY["no_archive"].format(path=archive_dir), err=True)
        raise typer.Exit(1)
    args = [job, "--archive", archive_dir, "--out", out, "--master", master]
    args += ["--cap", str(cap or get_settings().linking_cap)]
    for line in submit.main(args):
        typer.echo(line)
