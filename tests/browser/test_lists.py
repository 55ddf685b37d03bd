"""In a real browser: the board as a list (what needs action first, pages, filters kept in the
URL), and the main pages at a desk (1366×900) and on a phone (390×844): no sideways page
scroll, no header wrapped mid-word. Screenshots go to $FANZHA_SHOTS (or the test's tmp dir)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.warnings import ladder
from tests.browser.test_foundation import sign_in
from tests.warnings.test_ladder import receive

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/warnings",
    "/cases",
    "/cases/deadlines",
    "/cases/returns",
    "/analysis/gangs",
    "/analysis/mules",
    "/analysis/at-risk",
    "/analysis/blocking",
    "/leads",
    "/org/staff",
    "/org/units",
    "/org/grids",
    "/org/teams",
    "/analysis/indicators",
    "/analysis/exclusions",
    "/warnings/transfers",
    "/admin/users",
    "/admin/audit",
    "/admin/api-keys",
    "/admin/holidays",
    "/admin/centers",
]


@pytest.fixture
def board(engine, city) -> dict[str, int]:
    """25 open warnings on station_a's board: one signed, the rest unsigned with spread-out
    signing deadlines; the nearest is 'first'."""
    now = clock.now()
    with Session(engine) as session:
        made = [receive(session, person_name=f"列表{n:02d}") for n in range(25)]
        for n, warning in enumerate(made):
            warning.sign_due_at = now + timedelta(minutes=10 + n)
        ladder.sign(session, Principal.system(), made[0])
        session.commit()
        return {"signed": made[0].id, "first": made[1].id, "last": made[-1].id}


def test_the_board_puts_unsigned_first_pages_and_keeps_filters_in_the_url(
    page: Page, live_server: str, board
):
    sign_in(page, live_server, "station_a")
    page.goto(f"{live_server}/warnings?q=列表&size=20")
    rows = page.locator("#board-rows tr")
    expect(rows).to_have_count(20)
    expect(rows.first).to_have_attribute("data-id", str(board["first"]))
    expect(page.locator(".list-total")).to_contain_text("共 25 条")
    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(f"{live_server}/warnings?q=%E5%88%97%E8%A1%A8&size=20&page=2")
    expect(rows).to_have_count(5)
    # The signed one comes after every unsigned one.
    expect(rows.last).to_have_attribute("data-id", str(board["signed"]))
    # A filter set in the form lands in the URL, so the view can be bookmarked and shared.
    page.select_option("#f-status", "signed")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    asked = parse_qs(urlsplit(page.url).query)
    assert asked == {"status": ["signed"], "q": ["列表"], "size": ["20"]}  # no blank fields
    page.reload()
    expect(page.locator("#f-status")).to_have_value("signed")
    expect(rows.first).to_have_attribute("data-id", str(board["signed"]))


def _shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FANZHA_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Each header's height against the height of one line of its text: taller means it wrapped.
WRAPPED_HEADERS = """() => [...document.querySelectorAll('main th')]
  .filter(th => th.offsetParent !== null)
  .filter(th => th.getBoundingClientRect().height
    > 2 * parseFloat(getComputedStyle(th).lineHeight) + 12)
  .map(th => th.innerText)"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_main_pages_fit_the_screen(browser, live_server: str, board, tmp_path, name, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, "admin")
        shots = _shots_dir(tmp_path)
        for path in PAGES:
            response = page.goto(live_server + path)
            assert response is not None and response.status == 200, path
            page.screenshot(path=str(shots / f"{name}{path.replace('/', '_') or '_'}.png"))
            assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways on {name}"
            assert page.evaluate(WRAPPED_HEADERS) == [], f"{path} wraps headers on {name}"
            if name == "phone":
                expect(page.locator("nav.bottombar")).to_be_visible()
                expect(page.locator("nav.mainnav")).to_be_hidden()
            else:
                expect(page.locator("nav.mainnav")).to_be_visible()
    finally:
        context.close()


def test_the_phone_menu_opens_every_entry(phone: Page, live_server: str):
    sign_in(phone, live_server, "station_a")
    expect(phone.locator("nav.mainnav")).to_be_hidden()
    phone.locator(".bottombar .nav-more").click()
    expect(phone.locator("nav.mainnav")).to_be_visible()
    phone.locator("nav.mainnav").get_by_role("link", name="返还台账").click()
    expect(phone.locator("h1")).to_have_text("资金返还台账")
