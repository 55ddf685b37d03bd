"""走访记录: a campaign's visits listed for the station and the center to check the work: each
reader sees the doors of its own units, filters by outcome and revisit, sees who was present
and opens the photo; the Excel holds the same rows and is audited."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fanzha.config import get_settings
from fanzha.org.models import Staff, StaffKind, Unit
from fanzha.outreach import photos, sync
from tests.helpers import audit_entries, login
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit
from tests.outreach.test_photos import camera_jpeg

pytestmark = pytest.mark.usefixtures("city")


@pytest.fixture
def branch_campaign(session, tmp_path, monkeypatch):
    """A 分局's campaign over its stations; station_a and station_b each visit their doors."""
    monkeypatch.setattr(get_settings(), "files_dir", tmp_path)
    branch = principal(session, "branch_leader")
    campaign = running_campaign(session, branch)
    station_a, station_b = principal(session, "station_a"), principal(session, "station_b")
    mine = add_households(session, grids_of(session, station_a)[0], 3, compound="明珠苑")
    theirs = add_households(session, grids_of(session, station_b)[0], 1, compound="望海苑")
    officer = session.scalars(
        select(Staff.id)
        .join(Unit, Unit.id == Staff.unit_id)
        .where(Staff.kind == StaffKind.officer, Unit.path.startswith(station_a.unit_path))
        .order_by(Staff.id)
    ).first()
    photo = photos.store(session, principal(session, "dissuader_a"), uuid.uuid4(), camera_jpeg()).id
    sync.sync_visits(
        session,
        station_a,
        campaign.id,
        [
            visit(mine[0], member_staff_ids=[officer], suggestion_text="楼道多贴海报"),
            visit(mine[1], outcome="nobody_home", revisit_needed=True, revisit_reason="晚上再来"),
            visit(mine[2], outcome="refused"),
        ],
    )
    sync.sync_visits(session, station_b, campaign.id, [visit(theirs[0])])
    session.commit()
    return campaign, session.get(Staff, officer).name, photo


def _addresses(page: str) -> list[str]:
    return re.findall(r"<td[^>]*>((?:明珠苑|望海苑)[^<]*)</td>", page)


def test_a_station_lists_its_own_doors_and_the_branch_lists_all(client, branch_campaign):
    campaign, officer, _ = branch_campaign
    login(client, "station_a")
    page = client.get(f"/outreach/campaigns/{campaign.id}/visits")
    assert page.status_code == 200
    assert len(_addresses(page.text)) == 3 and "望海苑" not in page.text
    assert officer in page.text and "楼道多贴海报" in page.text and "晚上再来" in page.text
    login(client, "branch_leader")
    every = client.get(f"/outreach/campaigns/{campaign.id}/visits").text
    assert len(_addresses(every)) == 4 and "望海苑" in every


def test_the_list_filters_by_outcome_and_revisit(client, branch_campaign):
    campaign, _, _ = branch_campaign
    login(client, "station_a")
    url = f"/outreach/campaigns/{campaign.id}/visits"
    nobody = client.get(url, params={"outcome": "nobody_home"}).text
    assert len(_addresses(nobody)) == 1 and "晚上再来" in nobody
    revisits = client.get(url, params={"revisit": "1"}).text
    assert len(_addresses(revisits)) == 1
    unknown = client.get(url, params={"outcome": "飞了", "grid": "²"})
    assert unknown.status_code == 200 and len(_addresses(unknown.text)) == 3


def test_a_visit_with_a_photo_links_to_it(client, session, branch_campaign):
    campaign, _, photo = branch_campaign
    station = principal(session, "station_a")
    [home] = add_households(session, grids_of(session, station)[0], 1, compound="明珠苑东区")
    sync.sync_visits(session, station, campaign.id, [visit(home, photo_id=photo)])
    session.commit()
    login(client, "station_a")
    page = client.get(f"/outreach/campaigns/{campaign.id}/visits").text
    assert f'href="/outreach/photos/{photo}"' in page
    shown = client.get(f"/outreach/photos/{photo}")
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"


def test_one_picture_shown_as_the_proof_of_several_doors_is_marked_on_each(
    client, session, branch_campaign
):
    """Kept, not refused (a stairwell poster may stand for a landing), but the checker sees
    照片重复 on each visit it proves, whether the same upload was named twice or the same
    picture uploaded again (the field page uploads each visit's photo under a UUID of its own);
    the Excel says how many others share it. Another picture is not marked."""
    campaign, _, photo = branch_campaign
    station, dissuader = principal(session, "station_a"), principal(session, "dissuader_a")
    homes = add_households(session, grids_of(session, station)[0], 4, compound="明珠苑东区")
    again = photos.store(session, dissuader, uuid.uuid4(), camera_jpeg())  # the same bytes
    other = photos.store(session, dissuader, uuid.uuid4(), camera_jpeg(noise=True))
    sync.sync_visits(
        session,
        station,
        campaign.id,
        [
            visit(homes[0], photo_id=photo),
            visit(homes[1], photo_id=photo),
            visit(homes[2], photo_id=again.id),
            visit(homes[3], photo_id=other.id),
        ],
    )
    session.commit()
    login(client, "station_a")
    url = f"/outreach/campaigns/{campaign.id}/visits"
    page = client.get(url, params={"q": "明珠苑东区"}).text
    assert page.count("照片重复") == 3
    assert page.count("该照片另有 2 次走访也使用") == 3
    sheet = load_workbook(io.BytesIO(client.get(url, params={"export": "xlsx"}).content)).active
    cells = [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[-1]]
    shared = "有照片（另有 2 次走访用同一张）"
    assert sorted(cells) == ["有照片", shared, shared, shared]
    login(client, "station_b")  # none of station_a's doors, so nothing of their photos
    assert "照片重复" not in client.get(url).text


def test_the_excel_holds_the_listed_visits_and_is_audited(client, session, branch_campaign):
    campaign, officer, _ = branch_campaign
    login(client, "station_a")
    answer = client.get(f"/outreach/campaigns/{campaign.id}/visits", params={"export": "xlsx"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("走访时间", "网格", "住址", "结果", "组队缺少")
    assert len(rows) == 4 and {r[3] for r in rows[1:]} == {"已入户", "无人在家", "拒绝"}
    assert any(r[5] == officer for r in rows[1:])
    assert audit_entries(session, "list.page_exported", target_type="outreach_visits")


def test_a_station_cannot_open_another_stations_campaign(client, session):
    campaign = running_campaign(session, principal(session, "station_a"))
    session.commit()
    login(client, "station_b")
    assert client.get(f"/outreach/campaigns/{campaign.id}/visits").status_code == 404


def test_the_address_is_searched_as_it_reads_and_the_export_names_its_campaign(
    client, session, branch_campaign
):
    campaign, _, _ = branch_campaign
    login(client, "station_a")
    url = f"/outreach/campaigns/{campaign.id}/visits"
    shown = _addresses(client.get(url).text)[0]
    found = client.get(url, params={"q": shown[3:]}).text  # "1栋1单元1室" and so on
    assert shown in _addresses(found) and len(_addresses(found)) == 1
    client.get(url, params={"export": "xlsx"})
    [entry] = audit_entries(session, "list.page_exported", target_type="outreach_visits")
    assert entry.target_id == str(campaign.id)
