"""JSON routes of the organisation domain (thin: resolve, authorise, call the service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from fanzha.access import Permission, Principal
from fanzha.fields import Maybe, Offset, Ref
from fanzha.org import service
from fanzha.org.models import StaffKind
from fanzha.org.schemas import (
    GridIn,
    GridOut,
    StaffIn,
    StaffOut,
    StaffPage,
    TeamOut,
    UnitIn,
    UnitOut,
)
from fanzha.web.deps import DbSession, require
from fanzha.web.scoped import ScopedStaff

router = APIRouter(prefix="/api/v1/org", tags=["org"])

Reader = Annotated[Principal, Depends(require(Permission.org_read))]
Manager = Annotated[Principal, Depends(require(Permission.org_manage))]
Revealer = Annotated[Principal, Depends(require(Permission.pii_unmask))]


@router.get("/units")
def list_units(session: DbSession, actor: Reader) -> list[UnitOut]:
    return [UnitOut.model_validate(u) for u in service.list_units(session, actor)]


@router.post("/units", status_code=201)
def create_unit(body: UnitIn, session: DbSession, actor: Manager) -> UnitOut:
    return UnitOut.model_validate(service.create_unit(session, actor, body))


@router.get("/grids")
def list_grids(
    session: DbSession,
    actor: Reader,
    unit_id: Maybe[Ref] = None,
    q: Maybe[str] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[GridOut]:
    grids, _ = service.list_grids(session, actor, unit_id=unit_id, q=q, limit=limit, offset=offset)
    return [GridOut.model_validate(g) for g in grids]


@router.post("/grids", status_code=201)
def create_grid(body: GridIn, session: DbSession, actor: Manager) -> GridOut:
    return GridOut.model_validate(service.create_grid(session, actor, body))


@router.get("/staff")
def list_staff(
    session: DbSession,
    actor: Reader,
    unit_id: Maybe[Ref] = None,
    kind: Maybe[StaffKind] = None,
    q: Maybe[str] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> StaffPage:
    """Staff in scope, personal data masked."""
    rows, total = service.list_staff(
        session, actor, unit_id=unit_id, kind=kind, q=q, limit=limit, offset=offset
    )
    return StaffPage(items=[service.staff_view(s) for s in rows], total=total)


@router.get("/staff/{staff_id:int}")
def get_staff(session: DbSession, actor: Reader, staff: ScopedStaff) -> StaffOut:
    return service.staff_view(staff)


@router.post("/staff/{staff_id:int}/reveal")
def reveal_staff(session: DbSession, actor: Revealer, staff: ScopedStaff) -> StaffOut:
    """The unmasked record; audited."""
    return service.reveal_staff(session, actor, staff)


@router.post("/staff", status_code=201)
def create_staff(body: StaffIn, session: DbSession, actor: Manager) -> StaffOut:
    return service.staff_view(service.create_staff(session, actor, body))


@router.get("/teams")
def list_teams(session: DbSession, actor: Reader) -> list[TeamOut]:
    return [
        TeamOut(
            id=t.id,
            name=t.name,
            kind=t.kind,
            unit_id=t.unit_id,
            member_ids=[m.id for m in t.members],
        )
        for t in service.list_teams(session, actor)
    ]
