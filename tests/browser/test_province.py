"""The province findings pages (全省跨市团伙, 快进快出, 两卡复用 accounts and holders,
全省指标) in a real browser at a desk (1366×900) and on a phone (390×844), as the center sees
them and as a 分局 does (its own cases named, the others counted): no sideways page scroll, no
header wrapped mid-word, and on a phone each finding reads as a card of labelled lines.
Screenshots go to $FANZHA_SHOTS (or the test's tmp dir)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.province import load
from tests.browser.test_foundation import sign_in
from tests.browser.test_lists import PAGE_OVERFLOW, WRAPPED_HEADERS, _shots_dir
from tests.province.test_findings import _case_in, _write
from tests.province.test_recurring_pages import _far_case

pytestmark = pytest.mark.browser

PAGES = {
    "gangs": "/analysis/province",
    "mules": "/analysis/province/mules",
    "accounts": "/analysis/province/recurring",
    "holders": "/analysis/province/recurring?who=holders",
    "kpis": "/analysis/province/kpis",
}
MASKED_WITH_COMMAS = """() => [...document.querySelectorAll('main .masked')]
  .filter(el => el.innerText.includes('、')).map(el => el.innerText)"""
# On a phone a card's line spans the card: a cell narrower than 60% of the screen is a column.
NARROW_CELLS = """() => [...document.querySelectorAll('main table.phone-cards td')]
  .filter(td => td.getBoundingClientRect().width < 0.6 * window.innerWidth)
  .map(td => td.innerText)"""
CITIES = ["320200", "320300", "320400", "320500", "320600"]


def _results(tmp_path: Path, cases: list[tuple[int, str]]) -> Path:
    """A run as Spark writes it, over the local cases and five other cities' (long numbers)."""
    here = get_settings().center_code
    far = [(city, 9000 + n, f"{city}2026{n:06d}") for n in range(4) for city in CITIES]
    results = tmp_path / "results"
    gangs = []
    for gang in range(3):
        members = [(here, cid, no) for cid, no in cases[gang * 2 : gang * 2 + 2]]
        members += far[gang * 6 : gang * 6 + 6]
        spans = len({m[0] for m in members})
        gangs += [
            {"gang": gang + 1, "city": c, "case_id": i, "case_no": no, "cities": spans}
            for c, i, no in members
        ]
    _write(results, "gangs", gangs)
    keys = [f"{here}:{no}" for _, no in cases[:3]] + [f"{c}:{no}" for c, _, no in far[:9]]
    mules, accounts = [], []
    for n in range(6):
        account = f"62220212345678{n:05d}"
        cities = sorted({here, *CITIES[: n + 1]})
        mules.append(
            {
                "account": account,
                "pass_days": 3 + n,
                "through_fen": 123_456_789_00 + n,
                "median_minutes": 7.25 + n,
                "cities": cities,
                "city_count": len(cities),
            }
        )
        accounts.append(
            {
                "account": account,
                "case_count": len(keys),
                "city_count": len(cities),
                "cities": cities,
                "cases": keys,
                "holder_name": "欧阳秀英",
                "holder_id_number": f"3201021990010{n:05d}",
            }
        )
    _write(results, "mules", mules)
    _write(results, "recurring_accounts", accounts)
    holders = [
        {
            "holder_name": "欧阳秀英",
            "holder_id_number": "320102199001011234",
            "account_count": 4,
            "case_count": len(keys),
            "city_count": 6,
            "accounts": [a["account"] for a in accounts[:4]],
            "cities": sorted({here, *CITIES}),
            "cases": keys,
            "account_cases": sorted(
                f"{a['account']}|{key}" for a in accounts[:4] for key in a["cases"]
            ),
        }
    ]
    _write(results, "recurring_holders", holders)
    kpis = []
    for month in range(1, 13):
        for city in [here, *CITIES]:
            day = date(2026, month, 1) + timedelta(days=month)
            for kpi, value in (("cases", 812), ("loss_fen", 98_765_432_10), ("brushing_cases", 40)):
                kpis.append(
                    {"city": city, "day": day, "unit_id": 1, "unit_name": "", "kpi": kpi}
                    | {"value": value}
                )
    _write(results, "kpis", kpis)
    return results


@pytest.fixture
def findings(engine, tmp_path) -> None:
    """A loaded run naming the demo city's cases, committed for the live server."""
    with Session(engine) as session:
        mine = [_case_in(session, "station_a") for _ in range(3)]  # branch_leader's 分局
        far = [_far_case(session) for _ in range(3)]
        session.flush()
        mixed = [(c.id, c.case_no) for pair in zip(mine, far, strict=True) for c in pair]
        load.load(session, _results(tmp_path, mixed))
        session.commit()


@pytest.mark.parametrize(
    ("name", "viewport"),
    [("desk", {"width": 1366, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
@pytest.mark.parametrize("username", ["analyst", "branch_leader"])
def test_province_pages_fit_the_screen(
    browser, live_server: str, findings, tmp_path, name, viewport, username
):
    context = browser.new_context(locale="zh-CN", viewport=viewport, is_mobile=name == "phone")
    page = context.new_page()
    try:
        sign_in(page, live_server, username)
        shots = _shots_dir(tmp_path)
        for label, path in PAGES.items():
            response = page.goto(live_server + path)
            assert response is not None and response.status == 200, path
            page.screenshot(
                path=str(shots / f"province-{username}-{name}-{label}.png"), full_page=True
            )
            assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{path} scrolls sideways on {name}"
            assert page.evaluate(WRAPPED_HEADERS) == [], f"{path} wraps headers on {name}"
            expect(page.locator("h1")).to_be_visible()
            # The monospace font of masked numbers has no 、: accounts go one to a line.
            assert page.evaluate(MASKED_WITH_COMMAS) == [], f"{path}: 、 in a masked cell"
            if name == "phone" and label != "kpis":  # the figures stay a table (it scrolls)
                expect(page.locator("main table thead")).to_be_hidden()  # a card per row
                assert page.evaluate(NARROW_CELLS) == [], f"{path}: cells squeezed on {name}"
    finally:
        context.close()
