"""From an anonymous tip to a paid reward, through the real pages: the citizen reports on a
390×844 phone and keeps the receipt code; the duty officer closes the tip 查实 and opens a
reward from it; two different reviewers approve; the foundation's confirmation starts the
15-day clock; the reporter comes to the counter with the code and is paid."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fanzha.clock import SHANGHAI, now
from tests.browser.test_foundation import sign_in
from tests.browser.test_public import _shot, _wide

pytestmark = pytest.mark.browser

TEXT = "城郊一处民房夜里多人打电话，门口停着一辆装满手机卡的面包车"


def _as(browser, live_server: str, username: str) -> Page:
    page = _wide(browser)
    sign_in(page, live_server, username)
    return page


def _reward_step(page: Page, live_server: str, path: str, button: str, status: str) -> None:
    page.goto(f"{live_server}{path}")
    page.get_by_role("button", name=button).click()
    expect(page.locator("h1 .badge")).to_have_text(status)


def test_an_anonymous_tip_becomes_a_reward_paid_at_the_counter(
    phone: Page, browser, live_server: str, tmp_path: Path
):
    phone.goto(f"{live_server}/public/tips/new")
    phone.select_option("#category", "den")
    phone.fill("#description", TEXT)
    phone.get_by_role("button", name="提交举报").click()
    code = phone.locator("[data-code]").inner_text().strip()
    phone.get_by_role("link", name="我已保存回执码").click()

    duty = _as(browser, live_server, "duty")
    duty.goto(f"{live_server}/tips")
    duty.fill("#list-filters-q", TEXT[:12])
    duty.get_by_role("button", name="筛选").click()
    duty.locator("#tip-list tbody a").first.click()
    expect(duty.locator("main")).to_contain_text(TEXT)
    tip_path = duty.url.removeprefix(live_server)
    duty.select_option("#outcome", "confirmed")
    duty.get_by_role("button", name="办结").click()
    expect(duty.locator("[data-status]")).to_contain_text("查实")
    duty.locator("#apply-reward").click()
    duty.select_option("#r-ground", "lead_solved_case")
    duty.fill("#f-amount_fen", "8000")
    duty.fill("#r-just", "线索直接破获窝点，抓获 3 人，按第二项建议档位")
    _shot(duty, tmp_path, "reward-new-wide")
    duty.get_by_role("button", name="保存草稿").click()
    expect(duty.locator("#beneficiaries")).to_contain_text("匿名举报人")
    expect(duty.locator("#reward-summary")).to_contain_text(tip_path.split("/")[-1])
    reward = duty.url.removeprefix(live_server)
    duty.locator("#reward-actions summary", has_text="提交审核").click()
    duty.get_by_role("button", name="确认提交").click()
    expect(duty.locator("h1 .badge")).to_have_text("待审核")
    duty.context.close()

    first = _as(browser, live_server, "reviewer")
    _reward_step(first, live_server, reward, "审核通过", "待复核")
    first.get_by_role("button", name="复核通过").click()  # the same person cannot recheck
    expect(first.locator("main")).to_contain_text("复核人不能与审核人为同一人")
    second = _as(browser, live_server, "reviewer2")
    _reward_step(second, live_server, reward, "复核通过", "待基金会确认")
    second.context.close()

    first.goto(f"{live_server}{reward}")
    first.fill("#f-foundation_ref", "示见基〔2026〕21号")
    first.get_by_role("button", name="登记基金会确认").click()
    expect(first.locator("h1 .badge")).to_have_text("已确认")
    expect(first.locator("#pay-clock")).to_be_visible()

    first.locator("#beneficiaries summary", has_text="现场领奖登记").click()
    first.fill("#f-code", "1234 5678 9012 3456")  # not this tip's code: refused, form kept
    first.fill("#f-name", "周小明")
    first.fill("#f-id_number", "110101199003074477")
    first.fill("#f-bank_account", "6222020200001234")
    first.get_by_role("button", name="登记", exact=True).click()
    expect(first.locator("#e-code")).to_contain_text("回执码与本申报关联的举报不符")
    first.fill("#f-code", code)
    first.get_by_role("button", name="登记", exact=True).click()
    expect(first.locator("#beneficiaries")).to_contain_text("账户已核实")
    expect(first.locator("main")).not_to_contain_text("周小明")
    first.fill("#f-transfer_ref", "ZZ20261201021")
    first.fill("#f-paid_on", now().astimezone(SHANGHAI).date().isoformat())
    first.get_by_role("button", name="登记发放").click()
    expect(first.locator("h1 .badge")).to_have_text("已发放")
    _shot(first, tmp_path, "reward-paid-wide")

    first.context.close()
    small = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(small, live_server, "reviewer")
    small.goto(f"{live_server}{reward}")
    expect(small.locator("#reward-summary")).to_contain_text("ZZ20261201021")
    _shot(small, tmp_path, "reward-paid-phone")
    small.context.close()
