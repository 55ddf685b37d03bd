"""Units, grids, staff and teams (the scope filter every personal-data query uses is in
fanzha.org.scope)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.errors import Conflict
from fanzha.i18n import org as i18n
from fanzha.masking import mask_id_number, mask_name, mask_phone
from fanzha.org.errors import (
    DutyShiftClash,
    DutyShiftNotFound,
    GridCodeTaken,
    GridOutsideUnit,
    StaffBadgeTaken,
    StaffIdNumberTaken,
    StaffPhoneTaken,
    StaffUnmaskDenied,
    TeamMemberNotFound,
    TeamMemberOutsideUnit,
    TeamNameTaken,
    UnitCodeTaken,
    UnitHasNoChildren,
)
from fanzha.org.models import (
    CHILD_KIND,
    DutyShift,
    Grid,
    Staff,
    Team,
    TeamMember,
    Unit,
    UnitKind,
)
from fanzha.org.schemas import (
    DutyShiftIn,
    GridIn,
    GridUpdate,
    StaffIn,
    StaffOut,
    StaffUpdate,
    TeamIn,
    UnitIn,
)
from fanzha.org.scope import (
    get_scoped,
    require_unit_in_scope,
    scope_clause,
    unit_in_scope,
    unit_scope,
)


def unit_options(units: list[Unit]) -> list[tuple[int, str]]:
    """(id, label indented by depth) for a unit drop-down, in tree order; the label names the
    parent ("江滨派出所 / 春晖社区警务室"), as several stations have a unit of the same name."""
    return [(u.id, i18n.INDENT * u.depth + unit_label(u)) for u in units]


def unit_label(unit: Unit) -> str:
    """A unit as chosen or listed: "parent / name"; the top unit and the branches directly
    under it go by their own name (their names are unique, the city's would only add noise)."""
    parent = unit.parent
    if parent is None or parent.parent_id is None:
        return unit.name
    return i18n.UNIT_LABEL.format(parent=parent.name, name=unit.name)


# --- units -------------------------------------------------------------------------------


def list_units(session: Session, principal: Principal) -> list[Unit]:
    """The unit tree under the principal, in tree order (parents before children)."""
    stmt = select(Unit).where(scope_clause(Unit.id, principal)).order_by(Unit.path)
    return list(session.scalars(stmt))


def create_unit(session: Session, actor: Principal, data: UnitIn) -> Unit:
    """A new unit under `parent_id`; its kind follows from the parent's (分局 under 市局...)."""
    parent = require_unit_in_scope(session, actor, data.parent_id, field="parent_id")
    kind = CHILD_KIND[parent.kind]
    if kind is None:
        raise UnitHasNoChildren(field="parent_id")
    if session.scalar(select(Unit.id).where(Unit.code == data.code)):
        raise UnitCodeTaken(code=data.code, field="code")
    unit = Unit(name=data.name, code=data.code, kind=kind, parent_id=parent.id)
    session.add(unit)
    session.flush()  # the id is part of the path
    unit.path = f"{parent.path}{unit.id}/"
    audit.record(
        session,
        actor,
        AuditAction.unit_created,
        target_type="units",
        target_id=unit.id,
        summary=i18n.AUDIT["unit_created"].format(parent=parent.name, name=unit.name),
    )
    return unit


def create_root_unit(session: Session, *, name: str, code: str) -> Unit:
    """The 市局 at the top of the tree (set-up and demo only)."""
    unit = Unit(name=name, code=code, kind=UnitKind.city_bureau, parent_id=None)
    session.add(unit)
    session.flush()  # the id is part of the path
    unit.path = f"/{unit.id}/"
    return unit


def rename_unit(session: Session, actor: Principal, unit: Unit, name: str) -> Unit:
    old = unit.name
    unit.name = name
    audit.record(
        session,
        actor,
        AuditAction.unit_updated,
        target_type="units",
        target_id=unit.id,
        summary=i18n.AUDIT["unit_renamed"].format(old=old, new=name),
    )
    return unit


def set_population(session: Session, actor: Principal, unit: Unit, population: int | None) -> Unit:
    """常住人口 of a unit (None: not known), audited; rankings divide by it."""
    if population == unit.population:
        return unit
    unit.population = population
    audit.record(
        session,
        actor,
        AuditAction.unit_updated,
        target_type="units",
        target_id=unit.id,
        summary=i18n.AUDIT["unit_population"].format(population=population or "—"),
    )
    return unit


def units_by_code(session: Session, principal: Principal) -> dict[str, Unit]:
    return {u.code: u for u in list_units(session, principal)}


# --- grids -------------------------------------------------------------------------------


def list_grids(
    session: Session,
    principal: Principal,
    *,
    unit_id: int | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Grid], int]:
    stmt: Select[tuple[Grid]] = select(Grid).where(scope_clause(Grid.unit_id, principal))
    if unit_id:
        stmt = stmt.where(scope_clause(Grid.unit_id, unit_scope(session, unit_id)))
    if q:
        stmt = stmt.where(Grid.name.contains(q, autoescape=True) | (Grid.code == q))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Grid.code).limit(limit).offset(offset))
    return list(rows), total


