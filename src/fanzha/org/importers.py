"""Excel import of staff and grids (the good rows stored, each bad row reported) and the staff
roster export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha import excel
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.audit.reasons import export_reason
from fanzha.excel import Column, ImportReport, RowError
from fanzha.i18n import org as i18n
from fanzha.i18n import zh_CN
from fanzha.org import service
from fanzha.org.errors import (
    StaffExportDenied,
)
from fanzha.org.models import Grid, Staff, Unit
from fanzha.org.schemas import GridIn, StaffIn

MAX_ROWS = 10_000
_STAFF_KIND_BY_LABEL = {label: key for key, label in zh_CN.STAFF_KINDS.items()}

_STAFF, _STAFF_NOTES = i18n.STAFF_SHEET, i18n.STAFF_SHEET_NOTES
STAFF_COLUMNS = (
    Column(_STAFF["name"], "name", required=True, width=12),
    Column(
        _STAFF["kind"], "kind", required=True, choices=tuple(zh_CN.STAFF_KINDS.values()), width=10
    ),
    Column(_STAFF["phone"], "phone", required=True, width=16, note=_STAFF_NOTES["phone"]),
    Column(_STAFF["id_number"], "id_number", width=22, note=_STAFF_NOTES["id_number"]),
    Column(_STAFF["badge_no"], "badge_no", width=10, note=_STAFF_NOTES["badge_no"]),
    Column(
        _STAFF["unit_code"], "unit_code", required=True, width=14, note=_STAFF_NOTES["unit_code"]
    ),
    Column(_STAFF["grid_code"], "grid_code", width=14, note=_STAFF_NOTES["grid_code"]),
    Column(
        _STAFF["is_dissuader"],
        "is_dissuader",
        choices=tuple(i18n.YES_NO.values()),
        width=8,
        note=_STAFF_NOTES["is_dissuader"],
    ),
)

_GRID, _GRID_NOTES = i18n.GRID_SHEET, i18n.GRID_SHEET_NOTES
GRID_COLUMNS = (
    Column(_GRID["code"], "code", required=True, width=16, note=_GRID_NOTES["code"]),
    Column(_GRID["name"], "name", required=True, width=24),
    Column(_GRID["unit_code"], "unit_code", required=True, width=14, note=_GRID_NOTES["unit_code"]),
    Column(
        _GRID["households"], "households", required=True, width=10, note=_GRID_NOTES["households"]
    ),
)


def staff_template() -> bytes:
    return excel.template(i18n.SHEETS["staff"], STAFF_COLUMNS, [i18n.SHEET_FOOTNOTES["staff"]])


def grid_template() -> bytes:
    return excel.template(i18n.SHEETS["grids"], GRID_COLUMNS, [i18n.SHEET_FOOTNOTES["grids"]])


def _first_seen(seen: dict[str, int], value: str | None, row: int) -> int | None:
    """The earlier row holding `value`, remembering this one otherwise."""
    if not value:
        return None
    if value in seen:
        return seen[value]
    seen[value] = row
    return None


# The unit of a row whose unit code is unknown: the row has failed already, and a valid id lets
# the schema go on to check (and report) the row's other cells.
_STAND_IN_ID = 1


def import_staff(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Add the good rows of a staff sheet and report the bad ones. A row equal to a person
    already on the roster (an earlier import of the same file) is counted, not added again;
    a phone, ID number or badge number held by someone else is a bad row."""
    units = service.units_by_code(session, actor)
    grids = dict(session.execute(select(Grid.code, Grid.id)).all())
    headers = {c.key: c.header for c in STAFF_COLUMNS} | {
        "unit_id": _STAFF["unit_code"],
        "grid_id": _STAFF["grid_code"],
    }
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, dict[str, int]] = {"phone": {}, "id_number": {}, "badge_no": {}}
    for number, raw in excel.read_rows(content, STAFF_COLUMNS, limit=MAX_ROWS):
        data: dict[str, Any] = {
            "name": raw["name"],
            "phone": raw["phone"],
            "id_number": raw["id_number"],
            "badge_no": raw["badge_no"],
            "is_dissuader": raw["is_dissuader"] in excel.YES,
        }
        kind = _STAFF_KIND_BY_LABEL.get(raw["kind"], raw["kind"])
        data["kind"] = kind
        unit = units.get(raw["unit_code"])
        if unit is None:
            errors.append(
                RowError(
                    number,
                    _STAFF["unit_code"],
                    zh_CN.IMPORT["unknown_unit"].format(value=raw["unit_code"]),
                )
            )
        else:
            data["unit_id"] = unit.id
        if raw["grid_code"]:
            if raw["grid_code"] not in grids:
                errors.append(
                    RowError(
                        number,
                        _STAFF["grid_code"],
                        zh_CN.IMPORT["unknown_grid"].format(value=raw["grid_code"]),
                    )
                )
            else:
                data["grid_id"] = grids[raw["grid_code"]]
        if unit is None:
            data["unit_id"] = _STAND_IN_ID
        staff = excel.validate_row(StaffIn, number, data, headers, errors)
        if staff is None:
            continue
        for key in seen:
            value = getattr(staff, key)
            earlier = _first_seen(seen[key], value, number)
            if earlier is not None:
                errors.append(
                    RowError(
                        number,
                        headers[key],
                        zh_CN.IMPORT["duplicate_in_file"].format(
                            row=earlier, value=value if key != "id_number" else ""
                        ),
                    )
                )
        rows.append({"_row": number, **staff.model_dump()})
    rows, existing = _split_existing(session, Staff, Staff.phone, rows, errors)
    _report_taken(
        session,
        rows,
        errors,
        Staff.phone,
        _STAFF["phone"],
        lambda v: zh_CN.IMPORT["phone_exists"].format(value=v),
    )
    _report_taken(
        session,
        rows,
        errors,
        Staff.id_number,
        _STAFF["id_number"],
        lambda v: zh_CN.IMPORT["id_exists"],
    )
    _report_taken(
        session,
        rows,
        errors,
        Staff.badge_no,
        _STAFF["badge_no"],
        lambda v: zh_CN.IMPORT["badge_exists"].format(value=v),
    )
    return _insert_good(
        session, actor, Staff, Staff.phone, rows, existing, errors, AuditAction.import_staff
    )


