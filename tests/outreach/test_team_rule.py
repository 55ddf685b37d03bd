"""The campaign's team rule, checked on each synced visit from the members present: a visit
that breaks it is kept (who came cannot be changed afterwards), the phone is told which role
was missing, and the coverage page counts it under 不符合组队要求."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fanzha.org.models import Staff, StaffKind, Team, TeamKind, TeamMember, Unit
from fanzha.outreach import service, sync
from fanzha.outreach.models import Visit
from tests.helpers import login
from tests.outreach.records import add_households, grids_of, principal, running_campaign, visit

pytestmark = pytest.mark.usefixtures("city")

RULE = {"officer_or_auxiliary": 1, "grid_worker": 1, "volunteer": 1}


def _one(session, kind: StaffKind, inside: bool = True, station=None) -> int:
    """The first staff of `kind` in station_a's units (or, `inside` False, outside them)."""
    station = station or principal(session, "station_a")
    mine = Staff.unit_id.in_(select(Unit.id).where(Unit.path.startswith(station.unit_path)))
    return session.scalars(
        select(Staff.id).where(Staff.kind == kind, mine if inside else ~mine).order_by(Staff.id)
    ).first()


def test_a_visit_without_a_grid_worker_is_kept_flagged_and_counted(client, session):
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 3)
    campaign = running_campaign(session, station, team_rule=RULE)
    officer, grid_worker, volunteer = (
        _one(session, k) for k in (StaffKind.officer, StaffKind.grid_worker, StaffKind.volunteer)
    )
    full, short, alone = sync.sync_visits(
        session,
        station,
        campaign.id,
        [
            visit(homes[0], member_staff_ids=[officer, grid_worker, volunteer]),
            visit(homes[1], member_staff_ids=[officer, volunteer]),
            visit(homes[2], member_staff_ids=[volunteer]),
        ],
    )
    assert (full.status, full.message) == ("created", "已同步")
    assert short.status == "created"
    assert short.message == "已同步，但不符合组队要求：缺少网格员"
    assert alone.message == "已同步，但不符合组队要求：缺少民警或辅警、网格员"
    kept = session.scalar(select(func.count()).where(Visit.campaign_id == campaign.id))
    assert kept == 3
    login(client, "station_a")
    page = client.get(f"/outreach/coverage?campaign={campaign.id}").text
    assert "不符合组队要求" in page
    assert "2 次走访（缺少民警或辅警 1 次，缺少网格员 2 次）" in page


def test_a_campaign_without_a_rule_flags_nothing(session):
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 1)
    campaign = running_campaign(session, station)
    [answer] = sync.sync_visits(session, station, campaign.id, [visit(homes[0])])
    assert answer.message == "已同步"


def test_a_member_from_outside_the_campaign_is_refused_like_an_unknown_id(session):
    """Staff of units not taking part (and in none of its teams) cannot be named present: the
    answer is the same as for an id that does not exist, so ids cannot be probed."""
    station = principal(session, "station_a")
    homes = add_households(session, grids_of(session, station)[0], 3)
    campaign = running_campaign(session, station)
    mine = _one(session, StaffKind.officer)
    theirs = _one(session, StaffKind.officer, inside=False)
    assert mine and theirs
    ok, other, unknown = sync.sync_visits(
        session,
        station,
        campaign.id,
        [
            visit(homes[0], member_staff_ids=[mine]),
            visit(homes[1], member_staff_ids=[mine, theirs]),
            visit(homes[2], member_staff_ids=[2_000_000_000]),
        ],
    )
    assert ok.status == "created"
    assert (other.status, other.message) == ("refused", "同行队员不在名册中")
    assert (unknown.status, unknown.message) == (other.status, other.message)


def test_a_volunteer_of_a_taking_part_teams_is_accepted_after_its_grid_was_released(session):
    """The phone recorded the visit offline while the team held the grid; the grid was released
    before it synced. The volunteer (on another unit's books) is still on the roster."""
    station = principal(session, "station_a")
    grid = grids_of(session, station)[0]
    homes = add_households(session, grid, 1)
    campaign = running_campaign(session, station)
    team = Team(unit_id=station.unit_id, name="银发志愿队", kind=TeamKind.outreach)
    session.add(team)
    session.flush()
    volunteer = _one(session, StaffKind.volunteer, inside=False)
    session.add(TeamMember(team_id=team.id, staff_id=volunteer))
    session.flush()
    service.take_grid(session, station, campaign, grid.id, team.id)
    service.release_grid(session, station, campaign, grid.id)
    [answer] = sync.sync_visits(
        session, station, campaign.id, [visit(homes[0], member_staff_ids=[volunteer])]
    )
    assert answer.status == "created", answer.message
