"""The organisation's lists (units, grids, staff, teams) as pages of the one list component:
scoped to the viewer's units, filtered by unit and text, sortable by whitelisted columns.
`query` with size EXPORT_CAP and page 1 gives the filtered rows in full for "导出 Excel"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from fanzha import listing
from fanzha.access import Principal
from fanzha.org.models import Grid, Staff, Team, TeamMember, Unit
from fanzha.org.scope import scope_clause, unit_scope


def _in_unit(session: Session, column: Any, unit_id: int | None) -> list[Any]:
    """Rows of `unit_id`'s subtree (the viewer's own scope is applied separately)."""
    return [scope_clause(column, unit_scope(session, unit_id))] if unit_id else []


UNIT_SORTS: listing.Sorts = {"name": [Unit.name], "code": [Unit.code], "kind": [Unit.kind]}


def units(
    session: Session, principal: Principal, query: listing.ListQuery, *, kind: str = ""
) -> listing.Page[Unit]:
    """Units under the principal, in tree order by default; text matches name or code."""
    stmt: Select[Any] = select(Unit).where(
        scope_clause(Unit.id, principal),
        *listing.text_match(query, Unit.name, Unit.code),
        *([Unit.kind == kind] if kind else []),
    )
    stmt = stmt.options(selectinload(Unit.parent))
    return listing.paginate(session, stmt, query, UNIT_SORTS, (Unit.path,))


GRID_SORTS: listing.Sorts = {
    "code": [Grid.code],
    "name": [Grid.name],
    "households": [Grid.households],
}


def grids(
    session: Session, principal: Principal, query: listing.ListQuery, *, unit_id: int | None = None
) -> listing.Page[Grid]:
    """Grids under the principal (and under `unit_id` when given), by code; text matches
    the grid's name or code."""
    stmt: Select[Any] = select(Grid).where(
        scope_clause(Grid.unit_id, principal),
        *_in_unit(session, Grid.unit_id, unit_id),
        *listing.text_match(query, Grid.name, Grid.code),
    )
    return listing.paginate(session, stmt, query, GRID_SORTS, (Grid.code, Grid.id))


STAFF_SORTS: listing.Sorts = {
    "kind": [Staff.kind],
    "unit": [Staff.unit_id],
    "badge": [Staff.badge_no],
}


def staff(
    session: Session,
    principal: Principal,
    query: listing.ListQuery,
    *,
    unit_id: int | None = None,
    kind: str = "",
) -> listing.Page[Staff]:
    """Staff under the principal, by unit; text matches the name or the badge number (警号).
    Rows are the records: the caller masks them (service.staff_view) before showing."""
    text = query.q.strip()
    stmt: Select[Any] = select(Staff).where(
        scope_clause(Staff.unit_id, principal),
        *_in_unit(session, Staff.unit_id, unit_id),
        *([Staff.kind == kind] if kind else []),
        *([Staff.name.contains(text, autoescape=True) | (Staff.badge_no == text)] if text else []),
    )
    stmt = stmt.options(selectinload(Staff.unit))
    return listing.paginate(session, stmt, query, STAFF_SORTS, (Staff.unit_id, Staff.id))


_MEMBERS = (
    select(func.count())
    .where(TeamMember.team_id == Team.id)
    .correlate(Team)
    .scalar_subquery()
    .label("members")
)
TEAM_SORTS: listing.Sorts = {"name": [Team.name], "kind": [Team.kind], "members": [_MEMBERS]}


def teams(
    session: Session, principal: Principal, query: listing.ListQuery, *, unit_id: int | None = None
) -> listing.Page[tuple[Team, int]]:
    """(team, member count) under the principal; text matches the team's name."""
    stmt: Select[Any] = select(Team, _MEMBERS).where(
        scope_clause(Team.unit_id, principal),
        *_in_unit(session, Team.unit_id, unit_id),
        *listing.text_match(query, Team.name),
    )
    stmt = stmt.options(selectinload(Team.unit))
    return listing.paginate(
        session, stmt, query, TEAM_SORTS, (Team.unit_id, Team.id), scalars=False
    )
