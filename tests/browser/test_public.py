"""The citizens' site on a 390×844 phone: a quiz opened from a campaign's QR link, handed in,
and counted on the staff page; a blocked number checked (yes) and an unknown one (no). No
sideways scroll; screenshots at 390×844 and 1366×900 (kept in FANZHA_SHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha.linking import blocking
from fanzha.linking.models import BlockStatus, BlockTarget
from tests.browser.test_foundation import sign_in
from tests.linking.test_linking import SYSTEM, account, indicator, new_case

pytestmark = pytest.mark.browser

BLOCKED = "13800138111"


def _shot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("FANZHA_SHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"public-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, name


def _wide(browser):
    return browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()


def test_a_quiz_from_a_campaign_qr_is_counted_on_the_staff_page(
    phone: Page, browser, live_server: str, tmp_path: Path
):
    phone.goto(f"{live_server}/public/quiz?source=campaign-88")
    expect(phone.locator(".p-hotline")).to_contain_text("96110")
    _shot(phone, tmp_path, "quiz-start-phone")
    phone.get_by_role("button", name="开始答题").click()
    questions = phone.locator("fieldset.p-question")
    expect(questions).to_have_count(10)
    for n in range(10):
        question = questions.nth(n)
        question.locator("input").nth(0).check()
        if question.locator("input[type=checkbox]").count():
            question.locator("input").nth(1).check()
    _shot(phone, tmp_path, "quiz-round-phone")
    phone.get_by_role("button", name="交卷").click()
    expect(phone.locator(".p-score")).to_contain_text("分")
    expect(phone.get_by_text("解析：").first).to_be_visible()
    _shot(phone, tmp_path, "quiz-result-phone")
    card = phone.request.get(phone.url.replace("/result", "/card.png"))
    assert card.ok and card.headers["content-type"] == "image/png"

    staff = _wide(browser)
    sign_in(staff, live_server, "analyst")
    staff.goto(f"{live_server}/citizens/quiz/sources")
    row = staff.locator('tr[data-source="campaign-88"]')
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_have_text("1")
    _shot(staff, tmp_path, "staff-sources-wide")
    staff.goto(f"{live_server}/citizens/quiz")
    expect(staff.locator("#question-rates tbody tr").first).to_be_visible()
    _shot(staff, tmp_path, "staff-bank-wide")
    staff.context.close()


def test_a_blocked_number_is_yes_and_an_unknown_one_is_no(
    phone: Page, browser, live_server: str, engine, tmp_path: Path
):
    with Session(engine) as session:
        case = new_case(session, account(880_001), phones=("+86" + BLOCKED,))
        blocked = indicator(session, "phone", "+86" + BLOCKED)
        blocking.request_block(session, SYSTEM, blocked, reason="诈骗电话", unit_id=case.unit_id)
        blocking.submit_batch(session, SYSTEM, BlockTarget.china_mobile)
        request = blocking.list_requests(session, indicator_id=blocked.id, limit=1)[0][0]
        blocking.transition(session, SYSTEM, request, BlockStatus.accepted)
        blocking.transition(session, SYSTEM, request, BlockStatus.done)
        session.commit()
    phone.goto(f"{live_server}/public/risk")
    phone.select_option("#kind", "phone")
    phone.fill("#value", "138-0013-8111")
    phone.get_by_role("button", name="查询").click()
    verdict = phone.locator("[data-verdict]")
    expect(verdict).to_have_attribute("data-verdict", "yes")
    expect(verdict).to_contain_text("96110")
    _shot(phone, tmp_path, "risk-yes-phone")
    phone.fill("#value", "13912345678")
    phone.get_by_role("button", name="查询").click()
    expect(verdict).to_have_attribute("data-verdict", "no")
    _shot(phone, tmp_path, "risk-no-phone")

    wide = _wide(browser)
    wide.goto(f"{live_server}/public/")
    expect(wide.locator(".p-brand")).to_contain_text("反电信网络诈骗中心")
    _shot(wide, tmp_path, "home-wide")
    sign_in(wide, live_server, "analyst")
    wide.goto(f"{live_server}/citizens/risk")
    expect(wide.locator("#risk-week")).to_contain_text("+86" + BLOCKED)
    _shot(wide, tmp_path, "staff-risk-wide")
    wide.context.close()
