"""A new user's big screen: an open urgent warning from yesterday says its date, and a
restart does not wait for the screens' never-ending streams."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

from fanzha import cli
from fanzha.stats.screen import received_label


def test_a_warning_from_another_day_shows_its_date():
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai
    assert received_label(datetime(2026, 12, 1, 4, 28, tzinfo=UTC), now) == "12:28"
    assert received_label(datetime(2026, 11, 30, 4, 28, tzinfo=UTC), now) == "昨12:28"
    assert received_label(datetime(2026, 11, 28, 4, 28, tzinfo=UTC), now) == "11-28"
    # 23:30 UTC is the next morning in Shanghai: today, though the UTC date differs
    assert received_label(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), now) == "07:30"


def test_serve_cuts_open_streams_on_a_restart():
    # The board's and the screen's streams last ten minutes; uvicorn waits for every open
    # connection unless told a limit, and a restart hung until then (seen by hand).
    assert 0 < cli.GRACEFUL_SHUTDOWN_SECONDS <= 10
    assert "timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS" in inspect.getsource(cli.serve)
