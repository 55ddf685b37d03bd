"""The household register (住户底册): entry, soft delete, the list (contacts masked), the
audited unmask, and the Excel import (template, per-row errors, all or nothing)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.errors import NotFound
from fanzha.excel import Column, ImportFailed, ImportReport, RowError
from fanzha.fields import Ref, posted_id, visible_text
from fanzha.i18n import common
from fanzha.i18n import outreach as i18n
from fanzha.identifiers import InvalidIdentifier, normalize_phone
from fanzha.listing import ListQuery, Page, paginate, text_match
from fanzha.masking import mask_name, mask_phone
from fanzha.org.models import Grid
from fanzha.org.scope import get_scoped, owner_clause
from fanzha.outreach.errors import HouseholdAddressTaken, HouseholdDeleted, HouseholdGridUnknown
from fanzha.outreach.models import Household, HouseholdFlag

MAX_ROWS = 20_000
_FLAG_BY_LABEL = {label: code for code, label in i18n.FLAGS.items()}


class HouseholdIn(BaseModel):
    """A household as entered or imported (flags as codes)."""

    grid_id: Ref
    compound: str = Field(min_length=1, max_length=100)
    building: str = Field("", max_length=20)
    unit_no: str = Field("", max_length=20)
    room: str = Field("", max_length=20)
    residents: int = Field(1, ge=0, le=99)
    flags: list[HouseholdFlag] = Field(default_factory=list)
    contact_name: str = Field("", max_length=50)
    contact_phone: str | None = None

    @field_validator("compound", "building", "unit_no", "room", "contact_name", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        # Invisible characters too: a 小区 of zero-width spaces was stored, a door with no name.
        return visible_text(value) if isinstance(value, str) else value

    @field_validator("contact_phone", mode="before")
    @classmethod
    def _phone(cls, value: Any) -> str | None:
        if value is None or not str(value).strip():
            return None
        try:
            return normalize_phone(str(value)).number
        except InvalidIdentifier as exc:
            raise ValueError(str(exc)) from exc


def address(household: Household | HouseholdIn) -> str:
    parts = [household.compound]
    for key in ("building", "unit_no", "room"):
        value = getattr(household, key)
        if value:
            parts.append(i18n.ADDRESS_PARTS[key].format(value))
    return "".join(parts)


def _grid(session: Session, actor: Principal, grid_id: int) -> Grid:
    grid = session.scalar(select(Grid).where(Grid.id == grid_id, owner_clause(Grid, actor)))
    if grid is None:
        raise HouseholdGridUnknown(field="grid_id")
    return grid


def create_household(session: Session, actor: Principal, data: HouseholdIn) -> Household:
    """Enter one household in a grid of the actor's scope. Raises HouseholdGridUnknown (422)
    and HouseholdAddressTaken (409) when a live household of the grid has this address."""
    grid = _grid(session, actor, data.grid_id)
    values = data.model_dump()
    values["flags"] = [f.value for f in data.flags]
    stored = session.scalar(
        insert(Household)
        .values(**values, unit_id=grid.unit_id, created_by_id=actor.user_id)
        .on_conflict_do_nothing()
        .returning(Household.id)
    )
    if stored is None:
        raise HouseholdAddressTaken(address=address(data))
    audit.record(
        session,
        actor,
        AuditAction.household_changed,
        target_type="households",
        target_id=stored,
        summary=i18n.AUDIT["household_created"].format(address=address(data)),
    )
    return session.get_one(Household, stored)


def delete_household(session: Session, actor: Principal, household_id: int) -> Household:
    """Soft-delete (visits and baselines keep it). HouseholdDeleted (409) when already gone."""
    household = get_scoped(session, actor, Household, household_id)
    if household.deleted_at is not None:
        raise HouseholdDeleted()
    household.deleted_at = clock.now()
    audit.record(
        session,
        actor,
        AuditAction.household_changed,
        target_type="households",
        target_id=household.id,
        summary=i18n.AUDIT["household_deleted"].format(address=address(household)),
    )
    return household


def reveal(session: Session, actor: Principal, household_id: int) -> dict[str, str]:
    """The contact in full, audited (the caller checked the permission)."""
    household = get_scoped(session, actor, Household, household_id)
    if household.deleted_at is not None:
        raise NotFound()
    audit.record(
        session,
        actor,
        AuditAction.household_unmasked,
        target_type="households",
        target_id=household.id,
        summary=i18n.AUDIT["household_unmasked"],
    )
    return {"contact_name": household.contact_name, "contact_phone": household.contact_phone or ""}


def grid_options(session: Session, actor: Principal) -> list[tuple[int, str]]:
    """The grids of the actor's scope as (id, "code name"), for the entry form and filter."""
    stmt = select(Grid.id, Grid.code, Grid.name).where(owner_clause(Grid, actor))
    return [
        (gid, f"{code} {name}") for gid, code, name in session.execute(stmt.order_by(Grid.code))
    ]


# --- the list ---------------------------------------------------------------------------------

SORTS = {
    "address": (Household.compound, Household.building, Household.unit_no, Household.room),
    "grid": (Grid.code,),
    "residents": (Household.residents,),
    "created": (Household.created_at,),
}
DEFAULT_ORDER = (
    Grid.code,
    Household.compound,
    Household.building,
    Household.unit_no,
    Household.room,
)


def list_select(actor: Principal, query: ListQuery) -> Select[Any]:
    """Live households of the actor's scope, filtered by grid, flag and text (address)."""
    stmt = (
        select(Household, Grid.code, Grid.name)
        .join(Grid, Grid.id == Household.grid_id)
        .where(Household.deleted_at.is_(None), owner_clause(Household, actor))
    )
    grid_id = posted_id(query.get("grid"))
    if grid_id is not None:
        stmt = stmt.where(Household.grid_id == grid_id)
    if query.get("flag") in i18n.FLAGS:
        stmt = stmt.where(Household.flags.any(query.get("flag")))
    return stmt.where(*text_match(query, Household.compound, Household.room))


