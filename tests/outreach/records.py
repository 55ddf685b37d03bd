"""Building blocks for the prevention tests: a station's grids, households, a campaign."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.auth.service import user_principal
from fanzha.org.models import Grid, Team, Unit
from fanzha.outreach import service
from fanzha.outreach.models import Campaign, Household
from tests.helpers import user


def principal(session: Session, username: str) -> Principal:
    return user_principal(user(session, username))


def grids_of(session: Session, actor: Principal) -> list[Grid]:
    stmt = (
        select(Grid)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.like(actor.unit_path + "%"))
        .order_by(Grid.id)
    )
    return list(session.scalars(stmt))


def add_households(
    session: Session, grid: Grid, count: int, *, compound: str = "明珠苑", **more: Any
) -> list[int]:
    rows = [
        {
            "grid_id": grid.id,
            "unit_id": grid.unit_id,
            "compound": compound,
            "building": str(1 + i // 20),
            "unit_no": "1",
            "room": f"{100 + i}",
            "residents": 1 + i % 4,
            **more,
        }
        for i in range(count)
    ]
    return list(session.scalars(insert(Household).returning(Household.id), rows))


def running_campaign(session: Session, actor: Principal, **more: Any) -> Campaign:
    data = service.CampaignIn(
        **{
            "name": "百日敲门行动",
            "starts_on": date(2026, 11, 1),
            "ends_on": date(2027, 2, 8),
            "unit_ids": [actor.unit_id],
            **more,
        }
    )
    campaign = service.create_campaign(session, actor, data)
    service.start_campaign(session, actor, campaign)
    return campaign


def team_of(session: Session, actor: Principal) -> Team:
    return session.scalars(select(Team).where(Team.unit_id == actor.unit_id)).first()


AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def visit(household_id: int, **more: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "household_id": household_id,
        "outcome": "entered",
        "visited_at": AT.isoformat(),
        "member_staff_ids": [],
        "residents_reached": 2,
        "five_ones": ["poster", "leaflet"],
        "suggestion_text": "",
        "questionnaire_version_id": None,
        "answers": {},
        "revisit_needed": False,
        "revisit_reason": "",
        "photo_id": None,
    }
    body.update(more)
    return body


def later(minutes: int) -> str:
    return (AT + timedelta(minutes=minutes)).isoformat()
