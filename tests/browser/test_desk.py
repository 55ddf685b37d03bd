"""In a real browser: the header search finds a case by its number and by the victim's name
initials; 结案 asks first, naming the stop-payments still awaiting the bank, and needs a
reason; the case's history shows each step. Screenshots at desk and phone size go to
$FANZHA_SHOTS (when set) for review."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import sign_in

pytestmark = pytest.mark.browser

PAYER = "6222020200112233445"
PASTED = "\n".join(
    [
        "时间\t金额（元）\t付款账户\t收款账户\t收款户名\t收款银行\t渠道",
        f"2026-11-23 09:12\t50,000\t{PAYER}\t6217001234567890123\t李伟\t建设银行示例市分行\t网银",
        f"2026-11-23 09:40\t3.5万\t{PAYER}\t6230520012345678999\t赵强\t农业银行示例市分行\t",
    ]
)


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("FANZHA_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _report(page: Page, base: str) -> str:
    page.goto(f"{base}/cases/new")
    page.fill("#f-victim_name", "欧阳秋菊")
    page.fill("#f-victim_phone", "13912345678")
    page.fill("#f-story", "对方自称客服，说要注销校园贷，要求转账")
    page.select_option("#f-fraud_type", "authority")
    page.fill("#f-transfers", PASTED)
    page.click("form[action='/cases/new'] button[type=submit]")
    expect(page.locator("#transfers tbody tr")).to_have_count(2)
    return page.locator("h1").first.inner_text().split()[0]


def test_search_confirm_close_and_history(browser, live_server: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # 一键止付 asks before it fires
    sign_in(page, live_server, "duty")
    case_no = _report(page, live_server)
    page.get_by_role("button", name="一键止付").click()
    expect(page.locator("#stop-payments tbody tr")).to_have_count(2)

    # The header search: by number, then by the victim's pinyin initials.
    for query in (case_no, "oyqj"):
        page.fill("#global-q", query)
        page.press("#global-q", "Enter")
        expect(page.locator(".search-group a", has_text=case_no)).to_be_visible()
    _shot(page, "search-1366")

    page.locator(".search-group a", has_text=case_no).first.click()
    page.get_by_role("button", name="结案").click()
    expect(page.locator("#confirm h1")).to_contain_text(f"确认结案：{case_no}")
    expect(page.locator("#confirm-consequences")).to_contain_text("仍有 2 个止付待银行反馈")
    _shot(page, "confirm-1366")
    page.fill("#confirm-note", "嫌疑人已抓获，款项另案返还")
    page.click("#confirm-submit")
    expect(page.locator("h1").first).to_contain_text("已结案")
    history = page.locator("#history")
    expect(history).to_contain_text("接警登记")
    expect(history).to_contain_text("发起紧急止付")
    expect(history).to_contain_text("案件状态变更")
    _shot(page, "case-1366")
    context.close()

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, live_server, "duty")
    _shot(phone, "home-390")
    phone.fill("#global-q", case_no)
    phone.press("#global-q", "Enter")
    expect(phone.locator(".search-group a", has_text=case_no)).to_be_visible()
    _shot(phone, "search-390")


def test_board_record_and_field_page_show_the_same_next_clock(browser, live_server, engine):
    from sqlalchemy.orm import Session

    from tests.desk.records import receive

    with Session(engine) as session:
        warning = receive(session, "station_a", person_name="诸葛秋菊")
        session.commit()
        warning_id = warning.id
    for width, height in ((1366, 900), (390, 844)):
        page = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": height}
        ).new_page()
        sign_in(page, live_server, "station_a")
        work = page.locator("#mywork")
        expect(work.locator(f'a[href="/warnings/{warning_id}"]')).to_be_visible()
        board_clock = work.locator("tr", has=page.locator(f'a[href="/warnings/{warning_id}"]'))
        due = board_clock.locator(".clock-due").inner_text()
        assert due.startswith("签收至")
        _shot(page, f"home-{width}")
        page.goto(f"{live_server}/warnings")
        row = page.locator(f'tr[data-id="{warning_id}"]')
        expect(row.locator(".clock-due")).to_have_text(due)
        _shot(page, f"board-{width}")
        page.goto(f"{live_server}/warnings/{warning_id}")
        expect(page.locator("#next-clock .clock-due")).to_have_text(due)
        expect(page.locator("#history")).to_contain_text("接收预警")
        _shot(page, f"warning-{width}")
        page.context.close()