def page(session: Session, actor: Principal, query: ListQuery) -> Page[Any]:
    return paginate(session, list_select(actor, query), query, SORTS, DEFAULT_ORDER, scalars=False)


def masked_row(household: Household, grid_code: str) -> dict[str, Any]:
    return {
        "id": household.id,
        "grid": grid_code,
        "address": address(household),
        "residents": household.residents,
        "flags": [i18n.FLAGS.get(f, f) for f in household.flags],
        "contact_name": mask_name(household.contact_name),
        "contact_phone": mask_phone(household.contact_phone),
    }


# --- the Excel import -------------------------------------------------------------------------

_H = i18n.IMPORT_HEADERS
COLUMNS = (
    Column(_H["grid"], "grid", required=True, width=16),
    Column(_H["compound"], "compound", required=True, width=20),
    Column(_H["building"], "building", width=8),
    Column(_H["unit_no"], "unit_no", width=8),
    Column(_H["room"], "room", width=8),
    Column(_H["residents"], "residents", width=8),
    Column(_H["flags"], "flags", width=24, note="、".join(i18n.FLAGS.values())),
    Column(_H["contact_name"], "contact_name", width=12),
    Column(_H["contact_phone"], "contact_phone", width=16),
)


def template() -> bytes:
    return excel.template(i18n.SHEET_TITLE, COLUMNS, [i18n.IMPORT_NOTE])


def import_households(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Store every row of a register sheet, or none: any bad row (unknown grid, bad phone,
    unknown flag, an address twice in the file or already in the register) fails the whole
    import with ImportFailed (422) listing each row's problems."""
    scoped = session.execute(
        select(Grid.code, Grid.id, Grid.unit_id).where(owner_clause(Grid, actor))
    ).all()
    grids = {code: gid for code, gid, _ in scoped}
    units = {gid: uid for _, gid, uid in scoped}
    headers = {c.key: c.header for c in COLUMNS} | {"grid_id": _H["grid"]}
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[tuple, int] = {}
    for number, raw in excel.read_rows(content, COLUMNS, limit=MAX_ROWS):
        data: dict[str, Any] = {k: raw[k] for k in ("compound", "building", "unit_no", "room")}
        data |= {"contact_name": raw["contact_name"], "contact_phone": raw["contact_phone"]}
        grid_id = grids.get(raw["grid"])
        if not visible_text(raw["grid"]):  # a zero-width space is as empty as nothing
            errors.append(RowError(number, _H["grid"], i18n.IMPORT_ERRORS["required"]))
        elif grid_id is None:
            message = i18n.IMPORT_ERRORS["grid_unknown"].format(value=raw["grid"])
            errors.append(RowError(number, _H["grid"], message))
        data["grid_id"] = grid_id or 0
        residents = raw["residents"] or "1"
        if not residents.isdigit():
            errors.append(
                RowError(
                    number, _H["residents"], i18n.IMPORT_ERRORS["residents"].format(value=residents)
                )
            )
            residents = "1"
        data["residents"] = int(residents)
        flags = []
        for label in filter(None, (p.strip() for p in _split(raw["flags"]))):
            code = _FLAG_BY_LABEL.get(label, label if label in i18n.FLAGS else None)
            if code is None:
                message = i18n.IMPORT_ERRORS["flag_unknown"].format(value=label)
                errors.append(RowError(number, _H["flags"], message))
            else:
                flags.append(code)
        data["flags"] = flags
        household = excel.validate_row(HouseholdIn, number, data, headers, errors)
        if household is None or grid_id is None:
            continue
        key = (grid_id, household.compound, household.building, household.unit_no, household.room)
        if key in seen:
            message = i18n.IMPORT_ERRORS["duplicate"].format(row=seen[key])
            errors.append(RowError(number, excel_whole_row(), message))
            continue
        seen[key] = number
        values = household.model_dump()
        values["flags"] = [f.value for f in household.flags]
        rows.append(
            {"_row": number, **values, "unit_id": units[grid_id], "created_by_id": actor.user_id}
        )
    _report_taken(session, rows, errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    if rows:
        session.execute(
            insert(Household), [{k: v for k, v in r.items() if k != "_row"} for r in rows]
        )
    audit.record(
        session,
        actor,
        AuditAction.household_changed,
        target_type="households",
        summary=i18n.AUDIT["households_imported"].format(count=len(rows)),
    )
    return ImportReport(message=i18n.IMPORT_DONE.format(count=len(rows)), accepted=len(rows))


def _split(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", "/", " "):
        text = text.replace(sep, "、")
    return text.split("、")


def excel_whole_row() -> str:
    return common.EXCEL["whole_row"]


def _report_taken(session: Session, rows: list[dict[str, Any]], errors: list[RowError]) -> None:
    """Rows whose address a live household of the grid already has."""
    grid_ids = {r["grid_id"] for r in rows}
    if not grid_ids:
        return
    taken = set(
        session.execute(
            select(
                Household.grid_id,
                Household.compound,
                Household.building,
                Household.unit_no,
                Household.room,
            ).where(Household.grid_id.in_(grid_ids), Household.deleted_at.is_(None))
        ).all()
    )
    for r in rows:
        if (r["grid_id"], r["compound"], r["building"], r["unit_no"], r["room"]) in taken:
            errors.append(RowError(r["_row"], excel_whole_row(), i18n.IMPORT_ERRORS["taken"]))
