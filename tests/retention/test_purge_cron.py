"""A purge time the job queue cannot read is refused when the worker starts, in Chinese: left
to procrastinate it stops the whole worker, every warning clock with it, at the first
deferral, with a traceback."""

from __future__ import annotations

import procrastinate
import pytest
from typer.testing import CliRunner

from fanzha import jobs
from fanzha.cli import app
from fanzha.config import get_settings
from fanzha.retention.errors import BadPurgeCron
from fanzha.retention.jobs import purge_cron


@pytest.mark.parametrize("cron", ["garbage", "30 19 * *", "61 19 * * *", "* * * * * * * *", ""])
def test_a_cron_line_procrastinate_cannot_read_is_refused(cron):
    with pytest.raises(BadPurgeCron) as refused:
        purge_cron(cron)
    assert "FANZHA_RETENTION_PURGE_CRON" in refused.value.message


@pytest.mark.parametrize("cron", ["30 19 * * *", " 0 3 * * 1-5 ", "*/15 * * * *"])
def test_a_good_cron_line_is_kept(cron):
    assert purge_cron(cron) == cron.strip()


def _never(*args, **kwargs):
    raise AssertionError("the worker started")


def test_the_worker_refuses_to_start_with_a_bad_purge_time(monkeypatch, database_url):
    monkeypatch.setattr(jobs, "resolve_database_url", lambda: database_url)
    monkeypatch.setattr(procrastinate.App, "run_worker", _never)
    monkeypatch.setenv("FANZHA_RETENTION_PURGE_CRON", "garbage")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["worker"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "应为 5 段 cron 表达式" in result.output
