"""fanzha export-page: a malformed address or a control character in the address or the user
name is refused in Chinese (it was a ValueError / psycopg DataError traceback)."""

from __future__ import annotations

import pytest

from fanzha import db
from tests.retention.test_cli_admin import cli_db, run  # noqa: F401


@pytest.mark.parametrize(
    ("url", "user", "message"),
    [
        ("http://[::1/warnings", "duty", "请给出本系统页面的地址"),
        ("/cases/\x00", "duty", "请给出本系统页面的地址"),
        ("/warnings", "du\x00ty", "没有这个账号，或账号已停用"),
    ],
)
def test_odd_input_is_refused_without_a_traceback(cli_db, monkeypatch, url, user, message):  # noqa: F811
    from fanzha.web import deps

    monkeypatch.setattr(deps, "get_sessionmaker", db.get_sessionmaker)
    result = run("export-page", url, "--user", user)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1 and message in result.output
