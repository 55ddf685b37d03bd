"""The visits of a campaign as a list (走访记录): what each team found at each door, for the
station and the center to check the work and its proof (the photo, the suggestion written down,
the revisits asked for).

Scope: the visits of a campaign the reader may see (`Visit`'s owner is its campaign) *and* to
households of the reader's own units: a station taking part in a city-wide campaign lists its
own doors, not every station's. Contacts are never listed here (the register has them, masked).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.i18n import outreach as i18n
from fanzha.listing import ListQuery, Page, day_window, paginate, text_match
from fanzha.org.models import Grid, Staff
from fanzha.org.scope import owner_clause
from fanzha.outreach.households import address
from fanzha.outreach.models import Campaign, Household, Visit, VisitOutcome
from fanzha.outreach.photos import VisitPhoto

SORTS = {"at": [Visit.visited_at], "grid": [Grid.code, Visit.visited_at]}
# The address as the list shows it (households.address): searched whole, so "1栋202室" finds
# the door that reads 翠苑家园1栋1单元202室.
_PARTS = i18n.ADDRESS_PARTS
SHOWN_ADDRESS = func.concat(
    Household.compound,
    *(
        case((column != "", func.concat(column, _PARTS[key].replace("{}", ""))), else_="")
        for key, column in (
            ("building", Household.building),
            ("unit_no", Household.unit_no),
            ("room", Household.room),
        )
    ),
)
DEFAULT_ORDER = (Visit.visited_at.desc(), Visit.id.desc())


@dataclass(frozen=True)
class VisitRow:
    """One visit as listed: the visit, its grid (name and code), the door's address, the
    names of the team members present (in the order recorded) and how many other visits carry
    the same picture as their proof (0: none)."""

    visit: Visit
    grid: str
    address: str
    members: list[str]
    photo_shared: int = 0


@dataclass(frozen=True)
class VisitFilter:
    """The list's own filters besides dates and text: a grid, an outcome, only the visits
    that asked for a revisit."""

    grid_id: int | None = None
    outcome: VisitOutcome | None = None
    revisit: bool = False


def list_visits(
    session: Session,
    actor: Principal,
    campaign: Campaign,
    query: ListQuery,
    chosen: VisitFilter = VisitFilter(),
) -> Page[VisitRow]:
    """A page of the campaign's visits to the actor's households, latest first; the text
    filter matches the address as shown or the suggestion written down, the dates are the days
    visited. `campaign` must come from `service.get_campaign` (already in scope)."""
    stmt = (
        select(Visit, _grid_label(), Household)
        .join(Grid, Grid.id == Visit.grid_id)
        .join(Household, Household.id == Visit.household_id)
        .where(
            Visit.campaign_id == campaign.id,
            owner_clause(Visit, actor),
            owner_clause(Household, actor),
            *day_window(Visit.visited_at, query),
            *text_match(query, SHOWN_ADDRESS, Visit.suggestion_text),
        )
    )
    if chosen.grid_id is not None:
        stmt = stmt.where(Visit.grid_id == chosen.grid_id)
    if chosen.outcome is not None:
        stmt = stmt.where(Visit.outcome == chosen.outcome)
    if chosen.revisit:
        stmt = stmt.where(Visit.revisit_needed)
    page = paginate(session, stmt, query, SORTS, DEFAULT_ORDER, scalars=False)
    ids = {s for visit, _, _ in page.rows for s in visit.member_staff_ids}
    names = (
        dict(session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())
        if ids
        else {}
    )
    shared = _photo_uses(session, actor, {v.photo_id for v, _, _ in page.rows if v.photo_id})
    rows = [
        VisitRow(
            visit,
            grid,
            address(home),
            [names[s] for s in visit.member_staff_ids if s in names],
            shared.get(visit.photo_id, 1) - 1 if visit.photo_id else 0,
        )
        for visit, grid, home in page.rows
    ]
    return replace(page, rows=rows)


def _photo_uses(session: Session, actor: Principal, photo_ids: set[int]) -> dict[int, int]:
    """Photo id → how many of the visits the actor may see carry the same picture: the same
    original bytes (sha256), whatever upload they came in (the field page uploads each visit's
    photo under a UUID of its own), in any campaign (one picture shown as the proof of two
    doors is worth a look wherever the other door is)."""
    if not photo_ids:
        return {}
    sha_of = dict(
        session.execute(
            select(VisitPhoto.id, VisitPhoto.original_sha256).where(
                VisitPhoto.id.in_(photo_ids), owner_clause(VisitPhoto, actor)
            )
        ).all()
    )
    if not sha_of:
        return {}
    stmt = (
        select(VisitPhoto.original_sha256, func.count(Visit.id))
        .join(Visit, Visit.photo_id == VisitPhoto.id)
        .where(VisitPhoto.original_sha256.in_(set(sha_of.values())), owner_clause(Visit, actor))
        .group_by(VisitPhoto.original_sha256)
    )
    uses = dict(session.execute(stmt).all())
    return {photo: uses.get(sha, 1) for photo, sha in sha_of.items()}


def _grid_label() -> Any:
    # Names repeat across stations (every community has its 第1网格): the code tells them apart.
    return func.concat(Grid.name, "（", Grid.code, "）")


def grid_choices(session: Session, actor: Principal, campaign: Campaign) -> list[tuple[int, str]]:
    """The grids the actor may filter the list by: those of its units where the campaign has
    visits, by code."""
    stmt = (
        select(Grid.id, _grid_label())
        .where(
            owner_clause(Grid, actor),
            Grid.id.in_(select(Visit.grid_id).where(Visit.campaign_id == campaign.id)),
        )
        .order_by(Grid.code)
    )
    return [(gid, name) for gid, name in session.execute(stmt)]
