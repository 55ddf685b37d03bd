"""On a 390×844 phone: the dissuader's three tabs, a claim, a visit recorded, the way back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.test_foundation import sign_in
from tests.browser.test_warnings import _address_for, api_key  # noqa: F401 (fixture)
from tests.warnings.factories import warning_payload

pytestmark = pytest.mark.browser

# Set FANZHA_SHOTS=/some/dir to keep the screenshots for review.
SHOTS = os.environ.get("FANZHA_SHOTS")


def _no_sideways_scroll(phone: Page, name: str) -> None:
    if SHOTS:
        phone.screenshot(path=str(Path(SHOTS) / f"field-{name}.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, name


def test_a_dissuader_claims_works_and_finds_the_visit_under_done(
    phone: Page,
    live_server: str,
    engine,
    api_key: str,  # noqa: F811
):
    payload = warning_payload(
        address=_address_for(engine, "dissuader_a"), amount_fen=4_700_000, fraud_type="investment"
    )
    headers = {"X-API-Key": api_key}
    warning_id = requests.post(
        f"{live_server}/api/v1/warnings", json=payload, timeout=10, headers=headers
    ).json()["id"]
    sign_in(phone, live_server, "station_a")
    phone.goto(f"{live_server}/warnings/{warning_id}")
    phone.click("#to-door-visit")
    expect(phone.locator("#claim")).to_be_visible()
    phone.context.clear_cookies()

    sign_in(phone, live_server, "dissuader_a")
    phone.goto(f"{live_server}/field")
    expect(phone.locator(".field-tab.on")).to_contain_text("我的任务")
    _no_sideways_scroll(phone, "mine-empty")
    phone.locator('.field-tab[data-tab="open"]').click()
    card = phone.locator("article.task-card").filter(has_text=f"#{warning_id}")
    expect(card).to_contain_text("投资理财")
    expect(card.locator(".task-amount")).to_have_text("47,000.00 元")
    expect(card.locator(".task-elapsed")).to_contain_text("已过")
    _no_sideways_scroll(phone, "open")
    card.get_by_role("button", name="认领").click()

    # The visit page: face to face by default, the phone icon drawn, the way back.
    expect(phone.locator("#back-to-field")).to_be_visible()
    expect(phone.locator('input[name="kind"][value="door_visit"]')).to_be_checked()
    expect(phone.locator("a.button.call svg")).to_be_visible()
    _no_sideways_scroll(phone, "visit")
    phone.fill("#attempt-note", "本人在家，已讲清骗局")
    phone.get_by_role("button", name="已联系上", exact=True).click()
    expect(phone.locator("#attempt-saved")).to_contain_text("本人在家，已讲清骗局")
    _no_sideways_scroll(phone, "visit-saved")
    phone.click("#back-to-field")
    expect(phone.locator(".field-tab.on")).to_contain_text("我的任务")
    expect(phone.locator("article.task-card")).to_contain_text(f"#{warning_id}")
    _no_sideways_scroll(phone, "mine")

    phone.locator("article.task-card").get_by_role("link", name="去劝阻").click()
    phone.select_option("#outcome", "dissuaded")
    phone.fill("#protected_yuan", "47000")
    phone.fill("#note", "已劝阻停止转账")
    phone.get_by_role("button", name="提交反馈").click()
    expect(phone.locator("#outcome-saved")).to_contain_text("已劝阻停止转账")
    _no_sideways_scroll(phone, "visit-closed")
    phone.click("#back-to-field")
    phone.locator('.field-tab[data-tab="done"]').click()
    done = phone.locator("article.task-card").filter(has_text=f"#{warning_id}")
    expect(done).to_contain_text("已劝阻")
    _no_sideways_scroll(phone, "done")
