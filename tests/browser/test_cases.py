"""In a real browser: a desk officer takes a report by pasting transfers, fires the one-click
stop-payment, records the bank's feedback, converts one account to a freeze, watches the
clocks, and is offered no third stop-payment on one account."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import sign_in

pytestmark = pytest.mark.browser

PAYER = "6222020200112233445"
HELD, XINING, THIRD = "6217001234567890123", "6228480012345678901", "6230520012345678999"
PASTED = "\n".join(
    [
        "时间\t金额（元）\t付款账户\t收款账户\t收款户名\t收款银行\t渠道",
        f"2026-11-23 09:12\t50,000\t{PAYER}\t{HELD}\t李伟\t建设银行示例市分行\t网银",
        f"2026-11-23 09:40\t3.5万\t{PAYER}\t{XINING}\t赵强\t中国工商银行西宁分行\t",
        f"2026-11-23 10:05\t12000.50\t{PAYER}\t{THIRD}\t王芳\t农业银行示例市分行\t手机银行",
    ]
)


def test_report_stop_payment_feedback_freeze_and_the_refused_third_stop(
    page: Page, live_server: str
):
    page.on("dialog", lambda dialog: dialog.accept())  # 一键止付 asks before it fires
    sign_in(page, live_server, "duty")
    page.goto(f"{live_server}/cases/new")
    page.fill("#f-victim_name", "周建华")
    page.fill("#f-victim_phone", "13912345678")
    page.fill("#f-story", "对方自称公安局民警，说我涉嫌洗钱，要求把钱转到安全账户并保密")
    suggestion = page.locator("#type-suggestion .suggestion").first
    expect(suggestion).to_contain_text("冒充公检法")
    expect(suggestion).to_contain_text("安全账户")
    suggestion.locator("button[data-adopt-type]").click()
    expect(page.locator("#f-fraud_type")).to_have_value("authority")
    page.fill("#f-transfers", PASTED)
    page.click("form[action='/cases/new'] button[type=submit]")

    expect(page.locator("#transfers tbody tr")).to_have_count(3)
    expect(page.locator("#first-accounts-clock")).to_contain_text("按时")
    page.get_by_role("button", name="一键止付").click()
    rows = page.locator("#stop-payments tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("待银行反馈")
    expect(page.locator(f'tr[data-account="{XINING}"]')).to_contain_text("协查西宁市：已发送")
    expect(rows.first.locator(".countdown")).to_contain_text("剩余 1天23小时")

    held = page.locator(f'tr[data-account="{HELD}"]')
    held.locator("summary", has_text="银行反馈").click()
    held.get_by_placeholder("止付金额（元）").fill("30,000")
    held.get_by_role("button", name="保存反馈").click()
    held = page.locator(f'tr[data-account="{HELD}"]')
    expect(held).to_contain_text("已止付")
    expect(held).to_contain_text("30,000.00")
    expect(page.locator("#held-total")).to_have_text("30,000.00")

    # 续止付 asks first, naming what follows (the last term; then only a freeze).
    held.locator("summary", has_text="续止付").click()
    expect(held.locator(".confirm-note").first).to_contain_text("最后一期")
    held.get_by_role("button", name="确认续止付").click()
    held = page.locator(f'tr[data-account="{HELD}"]')
    expect(held).to_contain_text("已续止付")
    # Its last term used, no third is offered (a post of one is refused: tests/cases).
    expect(held.locator("summary", has_text="续止付")).to_have_count(0)

    held.locator("summary", has_text="转冻结").click()
    held.get_by_role("button", name="确认转冻结").click()
    frozen = page.locator(f'#freezes tr[data-account="{HELD}"]')
    expect(frozen).to_contain_text("冻结中")
    expect(frozen).to_contain_text("六个月")
    expect(frozen.locator(".countdown")).to_have_class("countdown cd-ok")
    expect(page.locator(f'#stop-payments tr[data-account="{HELD}"]')).to_contain_text("已转冻结")
    # The other accounts' 48 h keep counting down on screen.
    expect(page.locator(f'tr[data-account="{THIRD}"] .countdown')).to_contain_text("剩余")
