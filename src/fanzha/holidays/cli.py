"""`fanzha holidays ...`: the holiday schedule entered from a terminal (registered in
fanzha.cli). Each command runs in one transaction and is audited as the named operator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import holidays as i18n

app = typer.Typer(help=i18n.CLI["help"], no_args_is_help=True)
By = Annotated[str, typer.Option("--by", help=i18n.CLI["by"])]


def _actor(by: str):
    from fanzha.access import Principal

    return Principal.system(f"{i18n.CLI['actor']}·{by}" if by else i18n.CLI["actor"])


def _run(work) -> None:
    """Migrate, run `work(session)` in one transaction; a refusal prints its message, exit 1."""
    from fanzha import migrate
    from fanzha.db import resolve_database_url, transaction
    from fanzha.errors import DomainError

    migrate.upgrade(resolve_database_url())
    try:
        with transaction() as session:
            work(session)
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc


@app.command("add", help=i18n.CLI["add"])
def add(
    day: Annotated[str, typer.Argument(help="2027-02-06")],
    kind: Annotated[str, typer.Argument(help=i18n.CLI["kind_arg"])],
    reason: Annotated[str, typer.Option(help=i18n.CLI["reason"])] = "",
    by: By = "",
) -> None:
    from fanzha.holidays import service, sheet

    def work(session) -> None:
        parsed = sheet.parse_day(day)
        service.add_day(session, _actor(by), parsed.year, parsed, sheet.parse_kind(kind), reason)

    _run(work)
    typer.echo(i18n.CLI["done"])


@app.command("import", help=i18n.CLI["import"])
def import_file(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    year: Annotated[int, typer.Option(help=i18n.CLI["year"])],
    complete: Annotated[bool, typer.Option("--complete", help=i18n.CLI["mark_complete"])] = False,
    by: By = "",
) -> None:
    from fanzha.holidays import sheet

    result = []

    def work(session) -> None:
        content = path.read_bytes()
        result.append(
            sheet.import_schedule(session, _actor(by), content, year=year, complete=complete)
        )

    _run(work)
    report = result[0]
    typer.echo(report.message)
    for e in report.errors:
        typer.echo(i18n.CLI["row_error"].format(row=e.row, column=e.column, message=e.message))
    if report.errors:
        raise typer.Exit(code=1)


@app.command("complete", help=i18n.CLI["complete"])
def complete(year: int, by: By = "") -> None:
    from fanzha.holidays import service

    _run(lambda session: service.complete_year(session, _actor(by), year))
    typer.echo(i18n.CLI["done"])


@app.command("list", help=i18n.CLI["list"])
def list_years(year: Annotated[int | None, typer.Argument()] = None) -> None:
    from fanzha.holidays import service

    lines: list[str] = []

    def work(session) -> None:
        for y in service.years(session):
            if year is not None and y.year != year:
                continue
            state = (
                i18n.CLI["state_covered"]
                if y.covered
                else i18n.CLI["state_complete" if y.complete else "state_open"]
            )
            lines.append(i18n.CLI["year_line"].format(year=y.year, state=state, count=len(y.days)))
            lines.extend(
                i18n.CLI["line"].format(
                    day=d.day.isoformat(), kind=i18n.KINDS[d.kind], reason=d.reason
                )
                for d in y.days
            )

    _run(work)
    for line in lines:
        typer.echo(line)


__all__ = ["app"]