def create_grid(session: Session, actor: Principal, data: GridIn) -> Grid:
    require_unit_in_scope(session, actor, data.unit_id)
    if session.scalar(select(Grid.id).where(Grid.code == data.code)):
        raise GridCodeTaken(code=data.code, field="code")
    grid = Grid(code=data.code, name=data.name, unit_id=data.unit_id, households=data.households)
    session.add(grid)
    session.flush()  # the audit entry names the new id
    audit.record(
        session,
        actor,
        AuditAction.grid_created,
        target_type="grids",
        target_id=grid.id,
        summary=i18n.AUDIT["grid_created"].format(
            code=grid.code, name=grid.name, households=grid.households
        ),
    )
    return grid


def update_grid(session: Session, actor: Principal, grid: Grid, data: GridUpdate) -> Grid:
    before = {"name": grid.name, "households": grid.households}
    grid.name, grid.households = data.name, data.households
    audit.record(
        session,
        actor,
        AuditAction.grid_updated,
        target_type="grids",
        target_id=grid.id,
        summary=f"{grid.code} {grid.name}",
        detail={"before": before},
    )
    return grid


# --- staff -------------------------------------------------------------------------------


def list_staff(
    session: Session,
    principal: Principal,
    *,
    unit_id: int | None = None,
    kind: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    not_in_team: int | None = None,
) -> tuple[list[Staff], int]:
    """Staff in the principal's scope (and under `unit_id`), by kind, part of the name or the
    start of the badge number (警号) `q`, leaving out the members of `not_in_team`; one slice
    of `limit` rows from `offset` and the total matching."""
    stmt: Select[tuple[Staff]] = select(Staff).where(scope_clause(Staff.unit_id, principal))
    if unit_id:
        stmt = stmt.where(scope_clause(Staff.unit_id, unit_scope(session, unit_id)))
    if kind:
        stmt = stmt.where(Staff.kind == kind)
    if q:
        stmt = stmt.where(
            Staff.name.contains(q, autoescape=True) | Staff.badge_no.startswith(q, autoescape=True)
        )
    if not_in_team is not None:
        members = select(TeamMember.staff_id).where(TeamMember.team_id == not_in_team)
        stmt = stmt.where(Staff.id.not_in(members))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Staff.unit_id, Staff.id).limit(limit).offset(offset))
    return list(rows), total


def staff_view(staff: Staff, *, masked: bool = True) -> StaffOut:
    """A staff record shaped for display; masked unless the caller deliberately revealed it."""
    return StaffOut(
        id=staff.id,
        unit_id=staff.unit_id,
        unit_name=staff.unit.name,
        name=mask_name(staff.name) if masked else staff.name,
        kind=staff.kind,
        phone=mask_phone(staff.phone) if masked else staff.phone,
        id_number=(mask_id_number(staff.id_number) if masked else staff.id_number)
        if staff.id_number
        else None,
        badge_no=staff.badge_no,
        grid_id=staff.grid_id,
        is_dissuader=staff.is_dissuader,
        is_active=staff.is_active,
        masked=masked,
    )


def reveal_staff(session: Session, actor: Principal, staff: Staff) -> StaffOut:
    """The unmasked record, for roles that need it; every reveal is audited."""
    if not actor.can(Permission.pii_unmask):
        raise StaffUnmaskDenied()
    audit.record(
        session,
        actor,
        AuditAction.pii_viewed,
        target_type="staff",
        target_id=staff.id,
        summary=i18n.AUDIT["staff_viewed"],
        detail={"fields": ["name", "phone", "id_number"]},
    )
    return staff_view(staff, masked=False)


