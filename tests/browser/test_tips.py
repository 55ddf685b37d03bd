"""线索举报 on a 390×844 phone: an anonymous tip, its receipt code saved, a staff reply, and
the reporter coming back with the code to read it. The code is never in a URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.auth.models import User
from fanzha.auth.service import user_principal
from fanzha.public import tips
from fanzha.rewards import tips_inbox
from tests.browser.test_foundation import sign_in
from tests.browser.test_public import _shot, _wide

pytestmark = pytest.mark.browser

REPLY = "您好，线索已转派出所核查，请问收卡的人一般几点出现？"


def test_an_anonymous_tip_saved_code_and_a_staff_reply_read_back(
    phone: Page, browser, live_server: str, engine, tmp_path: Path
):
    phone.goto(f"{live_server}/public/tips/new")
    expect(phone.locator("[data-no-recovery]")).to_contain_text("无法找回")
    phone.select_option("#category", "cards")
    phone.fill("#description", "菜市场门口有人收购银行卡，一张 500 元")
    _shot(phone, tmp_path, "tip-form-phone")
    phone.get_by_role("button", name="提交举报").click()
    code = phone.locator("[data-code]").inner_text().strip()
    assert len(code.replace(" ", "")) == 16
    assert code.replace(" ", "") not in phone.url and code not in phone.url
    expect(phone.locator("img.p-receipt-qr")).to_be_visible()
    expect(phone.get_by_role("button", name="打印本页")).to_be_visible()
    _shot(phone, tmp_path, "tip-receipt-phone")
    phone.get_by_role("link", name="我已保存回执码").click()
    expect(phone.locator("main")).to_contain_text("凭回执码")

    with Session(engine) as session:
        staff = user_principal(session.scalars(select(User).where(User.username == "duty")).one())
        tip = tips.find_by_code(session, code, "browser-test")
        tips_inbox.reply(session, staff, tip, REPLY)
        session.commit()
        tip_id = tip.id

    phone.goto(f"{live_server}/public/tips/check")
    phone.fill("#code", code)
    phone.get_by_role("button", name="查看").click()
    expect(phone.locator("[data-message]")).to_contain_text(REPLY)
    assert code.replace(" ", "") not in phone.url
    _shot(phone, tmp_path, "tip-status-phone")

    wide = _wide(browser)
    sign_in(wide, live_server, "duty")
    wide.goto(f"{live_server}/tips/{tip_id}")
    expect(wide.locator("[data-message]")).to_contain_text(REPLY)
    expect(wide.locator("main")).not_to_contain_text(code)
    wide.context.close()
