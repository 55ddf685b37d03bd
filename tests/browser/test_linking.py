"""In a real browser: an analyst opens a gang formed by three cases sharing a receiving
account, sees why they are linked, excludes a noisy value and sees the gang split, asks for
the fraudster's phone to be blocked and sends a lead to a station with a deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.linking.indicators import add_case_indicators
from fanzha.linking.models import IndicatorKind
from tests.browser.test_foundation import sign_in
from tests.helpers import audit_entries, unit_of
from tests.linking.test_linking import SYSTEM, new_case

pytestmark = pytest.mark.browser

SHARED = "6214000000000088001"
HOTLINE = "95533"  # a bank's service number the victims also called: noise
FRAUDSTER = "13800009999"


@pytest.fixture
def cases(engine, city) -> tuple[list[str], int, int]:
    """Three cases paying one account (two name the same fraudster's phone) and a fourth
    joined to the third only by a bank's hotline; the case numbers, the first case's id and
    the station the lead goes to."""
    with Session(engine) as session:
        linked = [new_case(session, SHARED, phones=(FRAUDSTER,)) for _ in range(2)]
        linked.append(new_case(session, SHARED))
        noisy = new_case(session, "6214000000000088002", phones=(HOTLINE,))
        add_case_indicators(session, SYSTEM, linked[2], kind=IndicatorKind.phone, raw=HOTLINE)
        session.commit()
        station = unit_of(session, "station_a").id
        return [c.case_no for c in linked] + [noisy.case_no], linked[0].id, station


def test_analyst_splits_a_gang_requests_a_block_and_sends_a_lead(
    page: Page, live_server: str, cases
):
    numbers, first_id, station_id = cases
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server}/cases/{first_id}/indicators")
    page.click("#case-gang")
    expect(page.locator("#gang-cases")).to_have_text("4 起")
    gang_url = page.url

    # Why they are linked: the shared account joins the three, the hotline the fourth.
    shared_row = page.locator(f'#reasons tr[data-value="{SHARED}"]')
    for number in numbers[:3]:
        expect(shared_row).to_contain_text(number)
    hotline_row = page.locator(f'#reasons tr[data-value="{HOTLINE}"]')
    expect(hotline_row).to_contain_text(numbers[3])
    expect(hotline_row).to_contain_text("用于串并")

    # The row's action opens the 误串并 panel below the table, naming what it will do.
    hotline_row.get_by_role("link", name="误串并…").click()
    panel = page.locator("#split-panel")
    expect(panel).to_contain_text(HOTLINE)
    panel.get_by_label("排除理由").fill("银行客服号码，受害人核实时拨打")
    panel.get_by_role("button", name="确认排除").click()
    expect(page.locator("#flash")).to_contain_text("不再用于串并")
    expect(page.locator("#gang-cases")).to_have_text("3 起")
    expect(page.locator("#gang-case-list")).not_to_contain_text(numbers[3])
    expect(page.locator(f'#reasons tr[data-value="{HOTLINE}"]')).to_contain_text("排除")
    graph = page.locator("#gang-network")
    expect(graph).to_have_attribute("data-ready", "true")
    expect(graph).to_have_attribute("data-nodes", "5")  # three cases, the account, the phone

    # Block the fraudster's phone.
    page.locator('#reasons tr[data-value="+8613800009999"]').get_by_role(
        "link", name="申请封停"
    ).click()
    expect(page.locator("#indicator-cases tbody tr")).to_have_count(2)
    page.click("#request-block")
    expect(page.locator("#flash")).to_contain_text("中国移动")

    # A lead to the station, due in two days.
    page.goto(gang_url)
    page.get_by_role("link", name="下发线索").click()
    page.select_option("#l-unit", value=str(station_id))
    due = (clock.now() + timedelta(days=2)).astimezone(clock.SHANGHAI)
    page.fill("#l-title", "核查收款账户持卡人")
    page.fill("#l-content", f"账户 {SHARED} 涉及 3 起案件，请核查持卡人并反馈")
    page.fill("#l-due", due.strftime("%Y-%m-%dT%H:%M"))
    page.click("#send-lead-button")
    expect(page.locator("#flash")).to_contain_text("已下发至")
    expect(page.locator("#lead-inbox")).to_contain_text("核查收款账户持卡人")


def test_the_full_two_card_export_asks_for_a_reason_kept_in_the_audit_log(
    page: Page, live_server: str, engine
):
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server}/analysis/mules")
    page.get_by_text("导出（含身份信息，须填理由，留痕）").click()
    page.get_by_label("导出理由").fill("两卡专项：核对开户人")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出", exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with Session(engine) as session:
        entry = audit_entries(session, "mule_watch.exported")[-1]
    assert entry.detail["unmasked"] is True
    assert entry.detail["reason"] == "两卡专项：核对开户人"
