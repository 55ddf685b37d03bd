"""Volunteer teams: made on their page, hours served counted from the events members helped at,
active and inactive through the state machine (audited, a repeated move refused)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.auth.service import user_principal
from fanzha.org import service as org
from fanzha.org.models import Staff, Team, TeamKind
from fanzha.outreach import events
from fanzha.outreach.people_models import EventKind
from fanzha.outreach.people_schemas import EventIn
from tests.helpers import audit_entries, login, post_form, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


def _volunteers(session, unit, n: int) -> list[Staff]:
    rows = list(
        session.scalars(select(Staff).where(Staff.unit_id == unit.id).order_by(Staff.id).limit(n))
    )
    assert len(rows) == n
    return rows


def test_a_team_made_on_the_page_counts_hours_from_events(client, session, monkeypatch):
    from fanzha.config import get_settings

    monkeypatch.setattr(get_settings(), "outreach_visit_hours", 0)  # the demo's visits aside
    login(client, "station_a")
    station = unit_of(session, "station_a")
    response = post_form(
        client,
        "/outreach/volunteers",
        {"name": "顺风反诈车队", "unit_id": station.id},
        follow_redirects=False,
    )
    assert response.status_code == 303
    team = session.scalars(select(Team).where(Team.name == "顺风反诈车队")).one()
    assert team.kind == TeamKind.volunteer
    first, second = _volunteers(session, station, 2)
    actor = user_principal(user(session, "admin"))
    for member in (first, second):
        org.add_team_member(session, actor, team, member.id)
    for start, end, helpers in (
        ("2026-04-04 09:00", "2026-04-04 12:00", [first.id, second.id]),
        ("2026-04-11 19:00", "2026-04-11 20:30", [first.id]),
    ):
        events.create_event(
            session,
            actor,
            EventIn(
                kind=EventKind.caravan,
                title="反诈大篷车",
                place="火车站广场",
                starts_at=clock.parse_local(start),
                ends_at=clock.parse_local(end),
                unit_id=station.id,
                team_id=team.id,
                staff_ids=helpers,
            ),
        )
    page = client.get(f"/outreach/volunteers/{team.id}").text
    assert "服务时长合计 7.5 小时" in page  # 3 + 3 + 1.5
    assert "4.5 小时" in page and "3.0 小时" in page
    listing = client.get("/outreach/volunteers").text
    row = re.search(r"顺风反诈车队</a></td>(.*?)</tr>", listing, re.S).group(1)
    assert "7.5 小时" in row and "活跃" in row


def test_a_team_is_stopped_and_restarted_through_the_state_machine(client, session):
    login(client, "station_a")
    station = unit_of(session, "station_a")
    post_form(client, "/outreach/volunteers", {"name": "外卖骑手志愿队", "unit_id": station.id})
    team = session.scalars(select(Team).where(Team.name == "外卖骑手志愿队")).one()
    stop = post_form(client, f"/outreach/volunteers/{team.id}/status", {"to": "inactive"})
    assert stop.status_code == 303
    page = client.get(f"/outreach/volunteers/{team.id}").text
    assert 'id="team-status" class="badge-warn">停用' in page
    again = post_form(client, f"/outreach/volunteers/{team.id}/status", {"to": "inactive"})
    assert again.status_code == 409
    assert audit_entries(session, "outreach.volunteer_team.transition", target_id=str(team.id))
    assert "志愿者队伍当前为“停用”，不能变为“停用”" in again.text
    post_form(client, f"/outreach/volunteers/{team.id}/status", {"to": "active"})
    assert 'id="team-status" class="">活跃' in client.get(f"/outreach/volunteers/{team.id}").text


def test_the_leader_must_be_a_member(client, session):
    login(client, "station_a")
    station = unit_of(session, "station_a")
    post_form(client, "/outreach/volunteers", {"name": "银发宣讲二队", "unit_id": station.id})
    team = session.scalars(select(Team).where(Team.name == "银发宣讲二队")).one()
    outsider = _volunteers(session, station, 1)[0]
    response = post_form(
        client, f"/outreach/volunteers/{team.id}/leader", {"leader_id": outsider.id}
    )
    assert response.status_code == 422
    assert "队长须是本队成员" in response.text


def test_door_knock_visits_add_hours_to_the_members_present(client, session, monkeypatch):
    from fanzha.config import get_settings
    from fanzha.outreach import sync, volunteers
    from tests.outreach.records import add_households, grids_of, principal, running_campaign
    from tests.outreach.records import visit as a_visit

    monkeypatch.setattr(get_settings(), "outreach_visit_hours", 0.5)
    login(client, "station_a")
    station = unit_of(session, "station_a")
    post_form(client, "/outreach/volunteers", {"name": "敲门志愿队", "unit_id": station.id})
    team = session.scalars(select(Team).where(Team.name == "敲门志愿队")).one()
    first, second = _volunteers(session, station, 2)
    actor = user_principal(user(session, "admin"))
    for member in (first, second):
        org.add_team_member(session, actor, team, member.id)
    officer = principal(session, "station_a")
    before = volunteers.staff_hours(session, [first.id, second.id])  # the demo city's visits
    homes = add_households(session, grids_of(session, officer)[0], 3)
    campaign = running_campaign(session, officer)
    items = [
        a_visit(homes[0], member_staff_ids=[first.id, second.id]),
        a_visit(homes[1], member_staff_ids=[first.id]),
        a_visit(homes[2], member_staff_ids=[first.id]),
    ]
    assert {r.status for r in sync.sync_visits(session, officer, campaign.id, items)} == {"created"}
    page = client.get(f"/outreach/volunteers/{team.id}").text
    one, two = before.get(first.id, 0.0) + 1.5, before.get(second.id, 0.0) + 0.5
    assert f"服务时长合计 {one + two:.1f} 小时" in page  # 3 visits × 0.5 + 1 visit × 0.5
    assert f"{one:.1f} 小时" in page and f"{two:.1f} 小时" in page
