"""In a real browser: the live board and a door visit worked from a phone."""

from __future__ import annotations

import time

import pytest
import requests
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.org.models import Grid, Unit
from fanzha.warnings.models import Warning
from tests.browser.test_foundation import sign_in
from tests.helpers import make_api_key, unit_of
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.browser


@pytest.fixture
def api_key(engine, city) -> str:
    with Session(engine) as session:
        plain = make_api_key(session)
        session.commit()
    return plain


def _address_for(engine, username: str) -> str:
    with Session(engine) as session:
        unit = unit_of(session, username)
        grid = session.scalars(
            select(Grid)
            .join(Unit, Unit.id == Grid.unit_id)
            .where(Unit.path.like(unit.path + "%"))
            .order_by(Grid.id)
        ).first()
        return address_in(session, grid.id)


def test_a_posted_warning_appears_on_the_station_board_without_reload(
    page: Page, live_server: str, engine, api_key: str
):
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/warnings")
    expect(page.locator("#live-state.on")).to_be_visible()
    payload = warning_payload(
        address=_address_for(engine, "dissuader_a"), money_moving=True, person_name="李桂兰"
    )
    started = time.monotonic()
    response = requests.post(
        f"{live_server}/api/v1/warnings", json=payload, timeout=10, headers={"X-API-Key": api_key}
    )
    assert response.status_code == 201
    row = page.locator(f'tr[data-id="{response.json()["id"]}"]')
    expect(row).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2
    expect(row).to_have_class("grade-urgent fresh")
    expect(row).to_contain_text("李*兰")  # masked on the board


def test_a_dissuader_escalates_and_an_officer_closes_it_from_a_phone(
    browser, live_server: str, engine, api_key: str
):
    payload = warning_payload(address=_address_for(engine, "dissuader_a"))
    warning_id = requests.post(
        f"{live_server}/api/v1/warnings", json=payload, timeout=10, headers={"X-API-Key": api_key}
    ).json()["id"]
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    sign_in(phone, live_server, "dissuader_a")
    phone.goto(f"{live_server}/warnings/{warning_id}")
    for tapped, result in enumerate(("未接", "占线", "关机"), start=1):
        phone.get_by_role("button", name=result, exact=True).click()
        expect(phone.locator("#attempt-count")).to_have_text(str(tapped))
    expect(phone.locator("#offer-door-visit")).to_be_visible()
    expect(phone.locator("#attempt-count")).to_have_text("3")
    phone.click("#to-door-visit")
    expect(phone.locator("#claim")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    officer = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    sign_in(officer, live_server, "station_a")
    officer.goto(f"{live_server}/field?tab=open")
    officer.locator('form[action$="/claim"] button').first.click()
    expect(officer.locator("a.button.call")).to_be_visible()  # tap to call, now unmasked
    officer.select_option("#outcome", "dissuaded")
    officer.fill("#protected_yuan", "80000")
    officer.get_by_role("button", name="提交反馈").click()
    expect(officer.locator(".warning-head")).to_contain_text("已劝阻")
    with Session(engine) as session:
        stored = session.get(Warning, warning_id)
        assert (stored.outcome, stored.protected_fen) == ("dissuaded", 8_000_000)
