"""A volunteer on a 390-px phone knocks on doors with the network gone: the visits wait on the
phone, sync once when it comes back (sending the queue again creates nothing), and the
household shows as visited in the campaign's coverage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.outreach import sync
from fanzha.outreach.models import (
    CampaignBaseline,
    GridTotals,
    Household,
    HouseholdState,
    Visit,
)
from fanzha.outreach.photos import VisitPhoto
from tests.browser.test_foundation import sign_in
from tests.outreach.field_world import FieldWorld, build
from tests.outreach.test_photos import camera_jpeg

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("FANZHA_SHOTS")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"door-knock-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, name


@pytest.fixture
def world(engine) -> FieldWorld:
    with Session(engine) as session:
        built = build(session)
        session.commit()
    return built


def _visits(session: Session, world: FieldWorld) -> int:
    return session.scalar(select(func.count()).where(Visit.campaign_id == world.campaign_id))


def _room(phone: Page, world: FieldWorld, room: str):
    # The demo city's own register shares the grid: rooms are told apart by their household.
    return phone.locator(f'button.walk-room[data-household="{world.household_ids[room]}"]')


def test_a_volunteer_records_visits_offline_and_they_sync_once(
    phone: Page, live_server: str, engine, world: FieldWorld, tmp_path, monkeypatch
):
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path / "files")
    # The queue of 4 goes in two requests (3 + 1): each answer is matched to its own batch.
    monkeypatch.setattr(sync, "FIELD_BATCH", 3)
    photo = tmp_path / "door.jpg"
    photo.write_bytes(camera_jpeg())
    sign_in(phone, live_server, "dissuader_a")
    phone.goto(f"{live_server}/outreach/field/{world.campaign_id}")
    expect(_room(phone, world, "202")).to_contain_text("重点")
    expect(_room(phone, world, "202")).to_contain_text("未走访")
    # The service worker has kept the page, its scripts and the walk list for the stairwell.
    expect(phone.locator('#visit-app[data-offline-ready="1"]')).to_be_attached()
    phone.wait_for_function("navigator.serviceWorker.controller !== null")  # claimed
    kept = phone.evaluate(
        """caches.keys().then(names => Promise.all(names.map(n => caches.open(n)
        .then(c => c.keys())))).then(all => all.flat().map(r => new URL(r.url).pathname))"""
    )
    for path in (
        f"/outreach/field/{world.campaign_id}",
        f"/outreach/campaigns/{world.campaign_id}/walk-list.json",
        "/static/js/visit.js",
        "/static/vendor/idb-keyval/idb-keyval.js",
    ):
        assert path in kept, path
    _shot(phone, "list")

    phone.context.set_offline(True)
    expect(phone.locator("#net-state")).to_have_text("离线")
    expect(phone.locator("#offline-note")).to_be_visible()

    _room(phone, world, "202").click()
    expect(phone.locator("#form-title")).to_have_text("明珠苑 3栋 2单元 202")
    expect(phone.locator("#reveal")).to_be_hidden()
    expect(phone.locator("#reveal-note")).to_be_visible()
    phone.get_by_label("已入户").check()
    phone.get_by_label("海报张贴").check()
    phone.get_by_label("预警宣防").check()
    phone.get_by_label("意见建议", exact=True).check()
    phone.fill("#suggestion-text", "希望多来社区讲讲养老骗局")
    phone.fill("#residents-reached", "2")
    phone.get_by_label("需再访").check()
    phone.fill("#revisit-reason", "儿子不在家，下周再来")
    phone.set_input_files("#photo", str(photo))
    expect(phone.locator("#photo-preview")).to_be_visible()
    _shot(phone, "form")
    phone.click("#save-visit")

    expect(phone.locator("#pending-count")).to_have_text("1")
    waiting = phone.locator("#pending-list li.state-waiting")
    expect(waiting).to_contain_text("明珠苑 3栋 2单元 202")
    expect(waiting).to_contain_text("照片待上传")
    expect(waiting).to_contain_text("待同步")
    expect(_room(phone, world, "202")).to_contain_text("已入户")

    # Nobody home on the whole first floor: one queued visit per household.
    phone.locator('button[data-floor="明珠苑 3栋|2单元|1"]').click()
    expect(phone.locator("#pending-count")).to_have_text("3")
    expect(phone.locator("#sync-status")).to_contain_text("已为 1 层 2 户记录“无人在家”")
    # The same floor tapped twice more (a double tap) queues nothing new: it used to queue
    # another visit per household per tap.
    phone.locator('button[data-floor="明珠苑 3栋|2单元|1"]').dblclick()
    expect(phone.locator("#sync-status")).to_contain_text("已为 1 层 0 户记录“无人在家”")
    expect(phone.locator("#pending-count")).to_have_text("3")
    _shot(phone, "waiting")
    queued = phone.evaluate(
        f"window.VisitQueue.all({world.campaign_id}).then(items => items.map(i => i.visit))"
    )
    assert len(queued) == 3
    # One more door, whose household the station deletes from the register meanwhile.
    _room(phone, world, "203").click()
    phone.get_by_label("拒绝").check()
    phone.click("#save-visit")
    expect(phone.locator("#pending-count")).to_have_text("4")
    with Session(engine) as session:
        assert _visits(session, world) == 0
        session.get(Household, world.household_ids["203"]).deleted_at = func.now()
        session.commit()

    posts: list[str] = []
    phone.on(
        "request",
        lambda r: posts.append(r.url) if r.method == "POST" and "/visits/sync" in r.url else None,
    )
    phone.context.set_offline(False)
    expect(phone.locator("#pending-count")).to_have_text("0")
    expect(phone.locator("#sync-status")).to_have_text("已同步 3 条")
    assert len(posts) == 2  # 3 visits, then 1
    expect(phone.locator("#pending-list li.state-created")).to_have_count(3)
    refused = phone.locator("#pending-list li.state-refused")
    expect(refused).to_contain_text("明珠苑 3栋 2单元 203")
    expect(refused).to_contain_text("被拒绝：该住户已从底册删除，走访未记录")
    # Its door no longer says 待同步: it will never be sent again.
    expect(_room(phone, world, "203")).to_contain_text("被拒绝")
    expect(_room(phone, world, "203")).not_to_contain_text("待同步")
    expect(_room(phone, world, "202")).not_to_contain_text("待同步")
    _shot(phone, "synced")

    # The queue sent again (a lost answer, a second tap), as the phone last held it (the
    # photo's id filled in once the photo was up): nothing new is stored.
    with Session(engine) as session:
        photo_id = session.scalar(
            select(Visit.photo_id).where(
                Visit.campaign_id == world.campaign_id, Visit.photo_id.is_not(None)
            )
        )
    for item in queued:
        if item["household_id"] == world.household_ids["202"]:
            item["photo_id"] = photo_id
    again = phone.evaluate(
        """([url, visits]) => fetch(url, {method: "POST", headers: {"Content-Type":
        "application/json", "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]')
        .content}, body: JSON.stringify({visits})}).then(r => r.json())""",
        [f"/outreach/campaigns/{world.campaign_id}/visits/sync", queued],
    )
    assert [r["status"] for r in again["results"]] == ["unchanged"] * 3
    with Session(engine) as session:
        assert _visits(session, world) == 3
        # The photo went up before its visit, and the visit names it.
        assert session.get(VisitPhoto, photo_id).uploaded_by_id is not None
        state = session.get(HouseholdState, (world.campaign_id, world.household_ids["202"]))
        assert state.latest_outcome == "entered" and state.revisit_pending
        totals = session.get(GridTotals, (world.campaign_id, world.grid_id))
        assert (totals.visited, totals.attempted, totals.residents_reached) == (1, 3, 2)

    # A fresh load shows the household visited, from the server's figures.
    phone.reload()
    expect(_room(phone, world, "202")).to_contain_text("已入户")
    expect(_room(phone, world, "101")).to_contain_text("无人在家")

    # The station's coverage map, on a phone too: the grid counts the entered household once
    # (three visits stored, one of them 已入户; the re-send added nothing), as a direct count.
    with Session(engine) as session:
        baseline = session.scalar(
            select(func.count()).where(
                CampaignBaseline.campaign_id == world.campaign_id,
                CampaignBaseline.grid_id == world.grid_id,
            )
        )
        entered = session.scalar(
            select(func.count(func.distinct(Visit.household_id))).where(
                Visit.campaign_id == world.campaign_id,
                Visit.grid_id == world.grid_id,
                Visit.outcome == "entered",
            )
        )
    assert entered == 1
    officer = phone.context.browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        map_page = officer.new_page()
        sign_in(map_page, live_server, "station_a")
        map_page.goto(f"{live_server}/outreach/map?campaign={world.campaign_id}")
        expect(map_page.locator("#coverage-map")).to_have_attribute("data-ready", "1")
        row = map_page.locator(f'#map-regions tr[data-region="g{world.grid_id}"]')
        expect(row.locator("td").nth(2)).to_have_text(f"{entered} / {baseline}")
        drawn = map_page.evaluate(
            """(key) => fetch(document.getElementById("coverage-map").dataset.figures)
            .then(r => r.json()).then(f => f.regions.find(r => r.name === key))""",
            f"g{world.grid_id}",
        )
        assert (drawn["visited"], drawn["baseline"]) == (entered, baseline)
        _shot(map_page, "map")
    finally:
        officer.close()


def test_the_field_page_reloaded_offline_still_records_a_visit_that_syncs_once(
    phone: Page, live_server: str, engine, world: FieldWorld
):
    sign_in(phone, live_server, "dissuader_a")
    phone.goto(f"{live_server}/outreach/field")
    phone.locator(f'a[data-campaign="{world.campaign_id}"]').click()
    expect(phone.locator('#visit-app[data-offline-ready="1"]')).to_be_attached()
    phone.wait_for_function("navigator.serviceWorker.controller !== null")

    # In the stairwell the page is opened again (a tap on reload, the phone woke up): no network.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("#net-state")).to_have_text("离线")
    expect(_room(phone, world, "301")).to_contain_text("未走访")
    _room(phone, world, "301").click()
    phone.get_by_label("已入户").check()
    phone.fill("#residents-reached", "3")
    phone.click("#save-visit")
    expect(phone.locator("#pending-count")).to_have_text("1")
    expect(phone.locator("#pending-list li.state-waiting")).to_contain_text("待同步")
    _shot(phone, "offline-reload")
    # Reloaded again before the signal comes back: the queue is still on the phone.
    phone.reload()
    expect(phone.locator("#pending-count")).to_have_text("1")
    expect(_room(phone, world, "301")).to_contain_text("已入户")
    with Session(engine) as session:
        assert _visits(session, world) == 0

    # The signal comes back. The page may have read "online" all along (a reload served from
    # the service worker's cache); it finds the server again by asking it every few seconds.
    phone.context.set_offline(False)
    expect(phone.locator("#pending-count")).to_have_text("0", timeout=15_000)
    expect(phone.locator("#sync-status")).to_have_text("已同步 1 条")
    phone.reload()  # online again: the server's figures, and nothing sent twice
    expect(_room(phone, world, "301")).to_contain_text("已入户")
    expect(phone.locator("#pending-count")).to_have_text("0")
    with Session(engine) as session:
        assert _visits(session, world) == 1
        state = session.get(HouseholdState, (world.campaign_id, world.household_ids["301"]))
        assert state.latest_outcome == "entered"


def test_the_field_page_at_a_desk(browser, live_server: str, world: FieldWorld):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server, "dissuader_a")
        page.goto(f"{live_server}/outreach/field")
        page.locator(f'a[data-campaign="{world.campaign_id}"]').click()
        expect(_room(page, world, "301")).to_be_visible()
        _shot(page, "desk")
        _room(page, world, "301").click()
        expect(page.locator("#visit-form")).to_be_visible()
        _shot(page, "desk-form")
    finally:
        context.close()