def _split_existing(
    session: Session, model: type, key: Any, rows: list[dict[str, Any]], errors: list[RowError]
) -> tuple[list[dict[str, Any]], int]:
    """The rows still to add, and how many good rows equal a record already stored under the
    same `key` (so importing a file again adds nothing and reports nothing about them)."""
    refused = {e.row for e in errors}
    values = [r[key.key] for r in rows]
    stored = {getattr(m, key.key): m for m in session.scalars(select(model).where(key.in_(values)))}

    def same(row: dict[str, Any]) -> bool:
        found = stored.get(row[key.key])
        return found is not None and all(
            getattr(found, name) == value for name, value in row.items() if name != "_row"
        )

    fresh = [r for r in rows if r["_row"] in refused or not same(r)]
    return fresh, len(rows) - len(fresh)


def _report_taken(
    session: Session,
    rows: list[dict[str, Any]],
    errors: list[RowError],
    column: Any,
    header: str,
    message: Callable[[Any], str],
) -> None:
    """Rows whose value in a unique column is already in the database."""
    values = [r[column.key] for r in rows if r[column.key]]
    if not values:
        return
    taken = set(session.scalars(select(column).where(column.in_(values))))
    errors.extend(
        RowError(r["_row"], header, message(r[column.key])) for r in rows if r[column.key] in taken
    )


def _insert_good(
    session: Session,
    actor: Principal,
    model: type,
    key: Any,
    rows: list[dict[str, Any]],
    existing: int,
    errors: list[RowError],
    action: AuditAction,
) -> ImportReport:
    """The rows without errors in one statement, in the order of `key`, a unique column (two
    imports at once then wait for each other instead of deadlocking); a row another import
    stored meanwhile is counted as existing."""
    refused = {e.row for e in errors}
    good = [{k: v for k, v in r.items() if k != "_row"} for r in rows if r["_row"] not in refused]
    good.sort(key=lambda r: r[key.key])
    added = 0
    if good:
        added = len(
            session.execute(insert(model).on_conflict_do_nothing().returning(model.id), good).all()
        )
    existing += len(good) - added
    message = zh_CN.IMPORT["done"].format(count=added, existing=existing)
    if added:
        audit.record(
            session,
            actor,
            action,
            target_type=model.__tablename__,
            summary=message,
            detail={"rows": added, "existing": existing, "refused": len(refused)},
        )
    return ImportReport(message, added + existing, sorted(errors, key=lambda e: e.row))


