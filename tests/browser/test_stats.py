"""In a real browser: a leader opens the city's figures, switches to last quarter, clicks a
figure and lands on the list of its records, which holds exactly as many rows; the page is
shot at desk and phone sizes and neither scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fanzha.demo import cases
from fanzha.demo import warnings as demo_warnings
from fanzha.warnings.models import Warning
from tests.browser.test_foundation import sign_in
from tests.browser.test_lists import PAGE_OVERFLOW

pytestmark = pytest.mark.browser

# The figures whose text is wider than the tile holding them.
TILE_SPILL = """() => [...document.querySelectorAll('.kpi .num')].filter(
  (num) => num.scrollWidth > num.clientWidth).map((num) => num.closest('.kpi').id)"""


@pytest.fixture
def history(engine):
    """Four months of warnings and their cases (the small demo city has none)."""
    with Session(engine) as session:
        demo_warnings.build(session, seed=7, days=130, per_day=3)
        cases.build(session, seed=7)
        session.commit()


def test_last_quarter_figure_drills_to_a_list_of_the_same_count(
    page: Page, live_server: str, history, tmp_path
):
    sign_in(page, live_server, "leader")
    page.get_by_role("link", name="数据看板").click()
    expect(page.locator("h1")).to_contain_text("数据")
    page.get_by_role("link", name="上季度", exact=True).click()
    expect(page.locator("#period-line")).to_contain_text("季度")
    # a quarter is picked by a day in it: 起/止 only appear for a custom period
    expect(page.locator("#from")).to_be_hidden()
    page.select_option("#kind", "custom")
    expect(page.locator("#from")).to_be_visible()
    expect(page.locator("#anchor")).to_be_hidden()
    figure = page.locator("#kpi-warnings-received a.num")
    shown = int(figure.inner_text().replace(",", ""))
    assert shown > 0
    expect(page.locator("#kpi-warnings-received .lbl")).to_have_attribute(
        "title", re.compile("口径：统计期内接收")
    )
    expect(page.locator("#trend-chart canvas")).to_have_count(1)  # ECharts drew the trend
    figure.click()
    expect(page.locator("h1")).to_contain_text("接收预警")
    expect(page.locator(".list-total strong")).to_have_text(str(shown))
    page.screenshot(path=str(tmp_path / "records-desk.png"))


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_the_dashboard_fits_the_screen(
    browser, live_server: str, history, engine, tmp_path, name, viewport
):
    with Session(engine) as session:  # a year's 避免损失金额 past a billion yuan (16 characters)
        session.execute(
            update(Warning)
            .where(
                Warning.id
                == select(func.min(Warning.id)).where(Warning.protected_fen > 0).scalar_subquery()
            )
            .values(protected_fen=Warning.protected_fen + 100_000_000_000)
        )
        session.commit()
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "leader")
        for path in ("/stats", "/stats/definitions"):
            response = page.goto(live_server + path)
            assert response is not None and response.status == 200
            page.screenshot(
                path=str(tmp_path / f"{name}{path.replace('/', '_')}.png"), full_page=True
            )
            assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways on {name}"
        # Every figure stays inside its tile: 避免损失金额 for a year, in yuan, ran past its tile
        # at 1366 px.
        page.goto(live_server + "/stats?kind=year")
        page.screenshot(path=str(tmp_path / f"{name}_year.png"), full_page=True)
        spilling = page.evaluate(TILE_SPILL)
        assert not spilling, f"figures run past their tiles on {name}: {spilling}"
    finally:
        context.close()