def _check_staff_unique(session: Session, data: StaffIn, exclude_id: int | None = None) -> None:
    taken: tuple[tuple[Any, str | None, type[Conflict]], ...] = (
        (Staff.phone, data.phone, StaffPhoneTaken),
        (Staff.id_number, data.id_number, StaffIdNumberTaken),
        (Staff.badge_no, data.badge_no, StaffBadgeTaken),
    )
    for column, value, error in taken:
        if value is None:
            continue
        stmt = select(Staff.id).where(column == value)
        if exclude_id:
            stmt = stmt.where(Staff.id != exclude_id)
        if session.scalar(stmt):
            raise error(field=column.key)


def _check_grid_in_unit(session: Session, data: StaffIn) -> None:
    if data.grid_id is None:
        return
    grid = session.get(Grid, data.grid_id)
    if grid is None or not unit_in_scope(session, unit_scope(session, data.unit_id), grid.unit_id):
        raise GridOutsideUnit(field="grid_id")


def create_staff(session: Session, actor: Principal, data: StaffIn) -> Staff:
    require_unit_in_scope(session, actor, data.unit_id)
    _check_staff_unique(session, data)
    _check_grid_in_unit(session, data)
    staff = Staff(**data.model_dump())
    session.add(staff)
    session.flush()  # the audit entry names the new id
    audit.record(
        session,
        actor,
        AuditAction.staff_created,
        target_type="staff",
        target_id=staff.id,
        summary=i18n.AUDIT["staff_created"].format(name=mask_name(staff.name)),
    )
    return staff


def update_staff(session: Session, actor: Principal, staff: Staff, data: StaffUpdate) -> Staff:
    require_unit_in_scope(session, actor, data.unit_id)
    _check_staff_unique(session, data, exclude_id=staff.id)
    _check_grid_in_unit(session, data)
    changed = [k for k, v in data.model_dump().items() if getattr(staff, k) != v]
    for key, value in data.model_dump().items():
        setattr(staff, key, value)
    audit.record(
        session,
        actor,
        AuditAction.staff_updated,
        target_type="staff",
        target_id=staff.id,
        summary=i18n.AUDIT["staff_updated"].format(name=mask_name(staff.name)),
        detail={"changed_fields": changed},
    )
    return staff


# --- teams -------------------------------------------------------------------------------


def list_teams(session: Session, principal: Principal) -> list[Team]:
    stmt = select(Team).where(scope_clause(Team.unit_id, principal)).order_by(Team.unit_id, Team.id)
    return list(session.scalars(stmt))


def create_team(session: Session, actor: Principal, data: TeamIn) -> Team:
    require_unit_in_scope(session, actor, data.unit_id)
    exists = select(Team.id).where(Team.unit_id == data.unit_id, Team.name == data.name)
    if session.scalar(exists):
        raise TeamNameTaken(field="name")
    team = Team(name=data.name, kind=data.kind, unit_id=data.unit_id)
    session.add(team)
    session.flush()  # the audit entry names the new id
    audit.record(
        session,
        actor,
        AuditAction.team_created,
        target_type="teams",
        target_id=team.id,
        summary=team.name,
    )
    return team


def add_team_member(session: Session, actor: Principal, team: Team, staff_id: int) -> Team:
    """Put a staff member of the team's unit (or below) on the team."""
    staff = get_scoped(session, actor, Staff, staff_id)
    if not unit_in_scope(session, unit_scope(session, team.unit_id), staff.unit_id):
        raise TeamMemberOutsideUnit(field="staff_id")
    if session.get(TeamMember, (team.id, staff.id)) is None:
        session.add(TeamMember(team_id=team.id, staff_id=staff.id))
        audit.record(
            session,
            actor,
            AuditAction.team_member_added,
            target_type="teams",
            target_id=team.id,
            summary=i18n.AUDIT["team_member_added"].format(name=mask_name(staff.name)),
            detail={"staff_id": staff.id},
        )
    session.flush()  # the caller re-reads the member list
    session.refresh(team, ["members"])
    return team


