"""`fanzha boundaries import FILE`: a city's grid boundaries (GeoJSON) from a terminal, checked
whole like the admin page's upload (registered in fanzha.cli). Runs as the command-line system
actor, audited; a refused file prints every problem and exits 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import outreach_map as i18n

app = typer.Typer(help=i18n.CLI["help"], no_args_is_help=True)


@app.command("import", help=i18n.CLI["import"])
def import_file(
    path: Annotated[Path, typer.Argument(help=i18n.CLI["file"])],
    code_key: Annotated[str, typer.Option(help=i18n.CLI["code_key"])] = "code",
) -> None:
    from fanzha import migrate
    from fanzha.access import Principal
    from fanzha.db import resolve_database_url, transaction
    from fanzha.errors import DomainError
    from fanzha.org import boundaries
    from fanzha.org.errors import BoundaryFileRefused

    if not path.is_file():
        typer.echo(i18n.CLI["file_missing"].format(path=path), err=True)
        raise typer.Exit(code=1)
    content = path.read_bytes()
    migrate.upgrade(resolve_database_url())
    try:
        with transaction() as session:
            count = boundaries.import_boundaries(
                session, Principal.system(i18n.CLI["actor"]), content, code_key=code_key
            )
    except BoundaryFileRefused as refused:
        typer.echo(refused.message, err=True)
        for problem in refused.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(code=1) from refused
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(i18n.IMPORT_DONE.format(count=count))
