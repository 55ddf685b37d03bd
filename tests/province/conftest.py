"""Fixtures of the province tests."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from fanzha import cli, db


@pytest.fixture
def fanzha(own_engine, monkeypatch, capsys):
    """`fanzha …` as the installed script runs it (fanzha.cli.main: click's refusals said in
    Chinese; any other exception would escape as a traceback and fail the test), against a
    database of its own; (exit code, stdout + stderr)."""
    url = own_engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(db, "resolve_database_url", lambda: url)
    monkeypatch.setattr(db, "get_sessionmaker", lambda: sessionmaker(bind=own_engine))
    monkeypatch.setattr(db, "get_bulk_sessionmaker", lambda: sessionmaker(bind=own_engine))

    def invoke(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(list(args))
        said = capsys.readouterr()
        return code, said.out + said.err

    return invoke