def remove_team_member(session: Session, actor: Principal, team: Team, staff_id: int) -> Team:
    member = session.get(TeamMember, (team.id, staff_id))
    if member is None:
        raise TeamMemberNotFound()
    session.delete(member)
    audit.record(
        session,
        actor,
        AuditAction.team_member_removed,
        target_type="teams",
        target_id=team.id,
        summary=i18n.AUDIT["team_member_removed"],
        detail={"staff_id": staff_id},
    )
    session.flush()  # the caller re-reads the member list
    session.refresh(team, ["members"])
    return team


# --- duty rota (值班表) ------------------------------------------------------------------------


def add_duty_shift(session: Session, actor: Principal, team: Team, data: DutyShiftIn) -> DutyShift:
    """Put `team` on duty for its unit; a unit has one team on duty at a time."""
    # Lock the unit so two officers filling the rota at once cannot both pass the check.
    session.execute(select(Unit.id).where(Unit.id == team.unit_id).with_for_update())
    clash = session.scalar(
        select(DutyShift)
        .where(
            DutyShift.unit_id == team.unit_id,
            DutyShift.starts_at < data.ends_at,
            DutyShift.ends_at > data.starts_at,
        )
        .order_by(DutyShift.starts_at)
        .limit(1)
    )
    if clash is not None:
        raise DutyShiftClash(
            team=clash.team.name,
            starts=clock.local(clash.starts_at),
            ends=clock.local(clash.ends_at),
            field="starts_at",
        )
    shift = DutyShift(
        team_id=team.id, unit_id=team.unit_id, starts_at=data.starts_at, ends_at=data.ends_at
    )
    session.add(shift)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.duty_shift_added,
        target_type="teams",
        target_id=team.id,
        summary=i18n.AUDIT["duty_shift_added"].format(
            team=team.name, starts=clock.local(shift.starts_at), ends=clock.local(shift.ends_at)
        ),
        detail={"shift_id": shift.id},
    )
    return shift


def remove_duty_shift(session: Session, actor: Principal, team: Team, shift_id: int) -> None:
    shift = session.get(DutyShift, shift_id)
    if shift is None or shift.team_id != team.id:
        raise DutyShiftNotFound()
    session.delete(shift)
    audit.record(
        session,
        actor,
        AuditAction.duty_shift_removed,
        target_type="teams",
        target_id=team.id,
        summary=i18n.AUDIT["duty_shift_removed"].format(
            starts=clock.local(shift.starts_at), ends=clock.local(shift.ends_at)
        ),
        detail={"shift_id": shift.id},
    )


def upcoming_shifts(session: Session, team: Team, *, days: int = 14) -> list[DutyShift]:
    """The team's shifts from now on (and the one under way)."""
    now = clock.now()
    stmt = (
        select(DutyShift)
        .where(
            DutyShift.team_id == team.id,
            DutyShift.ends_at > now,
            DutyShift.starts_at < now + timedelta(days=days),
        )
        .order_by(DutyShift.starts_at)
    )
    return list(session.scalars(stmt))


def team_on_duty(session: Session, unit_id: int, at: datetime | None = None) -> Team | None:
    """The team on duty for a unit (or its nearest ancestor with a rota) at an instant."""
    team_id = session.scalar(select(func.duty_team_at(unit_id, at or clock.now())))
    return session.get(Team, team_id) if team_id else None


# --- figures for the workspace ---------------------------------------------------------------


def scope_summary(session: Session, principal: Principal) -> dict[str, int]:
    """How much the principal's subtree holds: units, grids, households, staff, dissuaders."""
    units = session.scalar(select(func.count()).where(scope_clause(Unit.id, principal)))
    grid_row = session.execute(
        select(func.count(), func.coalesce(func.sum(Grid.households), 0)).where(
            scope_clause(Grid.unit_id, principal)
        )
    ).one()
    staff_row = session.execute(
        select(func.count(), func.count().filter(Staff.is_dissuader)).where(
            scope_clause(Staff.unit_id, principal), Staff.is_active
        )
    ).one()
    return {
        "units": units or 0,
        "grids": grid_row[0],
        "households": int(grid_row[1]),
        "staff": staff_row[0],
        "dissuaders": staff_row[1],
    }
