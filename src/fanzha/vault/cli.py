"""`fanzha vault ...`: the vault's keys from a terminal (registered in fanzha.cli)."""

from __future__ import annotations

import typer

from fanzha.i18n import vault as i18n

app = typer.Typer(help=i18n.CLI["help"], no_args_is_help=True)


@app.command("new-key", help=i18n.CLI["new_key_help"])
def new_key() -> None:
    from fanzha.vault import keys

    typer.echo(keys.new_key())


@app.command("rotate", help=i18n.CLI["rotate_help"])
def rotate() -> None:
    """Re-encrypt every identity under the first key of FANZHA_VAULT_KEYS, in one
    transaction: a key missing for one record leaves every record as it was."""
    from fanzha import migrate
    from fanzha.access import Principal
    from fanzha.db import resolve_database_url, transaction
    from fanzha.errors import DomainError
    from fanzha.vault import service

    migrate.upgrade(resolve_database_url())
    try:
        with transaction() as session:
            count = service.rotate_all(session, Principal.system())
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(i18n.CLI["rotated"].format(count=count))
