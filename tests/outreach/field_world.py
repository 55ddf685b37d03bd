"""A running campaign whose grid dissuader_a's team holds, with households on three floors:
the world of the field page's tests (unit and browser)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fanzha.org.models import Team, TeamKind, TeamMember
from fanzha.outreach import service
from fanzha.outreach.models import Household
from tests.helpers import user
from tests.outreach.records import grids_of, principal, running_campaign

ROOMS = ("101", "102", "201", "202", "203", "301")


@dataclass(frozen=True)
class FieldWorld:
    campaign_id: int
    team_id: int
    grid_id: int
    household_ids: dict[str, int]  # room → household
    elsewhere_id: int  # a household of a grid the team does not hold
    staff_id: int  # dissuader_a's


def build(session: Session) -> FieldWorld:
    station = principal(session, "station_a")
    visitor = principal(session, "dissuader_a")
    grid, other = grids_of(session, visitor)[0], None
    other = next(g for g in grids_of(session, station) if g.id != grid.id)
    rows = [
        {
            "grid_id": grid.id,
            "unit_id": grid.unit_id,
            "compound": "明珠苑",
            "building": "3栋",
            "unit_no": "2单元",
            "room": room,
            "residents": 2,
            "contact_name": "王秀兰",
            "contact_phone": "+8613900001111",
            "flags": ["elderly_alone"] if room == "202" else [],
        }
        for room in ROOMS
    ]
    ids = list(session.scalars(insert(Household).returning(Household.id), rows))
    elsewhere = session.scalar(
        insert(Household)
        .values(grid_id=other.id, unit_id=other.unit_id, compound="别处", room="101")
        .returning(Household.id)
    )
    campaign = running_campaign(session, station, priority_flags=["elderly_alone"])
    team = session.scalars(
        select(Team).where(Team.unit_id == station.unit_id, Team.kind == TeamKind.door_visit)
    ).first()
    staff_id = user(session, "dissuader_a").staff_id
    session.execute(insert(TeamMember).values(team_id=team.id, staff_id=staff_id))
    service.take_grid(session, station, campaign, grid.id, team.id)
    session.flush()
    return FieldWorld(
        campaign.id, team.id, grid.id, dict(zip(ROOMS, ids, strict=True)), elsewhere, staff_id
    )
