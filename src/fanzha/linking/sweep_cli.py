"""`fanzha counterparties sweep`: run the counterparty gate over what an existing database
stored before it (fanzha.linking.sweep), once after upgrading; safe to run again."""

from __future__ import annotations

import typer

from fanzha.i18n import cli as i18n

app = typer.Typer(help=i18n.HELP["counterparties"], no_args_is_help=True)


@app.command("sweep")
def sweep_command() -> None:
    """Remove placeholder and masked values stored as accounts, indicators and case links."""
    from fanzha.access import Principal
    from fanzha.db import transaction
    from fanzha.linking import sweep

    with transaction() as session:
        swept = sweep.sweep(session, Principal.system())
    typer.echo(
        i18n.SAY["counterparties_swept"].format(
            indicators=len(swept.indicators),
            links=swept.links,
            rows=swept.statement_rows,
            transfers=swept.transfers,
        )
    )