def import_grids(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Add the good rows of a grid sheet and report the bad ones; a row equal to a stored grid
    is counted, not added again; a code taken by another grid is a bad row."""
    units = service.units_by_code(session, actor)
    headers = {c.key: c.header for c in GRID_COLUMNS} | {"unit_id": _GRID["unit_code"]}
    errors: list[RowError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in excel.read_rows(content, GRID_COLUMNS, limit=MAX_ROWS):
        unit = units.get(raw["unit_code"])
        if unit is None:
            errors.append(
                RowError(
                    number,
                    _STAFF["unit_code"],
                    zh_CN.IMPORT["unknown_unit"].format(value=raw["unit_code"]),
                )
            )
        data = {
            "code": raw["code"],
            "name": raw["name"],
            "households": raw["households"],
            "unit_id": unit.id if unit else _STAND_IN_ID,
        }
        grid = excel.validate_row(GridIn, number, data, headers, errors)
        if grid is None:
            continue
        earlier = _first_seen(seen, grid.code, number)
        if earlier is not None:
            errors.append(
                RowError(
                    number,
                    _STAFF["grid_code"],
                    zh_CN.IMPORT["duplicate_in_file"].format(row=earlier, value=grid.code),
                )
            )
        rows.append({"_row": number, **grid.model_dump()})
    rows, existing = _split_existing(session, Grid, Grid.code, rows, errors)
    _report_taken(
        session,
        rows,
        errors,
        Grid.code,
        _STAFF["grid_code"],
        lambda v: zh_CN.IMPORT["grid_exists"].format(value=v),
    )
    return _insert_good(
        session, actor, Grid, Grid.code, rows, existing, errors, AuditAction.import_grids
    )


def export_staff(
    session: Session,
    actor: Principal,
    *,
    unit_id: int | None = None,
    unmasked: bool = False,
    reason: str | None = None,
    people: list[Staff] | None = None,
) -> bytes:
    """The roster in scope as .xlsx; masked unless the caller may and does ask otherwise, with
    a stated `reason` that goes into the audit entry (InvalidInput when blank or too long).
    `people` (already scoped, e.g. the staff list's filtered rows) replaces the whole roster."""
    if unmasked and not actor.can(Permission.pii_unmask):
        raise StaffExportDenied()
    if unmasked:
        reason = export_reason(reason)
    if people is None:
        staff, total = service.list_staff(session, actor, unit_id=unit_id, limit=100_000)
    else:
        staff, total = people, len(people)
    grid_codes = dict(session.execute(select(Grid.id, Grid.code)).all())
    unit_codes = dict(session.execute(select(Unit.id, Unit.code)).all())
    rows = []
    for person in staff:
        view = service.staff_view(person, masked=not unmasked)
        rows.append(
            [
                view.name,
                zh_CN.STAFF_KINDS[view.kind],
                view.phone.removeprefix("+86"),
                view.id_number or "",
                view.badge_no or "",
                view.unit_name,
                unit_codes.get(view.unit_id, ""),
                grid_codes.get(view.grid_id, ""),
                i18n.YES_NO[view.is_dissuader],
                i18n.ON_DUTY[view.is_active],
            ]
        )
    if unmasked:
        audit.record(
            session,
            actor,
            AuditAction.pii_exported,
            target_type="staff",
            summary=i18n.AUDIT["staff_exported"].format(count=total),
            detail={"rows": total, "unit_id": unit_id, "reason": reason},
        )
    headers = list(_STAFF.values())
    return excel.workbook_from_rows(
        i18n.SHEETS["staff"], headers, rows, [10, 8, 16, 22, 10, 24, 12, 14, 8, 8]
    )
