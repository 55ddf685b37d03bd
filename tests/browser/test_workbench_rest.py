"""In a real browser, at a desk (1366×900) and on a phone (390×844): 参加人员 picked from a
search on the event form, and the money board's accounts masked until 显示完整账号.
Screenshots go to $FANZHA_SHOTS (or the test's tmp dir)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from fanzha.outreach.people_models import OutreachEvent
from tests.browser.test_foundation import sign_in
from tests.browser.test_lists import PAGE_OVERFLOW, _shots_dir
from tests.helpers import unit_of
from tests.outreach.test_staff_picker import crowd

pytestmark = pytest.mark.browser
VIEWPORTS = [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})]


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS)
def test_helpers_are_picked_from_a_search(browser, live_server, engine, tmp_path, name, viewport):
    with Session(engine) as session:
        last = crowd(session, unit_of(session, "station_a").id)[-1]
        session.commit()
        last_id = last.id
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "station_a")
        page.goto(f"{live_server}/outreach/events/new")
        page.fill("#f-title", "人民公园反诈宣传")
        page.fill("#f-place", "人民公园")
        page.fill("#f-starts_at", "2026-11-14T09:00")
        page.fill("#f-ends_at", "2026-11-14T11:00")
        page.locator("#f-staff_q").fill("欧阳")
        pick = page.locator(f'[data-pick-staff="{last_id}"]')
        expect(pick).to_be_visible()
        pick.click()
        expect(pick).to_be_disabled()  # picked once
        chosen = page.locator("#chosen-staff li")
        expect(chosen).to_have_count(1)
        expect(chosen.first).to_contain_text("欧**遗")
        page.locator("#f-staff_q").fill("志愿者")
        page.locator("#f-staff_q").press("Enter")  # searches, does not send the form
        expect(page.locator("#staff-matches")).to_contain_text("共 319 人符合")
        page.locator("[data-pick-staff]").first.click()
        expect(chosen).to_have_count(2)
        chosen.nth(1).get_by_role("button", name="移除").click()
        expect(chosen).to_have_count(1)
        page.screenshot(path=str(_shots_dir(tmp_path) / f"{name}_event_staff_picker.png"))
        assert page.evaluate(PAGE_OVERFLOW) <= 0
        page.locator("form[action='/outreach/events/new'] button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text("人民公园反诈宣传")
    finally:
        context.close()
    with Session(engine) as session:
        event = session.query(OutreachEvent).filter_by(title="人民公园反诈宣传").one()
        assert [s.id for s in event.helpers] == [last_id]


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS)
def test_the_money_board_masks_accounts(browser, live_server, city, tmp_path, name, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "duty")
        page.goto(f"{live_server}/cases/deadlines")
        shots = _shots_dir(tmp_path)
        page.screenshot(path=str(shots / f"{name}_deadlines_masked.png"))
        assert page.evaluate(PAGE_OVERFLOW) <= 0
        page.locator("#show-accounts").click()
        expect(page.locator("#mask-accounts")).to_be_visible()
        page.screenshot(path=str(shots / f"{name}_deadlines_full.png"))
        assert page.evaluate(PAGE_OVERFLOW) <= 0
    finally:
        context.close()
