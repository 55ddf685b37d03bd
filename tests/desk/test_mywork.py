"""我的待办 on the landing page: what waits for me, each with its clock, the overdue first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fanzha import clock
from fanzha.clocks import clock_of, elapsed
from tests.desk.records import receive
from tests.helpers import login

pytestmark = pytest.mark.usefixtures("city")


def test_the_landing_page_lists_open_warnings_with_their_clock(client, session):
    warning = receive(session, "station_a")
    login(client, "station_a")
    page = client.get("/").text
    work = page[page.index('id="mywork"') :]
    assert f'href="/warnings/{warning.id}"' in work
    assert "签收至" in work


def test_clocks_speak_in_days_hours_and_minutes():
    now = clock.now()
    assert elapsed(now - timedelta(minutes=47_743), now) == "已过 33天3小时"
    late = clock_of(now - timedelta(minutes=5), now)
    assert late.overdue and late.left_text == "已超时 5分钟"
    assert clock_of(now + timedelta(hours=2, minutes=7), now).left_text == "剩余 2小时07分"
