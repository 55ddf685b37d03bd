"""In a real browser: the coverage map draws the demo city's polygons from the app's GeoJSON
(no tiles), drills down 分局 → station by clicks, and a click on a grid opens its households.
Screenshots at 1366×900 and 390×844 go to $FANZHA_SHOTS (or the test's tmp dir)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.org.models import Grid, Unit, UnitKind
from tests.browser.test_foundation import sign_in
from tests.helpers import unit_of

pytestmark = pytest.mark.browser

# The drawn map: its regions (from the registered GeoJSON) and where each lands on the page.
DRAWN = """() => {
    const el = document.getElementById("coverage-map");
    const chart = echarts.getInstanceByDom(el);
    const name = el.dataset.mapName;
    const features = echarts.getMap(name).geoJSON.features;
    const box = el.getBoundingClientRect();
    return features.map((f) => {
        const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, f.properties.cp);
        return { name: f.properties.name, id: f.properties.id, kind: f.properties.kind,
                 title: f.properties.title, x: box.left + x, y: box.top + y };
    });
}"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FANZHA_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _drawn(page: Page) -> list[dict]:
    expect(page.locator("#coverage-map")).to_have_attribute("data-ready", "1")
    return page.evaluate(DRAWN)


def _click(page: Page, region: dict) -> None:
    page.mouse.click(region["x"], region["y"])


def test_the_map_drills_down_to_a_grids_households(browser, live_server, engine, tmp_path):
    with Session(engine) as session:
        branches = {
            u.id: u.name for u in session.scalars(select(Unit).where(Unit.kind == UnitKind.branch))
        }
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        sign_in(page, live_server, "admin")
        page.locator("nav.mainnav").get_by_role("link", name="覆盖地图").click()
        drawn = _drawn(page)
        assert {r["id"] for r in drawn} == set(branches) and {r["kind"] for r in drawn} == {"unit"}
        page.screenshot(path=str(_shots(tmp_path) / "map-city-1366.png"), full_page=True)
        _click(page, drawn[0])
        # The demo's running campaign colours the map and stays chosen on the way down.
        expect(page).to_have_url(re.compile(rf"/outreach/map/{drawn[0]['id']}\?campaign=\d+$"))
        expect(page.locator(".breadcrumbs .crumb-current")).to_have_text(branches[drawn[0]["id"]])
        stations = _drawn(page)
        _click(page, stations[0])
        expect(page).to_have_url(re.compile(rf"/outreach/map/{stations[0]['id']}\?campaign=\d+$"))
        grids = _drawn(page)
        assert grids and {r["kind"] for r in grids} == {"grid"}
        with Session(engine) as session:
            station = session.get(Unit, stations[0]["id"])
            under = set(
                session.scalars(
                    select(Grid.id)
                    .join(Unit, Unit.id == Grid.unit_id)
                    .where(Unit.path.like(station.path + "%"))
                )
            )
        assert {r["id"] for r in grids} == under
        page.screenshot(path=str(_shots(tmp_path) / "map-station-1366.png"), full_page=True)
        _click(page, grids[0])
        expect(page).to_have_url(f"{live_server}/outreach/households?grid={grids[0]['id']}")
        # Only the app was asked for anything: no map tiles, no CDN.
        assert all(url.startswith(live_server) for url in requests), [
            u for u in requests if not u.startswith(live_server)
        ]
    finally:
        context.close()


def test_a_station_officer_sees_the_map_of_its_grids_on_a_phone(
    browser, live_server, engine, tmp_path
):
    with Session(engine) as session:
        own = unit_of(session, "station_a")
        grid_count = len(
            session.scalars(
                select(Grid.id)
                .join(Unit, Unit.id == Grid.unit_id)
                .where(Unit.path.like(own.path + "%"))
            ).all()
        )
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "station_a")
        page.goto(f"{live_server}/outreach/map")
        drawn = _drawn(page)
        assert len(drawn) == grid_count
        box = page.locator("#coverage-map").bounding_box()
        assert box is not None and box["width"] <= 390
        assert page.evaluate(PAGE_OVERFLOW) <= 0, "the map page scrolls sideways on a phone"
        page.screenshot(path=str(_shots(tmp_path) / "map-station-390.png"), full_page=True)
    finally:
        context.close()
