"""In a real browser: an officer puts a case under legal hold (保全) with a reason from the case
page, sees it there, and releases it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.browser.test_foundation import sign_in
from tests.retention import records

pytestmark = pytest.mark.browser


def test_an_officer_holds_a_case_and_releases_it(page: Page, live_server: str, engine: Engine):
    with Session(engine) as session:
        case_id = records.case(session, datetime(2020, 5, 1, tzinfo=UTC)).id
        session.commit()
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/cases/{case_id}")
    box = page.locator("#legal-hold")
    expect(box).to_contain_text("保全期间")
    box.locator("#hold_reason").fill("检察院调卷审查")
    box.locator("button[type=submit]").click()
    held = page.locator("#legal-hold [data-hold=live]")
    expect(held).to_contain_text("检察院调卷审查")
    page.locator("#release_reason").fill("审查结束")
    page.locator("#legal-hold button[type=submit]").click()
    expect(page.locator("#legal-hold")).to_contain_text("保全期间")
    expect(page.locator("#legal-hold [data-hold=live]")).to_have_count(0)
