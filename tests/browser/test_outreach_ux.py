"""Prevention pages a planner uses, in a real browser: releasing a grid asks first and names
the team that holds it; the coverage page's progress chart at a desk and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.org.models import Team
from fanzha.outreach.models import GridAssignment
from tests.browser.test_foundation import sign_in
from tests.browser.test_lists import PAGE_OVERFLOW, _shots_dir
from tests.outreach.field_world import FieldWorld, build

pytestmark = pytest.mark.browser


@pytest.fixture
def world(engine) -> FieldWorld:
    with Session(engine) as session:
        built = build(session)
        session.commit()
    return built


def test_releasing_a_grid_asks_first_naming_the_team(page, live_server, engine, world, tmp_path):
    with Session(engine) as session:
        team_name = session.get(Team, world.team_id).name
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/outreach/campaigns/{world.campaign_id}/assign")
    row = page.locator(f'tr[data-grid="{world.grid_id}"]')
    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    row.get_by_role("button", name="退回").click()
    expect(row).to_contain_text(team_name)  # dismissed: still held
    assert team_name in asked[0] and "退回" in asked[0]
    with Session(engine) as session:
        held = select(GridAssignment).where(GridAssignment.campaign_id == world.campaign_id)
        assert session.scalars(held).first() is not None
    page.once("dialog", lambda d: answer(d, True))
    row.get_by_role("button", name="退回").click()
    expect(page.locator(f'tr[data-grid="{world.grid_id}"] button', has_text="认领")).to_be_visible()
    page.screenshot(path=str(_shots_dir(tmp_path) / "desk_outreach_assign.png"), full_page=True)


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_the_coverage_progress_chart(browser, live_server, world, tmp_path, name, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "station_a")
        page.goto(f"{live_server}/outreach/coverage?campaign={world.campaign_id}")
        expect(page.locator("#progress-chart canvas")).to_be_visible()
        page.locator("#progress-chart").scroll_into_view_if_needed()
        page.locator("#progress-chart").screenshot(
            path=str(_shots_dir(tmp_path) / f"{name}_coverage_progress_chart.png")
        )
        page.screenshot(path=str(_shots_dir(tmp_path) / f"{name}_outreach_coverage.png"))
        assert page.evaluate(PAGE_OVERFLOW) <= 0
    finally:
        context.close()


def test_the_register_import_errors_read_on_a_phone(phone, live_server, tmp_path):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["网格代码", "小区", "楼栋", "单元", "室号", "人数", "重点人群", "联系人", "联系电话"]
    )
    sheet.append(["NOPE", "翠苑", "1", "1", "101", "1", "", "张三", "1" * 300])
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "register.xlsx"
    path.write_bytes(out.getvalue())
    sign_in(phone, live_server, "station_a")
    phone.goto(f"{live_server}/outreach/households/import")
    phone.set_input_files("input[type=file]", str(path))
    phone.get_by_role("button", name="上传并导入").click()
    expect(phone.locator("#import-result")).to_contain_text("网格代码")
    # Each 行号 and 列 cell on one line: they broke a character a line at 390 px.
    lines = phone.evaluate(
        """() => [...document.querySelectorAll('.row-errors tbody tr')].flatMap(tr =>
            [...tr.children].slice(0, 2).map(td => {
              const range = document.createRange();
              range.selectNodeContents(td);
              return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            }))"""
    )
    assert lines and max(lines) == 1
    assert phone.evaluate(PAGE_OVERFLOW) <= 0


def test_a_campaign_sent_back_opens_at_its_problem_on_a_phone(phone, live_server, tmp_path):
    """The form sits below the campaign list: after a refusal the phone shows the error, not
    the top of the list."""
    sign_in(phone, live_server, "station_a")
    phone.goto(f"{live_server}/outreach/campaigns")
    expect(phone.locator("#f-target_coverage_pct")).to_have_value("85")
    # A campaign's name reads on a line or two: the period beside it squeezed it to a
    # character a line at 390 px.
    lines = phone.evaluate(
        """() => [...document.querySelectorAll('#campaigns td a')].map(a =>
            new Set([...a.getClientRects()].map(r => Math.round(r.top))).size)"""
    )
    assert lines and max(lines) <= 2, lines
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    phone.screenshot(path=str(_shots_dir(tmp_path) / "phone_campaigns.png"))
    phone.fill("#f-name", "冬季敲门行动")
    phone.fill("#f-starts_on", "2026-12-01")
    phone.fill("#f-ends_on", "2026-11-01")
    phone.get_by_role("button", name="保存为草稿").click()
    error = phone.locator("#e-ends_on")
    expect(error).to_have_text("结束日期不能早于开始日期")
    expect(error).to_be_in_viewport()
    expect(phone.locator("#f-name")).to_have_value("冬季敲门行动")  # what was typed stays
    expect(phone.locator("#f-target_coverage_pct")).to_have_value("85")
    phone.screenshot(path=str(_shots_dir(tmp_path) / "phone_campaign_error.png"))
