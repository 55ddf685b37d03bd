"""In a real browser at 1920×1080: the command big screen fills itself from a day of warnings,
does not scroll, shows a warning posted through the API within 2 s, and reconnects by itself
when the server ends its stream."""

from __future__ import annotations

import os
import time

import pytest
import requests
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha.demo import warnings as demo_warnings
from fanzha.stats import screen, screen_views
from fanzha.warnings import live
from tests.browser.test_foundation import sign_in
from tests.browser.test_warnings import _address_for
from tests.helpers import make_api_key
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.browser


@pytest.fixture
def api_key(engine, city) -> str:
    with Session(engine) as session:
        demo_warnings.build(session, seed=5, days=1, per_day=120)  # a day on the wall
        plain = make_api_key(session)
        session.commit()
    return plain


@pytest.fixture
def wall(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    yield page
    context.close()


def _post(live_server: str, api_key: str, engine, **fields) -> int:
    payload = warning_payload(address=_address_for(engine, "dissuader_a"), **fields)
    response = requests.post(
        f"{live_server}/api/v1/warnings", json=payload, timeout=10, headers={"X-API-Key": api_key}
    )
    assert response.status_code == 201
    return response.json()["id"]


def _open(wall: Page, live_server: str) -> None:
    sign_in(wall, live_server, "leader")
    wall.goto(f"{live_server}/screen")
    expect(wall.locator("#screen-live.on")).to_be_visible()
    expect(wall.locator("#screen")).not_to_have_attribute("data-refreshes", "0")


def test_a_posted_warning_reaches_the_wall_within_two_seconds_and_nothing_scrolls(
    wall: Page, live_server: str, engine, api_key: str, tmp_path
):
    _open(wall, live_server)
    expect(wall.locator("#received-total")).not_to_have_text("0")
    expect(wall.locator("#latest li[data-warning-id]")).to_have_count(screen.LATEST_SHOWN)
    expect(wall.locator("#screen-map")).to_have_attribute("data-ready", "1")
    expect(wall.locator("#types-chart canvas")).to_be_visible()
    fits = wall.evaluate(
        "[document.scrollingElement.scrollHeight, innerHeight,"
        " document.scrollingElement.scrollWidth, innerWidth]"
    )
    assert fits[0] <= fits[1] and fits[2] <= fits[3], fits
    # No panel cuts a row of its own off: every row ends inside its panel.
    clipped = wall.evaluate(
        "[...document.querySelectorAll('.panel')].flatMap((p) => {"
        " const bottom = p.getBoundingClientRect().bottom;"
        " return [...p.querySelectorAll('tr, li')]"
        ".filter((r) => r.getBoundingClientRect().bottom > bottom + 1)"
        ".map((r) => p.className);"
        "})"
    )
    assert clipped == []
    wall.screenshot(path=os.environ.get("SCREEN_SHOT") or str(tmp_path / "screen.png"))
    before = int(wall.locator("#grade-urgent").inner_text())

    started = time.monotonic()
    warning_id = _post(live_server, api_key, engine, money_moving=True, person_name="李桂兰")
    expect(wall.locator(f'#latest li[data-warning-id="{warning_id}"]')).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2
    expect(wall.locator(f'#urgent tr[data-warning-id="{warning_id}"]')).to_be_visible()
    expect(wall.locator("#grade-urgent")).to_have_text(str(before + 1))
    assert "李桂兰" not in wall.content()  # the wall shows numbers, not people


def test_the_wall_reconnects_by_itself_when_the_server_ends_the_stream(
    wall: Page, live_server: str, engine, api_key: str, monkeypatch
):
    monkeypatch.setattr(screen_views, "STREAM_SECONDS", 2)
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 1)  # the stream ends on a beat past 2 s
    _open(wall, live_server)
    frame = wall.locator("#screen")
    expect(frame).to_have_attribute("data-connects", "1")
    refreshes = int(frame.get_attribute("data-refreshes") or 0)
    # The server ends the stream after 2 s; the page opens a new one and re-reads its figures.
    expect(frame).to_have_attribute("data-connects", "2", timeout=8000)
    expect(frame).not_to_have_attribute("data-refreshes", str(refreshes))  # it only grows
    monkeypatch.setattr(screen_views, "STREAM_SECONDS", 600)  # the next stream stays
    expect(frame).to_have_attribute("data-connects", "3", timeout=8000)
    expect(wall.locator("#screen-live.on")).to_be_visible()
    warning_id = _post(live_server, api_key, engine)
    expect(wall.locator(f'#latest li[data-warning-id="{warning_id}"]')).to_be_visible(timeout=2000)
