"""`fanzha analytics load --results DIR`, added to the `analytics` command group."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fanzha.i18n import province as i18n


def load_command(
    results: Annotated[Path, typer.Option("--results", help=i18n.HELP["results"])],
) -> None:
    from fanzha.db import transaction
    from fanzha.errors import DomainError
    from fanzha.province import load

    try:
        with transaction() as session:
            counts = load.load(session, results)
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    for output, rows in counts.items():
        label = i18n.OUTPUT_LABELS.get(output, output)
        typer.echo(i18n.SAY["loaded"].format(output=label, rows=rows))


def register(group: typer.Typer) -> None:
    """Add `load` to the `analytics` group."""
    group.command("load", help=i18n.HELP["load"])(load_command)
