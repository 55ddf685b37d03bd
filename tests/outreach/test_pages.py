"""What officers and field staff see: a campaign planned and started, grids taken, the walk
list masked, visits synced by the field page's JSON route, coverage and the register import."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from fanzha.access import Principal
from fanzha.cases import service as cases
from fanzha.cases.schemas import CaseIn
from fanzha.config import get_settings
from fanzha.org.models import Unit
from fanzha.outreach.errors import CampaignNameMissing, CampaignNameTooLong
from fanzha.outreach.models import Campaign, Household, Visit
from tests.helpers import api_post, audit_entries, login, post_form
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

pytestmark = pytest.mark.usefixtures("city")


def test_a_station_plans_starts_and_sees_its_campaign(client, session):
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    add_households(session, grid, 6)
    login(client, "station_a")
    made = post_form(
        client,
        "/outreach/campaigns",
        {
            "name": "冬季敲门行动",
            "starts_on": "2026-11-01",
            "ends_on": "2026-12-31",
            "unit_ids": [str(station.unit_id)],
            "five_ones": ["poster", "leaflet"],
            "priority_flags": ["elderly_alone"],
            "rule_officer_or_auxiliary": "1",
            "rule_volunteer": "1",
        },
    )
    assert made.status_code == 303
    campaign = session.scalar(select(Campaign).where(Campaign.name == "冬季敲门行动"))
    assert campaign.status == "draft" and campaign.team_rule == {
        "officer_or_auxiliary": 1,
        "volunteer": 1,
    }
    assert post_form(client, f"/outreach/campaigns/{campaign.id}/start").status_code == 303
    page = client.get(f"/outreach/campaigns/{campaign.id}")
    assert "进行中" in page.text
    baseline = session.scalar(
        select(func.count())
        .select_from(Household)
        .join(Unit, Unit.id == Household.unit_id)
        .where(Unit.path.like(station.unit_path + "%"), Household.deleted_at.is_(None))
    )
    assert f"{baseline} 户" in page.text
    again = post_form(client, f"/outreach/campaigns/{campaign.id}/start")
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"target_coverage_pct": "八十"}, "target_coverage_pct", "入户率目标须为 1 到 100"),
        ({"target_coverage_pct": "9" * 5000}, "target_coverage_pct", "入户率目标须为 1 到 100"),
        ({"ends_on": "2026-13-40"}, "ends_on", "请填写有效的日期"),
        ({"ends_on": "2026-10-01"}, "ends_on", "结束日期不能早于开始日期"),
        ({"unit_ids": []}, "unit_ids", "请至少选择一个参战单位"),
        ({"questionnaire_id": "第一版"}, "questionnaire_id", "问卷编号须为数字"),
        # A missing questionnaire was a foreign-key failure answered as a duplicate (409).
        ({"questionnaire_id": "999999"}, "questionnaire_id", "问卷不存在、已停用"),
        # Year 1 to 9999 drew a point a day on the coverage page: 24 MB in 16 s.
        ({"starts_on": "0001-01-01", "ends_on": "9999-12-31"}, "ends_on", "不能超过731天"),
        # "²" passes isdigit and fails int: a 500; so did 5,000 digits.
        ({"rule_volunteer": "²"}, "team_rule", "每次走访人数须为 0 到 20"),
        ({"rule_volunteer": "9" * 5000}, "team_rule", "每次走访人数须为 0 到 20"),
        ({"rule_grid_worker": "99999999999999999999"}, "team_rule", "每次走访人数须为 0 到 20"),
        # A hand-made code was a full error page with no form.
        ({"five_ones": ["poster", "banner"]}, "five_ones", "未知的选项：banner"),
        ({"priority_flags": ["<b>x</b>"]}, "priority_flags", "未知的选项：&lt;b&gt;x&lt;/b&gt;"),
    ],
    ids=[
        "target",
        "target-5000-digits",
        "bad-date",
        "period",
        "no-unit",
        "questionnaire",
        "questionnaire-missing",
        "too-long",
        "rule-superscript",
        "rule-huge",
        "rule-absurd",
        "five-ones-unknown",
        "flag-unknown",
    ],
)
def test_a_campaign_form_error_sits_beside_its_own_field(client, session, change, field, message):
    station = principal(session, "station_a")
    login(client, "station_a")
    form = {
        "name": "冬季敲门行动",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "target_coverage_pct": "85",
        "unit_ids": [str(station.unit_id)],
        "five_ones": ["poster"],
    }
    refused = post_form(client, "/outreach/campaigns", {**form, **change})
    assert refused.status_code == 422
    shown = re.findall(r'<small class="error" id="e-([a-z_]+)">([^<]*)<', refused.text)
    assert len(shown) == 1 and shown[0][0] == field and message in shown[0][1]
    assert 'value="冬季敲门行动"' in refused.text  # what was typed stays
    assert session.scalar(select(Campaign).where(Campaign.name == "冬季敲门行动")) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [(" \t\u3000", "请填写行动名称"), ("行" * 101, "名称最多 100 个字")],
    ids=["blank", "too-long"],
)
def test_a_campaign_name_blank_or_too_long_is_refused_not_replaced(client, session, name, message):
    """A blank name was saved as 专项行动 and a long one cut to 100 characters, both unsaid."""
    station = principal(session, "station_a")
    login(client, "station_a")
    before = session.scalar(select(func.count()).select_from(Campaign))
    form = {
        "name": name,
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "unit_ids": [str(station.unit_id)],
    }
    refused = post_form(client, "/outreach/campaigns", form)
    assert refused.status_code == 422
    shown = dict(re.findall(r'<small class="error" id="e-([a-z_]+)">([^<]*)<', refused.text))
    assert shown == {"name": message}
    assert session.scalar(select(func.count()).select_from(Campaign)) == before


def test_the_service_itself_refuses_a_blank_or_long_name_and_trims_a_good_one(session):
    """The rule lives in the service, so no caller (form, demo, a script) can skip it."""
    station = principal(session, "station_a")
    for name, refused in (("\u200b\u3000", CampaignNameMissing), ("行" * 101, CampaignNameTooLong)):
        with pytest.raises(refused):
            running_campaign(session, station, name=name)
    assert running_campaign(session, station, name="\u3000冬季敲门 ").name == "冬季敲门"


@pytest.mark.parametrize("other", ["station_b", "unknown", "abc", "-1", "9" * 40])
def test_a_unit_outside_the_planners_scope_is_named_as_such(client, session, other):
    """Not 请至少选择一个参战单位 when one was chosen; an unknown or unreadable id reads alike."""
    station = principal(session, "station_a")
    chosen = {"station_b": principal(session, "station_b").unit_id, "unknown": 987654}.get(
        other, other
    )
    login(client, "station_a")
    form = {
        "name": "越界敲门行动",
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "target_coverage_pct": "85",
        "unit_ids": [str(station.unit_id), str(chosen)],
    }
    refused = post_form(client, "/outreach/campaigns", form)
    assert refused.status_code == 422
    shown = dict(re.findall(r'<small class="error" id="e-([a-z_]+)">([^<]*)<', refused.text))
    assert shown == {"unit_ids": "所选参战单位不在本单位管辖范围内，只能选择本单位及下级单位"}
    assert session.scalar(select(Campaign).where(Campaign.name == "越界敲门行动")) is None


def test_an_unreadable_unit_alone_is_not_read_as_none_chosen(client):
    login(client, "station_a")
    form = {"name": "越界敲门行动", "starts_on": "2026-11-01", "ends_on": "2026-12-31"}
    refused = post_form(client, "/outreach/campaigns", {**form, "unit_ids": ["abc"]})
    assert refused.status_code == 422
    shown = dict(re.findall(r'<small class="error" id="e-([a-z_]+)">([^<]*)<', refused.text))
    assert shown == {"unit_ids": "所选参战单位不在本单位管辖范围内，只能选择本单位及下级单位"}


def test_every_campaign_form_problem_shows_at_once(client, session):
    """A planner who chose no unit, put the end before the start and asked for 99 volunteers
    a visit sees the three problems together, not one per attempt."""
    login(client, "station_a")
    form = {
        "name": "冬季敲门行动",
        "starts_on": "2026-12-31",
        "ends_on": "2026-11-01",
        "target_coverage_pct": "85",
        "five_ones": ["poster"],
        "rule_volunteer": "99",
    }
    refused = post_form(client, "/outreach/campaigns", form)
    assert refused.status_code == 422
    shown = dict(re.findall(r'<small class="error" id="e-([a-z_]+)">([^<]*)<', refused.text))
    assert shown.keys() == {"ends_on", "unit_ids", "team_rule"}
    assert session.scalar(select(Campaign).where(Campaign.name == "冬季敲门行动")) is None


def test_a_questionnaire_of_another_station_cannot_be_asked_and_an_invisible_name_is_refused(
    client, session
):
    from fanzha.questionnaires import service as questionnaires

    theirs = questionnaires.create_questionnaire(
        session,
        principal(session, "station_b"),
        title="望海入户问卷",
        purpose="door_knock",
        questions=[{"kind": "single", "title": "是否接到过诈骗电话", "options": ["是", "否"]}],
    )
    session.commit()
    station = principal(session, "station_a")
    login(client, "station_a")
    form = {
        "starts_on": "2026-11-01",
        "ends_on": "2026-12-31",
        "unit_ids": [str(station.unit_id)],
    }
    refused = post_form(
        client, "/outreach/campaigns", {**form, "name": "借用", "questionnaire_id": str(theirs.id)}
    )
    assert refused.status_code == 422 and "问卷不存在、已停用或不在您的管辖范围" in refused.text
    blank = post_form(client, "/outreach/campaigns", {**form, "name": "\u200b\u3000"})
    assert blank.status_code == 422 and "请填写行动名称" in blank.text


def test_a_grid_taken_shows_as_taken_and_a_second_take_is_refused(client, session):
    station = principal(session, "station_a")
    campaign = running_campaign(session, station)
    grid = grids_of(session, station)[0]
    login(client, "station_a")
    page = client.get(f"/outreach/campaigns/{campaign.id}/assign").text
    team_id = page.split('name="team_id"')[1].split('value="')[1].split('"')[0]
    form = {"grid_id": str(grid.id), "team_id": team_id}
    assert post_form(client, f"/outreach/campaigns/{campaign.id}/assign", form).status_code == 303
    taken = post_form(client, f"/outreach/campaigns/{campaign.id}/assign", form)
    assert taken.status_code == 409 and "认领" in taken.text
    assert "已由" in client.get(f"/outreach/campaigns/{campaign.id}/assign").text


def test_the_field_page_syncs_visits_and_resending_creates_nothing(client, session):
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 3)
    campaign = running_campaign(session, station)
    login(client, "station_a")
    items = [visit(h) for h in homes]
    url = f"/outreach/campaigns/{campaign.id}/visits/sync"
    first = api_post(client, url, {"visits": items})
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["created"] * 3
    again = api_post(client, url, {"visits": items})
    assert [r["status"] for r in again.json()["results"]] == ["unchanged"] * 3
    assert session.scalar(select(func.count()).where(Visit.campaign_id == campaign.id)) == 3
    assert api_post(client, url, {"nothing": 1}).status_code == 422
    no_token = client.post(url, json={"visits": items})
    assert no_token.status_code == 403


def test_a_queue_past_the_body_cap_is_told_it_is_too_large(client, session, monkeypatch):
    """Not 请求内容无法解析: FastAPI reports what fails while it reads JSON as a parse error."""
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 1)
    campaign = running_campaign(session, station)
    login(client, "station_a")
    monkeypatch.setattr(get_settings(), "upload_excel_mb", 0.001)
    padded = {**visit(homes[0]), "suggestion_text": "建议" * 400_000}
    url = f"/outreach/campaigns/{campaign.id}/visits/sync"
    refused = api_post(client, url, {"visits": [padded]})
    assert refused.status_code == 413
    told = refused.json()
    assert told["message"] == "提交的内容超过 0.001 MB 上限，请分批提交"  # not 文件, field "file"
    assert told.get("field") is None
    assert session.scalar(select(func.count()).where(Visit.campaign_id == campaign.id)) == 0


def test_the_walk_list_is_masked_and_puts_the_defrauded_first_without_saying_so_to_dissuaders(
    client, session
):
    station = principal(session, "station_a")
    dissuader = principal(session, "dissuader_a")
    grid = next(g for g in grids_of(session, station) if g.unit_id == dissuader.unit_id)
    [plain] = add_households(session, grid, 1, compound="甲小区", contact_phone="+8613900000001")
    [victim] = add_households(
        session, grid, 1, compound="乙小区", contact_phone="+8613900000002", contact_name="王小明"
    )
    cases.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name="王小明", victim_phone="13900000002"),
        unit_id=station.unit_id,
    )
    campaign = running_campaign(session, station)
    login(client, "station_a")
    rows = client.get(f"/outreach/campaigns/{campaign.id}/walk-list.json").json()["households"]
    ours = [r for r in rows if r["id"] in (plain, victim)]
    assert [r["id"] for r in ours] == [victim, plain]
    assert ours[0]["reasons"] == ["defrauded"]
    assert ours[0]["contact_phone"] == "139****0002" and ours[0]["contact_name"] == "王*明"
    client.cookies.clear()
    login(client, "dissuader_a")
    rows = client.get(f"/outreach/campaigns/{campaign.id}/walk-list.json").json()["households"]
    mine = {r["id"]: r for r in rows}
    assert mine[victim]["priority"] and mine[victim]["reasons"] == []
    # A visitor reveals only through the field page (campaign and team grids checked).
    assert api_post(client, f"/outreach/households/{victim}/reveal").status_code == 403
    client.cookies.clear()
    login(client, "station_a")  # a planner, on the register
    revealed = api_post(client, f"/outreach/households/{victim}/reveal")
    assert revealed.json()["contact_phone"] == "+8613900000002"
    assert audit_entries(session, "outreach.household.unmasked")


def test_the_register_import_is_all_or_nothing_with_each_bad_row_named(client, session):
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    login(client, "station_a")
    template = client.get("/outreach/households/import/template")
    assert template.status_code == 200
    headers = [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]]

    def sheet(rows):
        wb = Workbook()
        ws = wb.active
        ws.append(headers)
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    good = [grid.code, "导入小区", "1", "2", "301", "3", "独居老人", "李四", "13800001111"]
    bad = [grid.code, "导入小区", "1", "2", "302", "x", "外星人", "", "12"]
    no_grid = ["", "导入小区", "1", "2", "303", "1", "", "", ""]
    invisible_grid = ["\u200b", "导入小区", "1", "2", "304", "1", "", "", ""]
    before = session.scalar(select(func.count()).select_from(Household))
    refused = client.post(
        "/outreach/households/import",
        data={"csrf_token": client.cookies.get("fanzha_csrf")},
        files={"file": ("户.xlsx", sheet([good, bad, no_grid, invisible_grid]))},
    )
    assert refused.status_code == 422
    assert "第 3 行" in refused.text and "未知的重点人群：外星人" in refused.text
    # An empty grid code is a missing value, not an unknown one.
    assert "第 4 行" in refused.text and "第 5 行" in refused.text and "必填" in refused.text
    assert "网格代码不存在" not in refused.text
    # The page said the good rows were stored all the same; none is.
    assert "只要有一行有误，整份文件都不导入" in refused.text
    assert "正确的行照常导入" not in refused.text
    assert session.scalar(select(func.count()).select_from(Household)) == before
    stored = client.post(
        "/outreach/households/import",
        data={"csrf_token": client.cookies.get("fanzha_csrf")},
        files={"file": ("户.xlsx", sheet([good]))},
    )
    assert stored.status_code == 200 and "已导入1户" in stored.text
    row = session.scalar(select(Household).where(Household.compound == "导入小区"))
    assert row.flags == ["elderly_alone"] and row.contact_phone == "+8613800001111"
    listing = client.get("/outreach/households", params={"q": "导入小区"}).text
    assert "138****1111" in listing and "13800001111" not in listing


def test_coverage_page_shows_the_levels(client, session):
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 4)
    campaign = running_campaign(session, station)
    from fanzha.outreach import sync

    sync.sync_visits(session, station, campaign.id, [visit(h) for h in homes[:2]])
    login(client, "station_a")
    page = client.get("/outreach/coverage", params={"campaign": campaign.id})
    assert page.status_code == 200
    assert "按派出所" in page.text and "按社区" in page.text
    assert "progress-chart" in page.text
    outcome = client.get(f"/outreach/campaigns/{campaign.id}/outcome")
    assert outcome.status_code == 200 and "已入户住户" in outcome.text


def test_the_outcome_page_lists_a_visited_household_defrauded_afterwards(client, session):
    station = principal(session, "station_a")
    [home] = add_households(
        session, grids_of(session, station)[0], 1, contact_phone="+8613900000077"
    )
    campaign = running_campaign(session, station)
    from fanzha.outreach import sync

    sync.sync_visits(session, station, campaign.id, [visit(home)])  # visited 2026-11-20
    cases.create_case(
        session,
        Principal.system(),
        CaseIn(victim_name="赵六", victim_phone="13900000077"),
        unit_id=station.unit_id,
    )
    login(client, "station_a")
    page = client.get(f"/outreach/campaigns/{campaign.id}/outcome")
    assert page.status_code == 200
    assert "预后被骗" in page.text and "139****0077" in page.text
