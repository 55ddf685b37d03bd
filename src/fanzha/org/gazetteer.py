"""Excel import of the gazetteer a deployment routes addresses with: per row a compound (with
its house number, other names and buildings) or a house-number range of a street outside any
compound, each in one grid; the good rows stored, each bad row reported with its reason."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha import excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.excel import Column, ImportReport, RowError
from fanzha.i18n import org as i18n
from fanzha.i18n import zh_CN
from fanzha.org import scope
from fanzha.org.models import Compound, Grid, Street, StreetRange, UnitKind

MAX_ROWS = 50_000
_H, _NOTES, _ERR = i18n.GAZETTEER_SHEET, i18n.GAZETTEER_SHEET_NOTES, i18n.GAZETTEER_ERRORS
COLUMNS = (
    Column(_H["district"], "district", required=True, width=12, note=_NOTES["district"]),
    Column(_H["street"], "street", required=True, width=16, note=_NOTES["street"]),
    Column(_H["house_number"], "house_number", width=12, note=_NOTES["house_number"]),
    Column(_H["compound"], "compound", width=18, note=_NOTES["compound"]),
    Column(_H["aliases"], "aliases", width=24, note=_NOTES["aliases"]),
    Column(_H["grid_code"], "grid_code", required=True, width=16, note=_NOTES["grid_code"]),
    Column(_H["buildings"], "buildings", width=8, note=_NOTES["buildings"]),
)
# 378, 378号, 1-199号, 1～199号 (NFKC folds ～ to ~ first), 1至199号.
_NUMBER = re.compile(
    rf"^(\d{{1,5}})(?:\s*[-~{i18n.HOUSE_NUMBER_RANGE_WORDS}]\s*(\d{{1,5}}))?\s*"
    rf"{i18n.HOUSE_NUMBER_SUFFIX}?$"
)
_ALIAS_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_WIDTHS = {"district": 50, "street": 100, "compound": 100}


def template() -> bytes:
    return excel.template(i18n.SHEETS["gazetteer"], COLUMNS, [i18n.SHEET_FOOTNOTES["gazetteer"]])


def parse_house_number(text: str) -> tuple[int, int] | None:
    """(low, high) of `378号` (378, 378) or `1-199号` (1, 199); None when it is neither."""
    match = _NUMBER.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    low = int(match.group(1))
    return low, int(match.group(2) or low)


@dataclass
class _Rows:
    errors: list[RowError] = field(default_factory=list)
    compounds: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    ranges: dict[tuple[str, str, int, int], dict[str, Any]] = field(default_factory=dict)
    seen: dict[tuple, int] = field(default_factory=dict)

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, _H[key], message))


def _read(content: bytes, grids: dict[str, Grid]) -> _Rows:
    out = _Rows()
    for number, raw in excel.read_rows(content, COLUMNS, limit=MAX_ROWS):
        values = {k: unicodedata.normalize("NFKC", v).strip() for k, v in raw.items()}
        before = len(out.errors)
        for key, limit in _WIDTHS.items():
            if len(values[key]) > limit:
                out.error(number, key, _ERR["too_long"].format(limit=limit, value=values[key][:20]))
        for key in ("district", "street", "grid_code"):
            if not values[key]:
                out.error(number, key, _ERR["required"])
        grid = grids.get(values["grid_code"])
        if values["grid_code"] and grid is None:
            out.error(number, "grid_code", _ERR["grid_unknown"].format(value=values["grid_code"]))
        span = parse_house_number(values["house_number"]) if values["house_number"] else None
        if values["house_number"] and span is None:
            out.error(
                number, "house_number", _ERR["house_number"].format(value=raw["house_number"])
            )
        elif span and span[0] > span[1]:
            out.error(number, "house_number", _ERR["range_order"].format(value=raw["house_number"]))
            span = None
        buildings = values["buildings"] or "1"
        if not buildings.isdigit() or not 1 <= int(buildings) <= 999:
            out.error(number, "buildings", _ERR["buildings"].format(value=raw["buildings"]))
        if values["compound"] and span and span[0] != span[1]:
            out.error(
                number, "house_number", _ERR["compound_range"].format(value=raw["house_number"])
            )
        if not values["compound"] and not values["house_number"]:
            out.error(number, "house_number", _ERR["range_needs_number"])
        if len(out.errors) > before or grid is None:
            continue
        district, street = values["district"], values["street"]
        if values["compound"]:
            key: tuple = (district, street, values["compound"])
            row = {
                "grid_id": grid.id,
                "house_number": i18n.HOUSE_NUMBER.format(number=span[0]) if span else "",
                "buildings": int(buildings),
                "aliases": [a for a in _ALIAS_SEPARATORS.split(values["aliases"]) if a],
            }
        else:
            assert span is not None
            key = (district, street, *span)
            row = {"grid_id": grid.id}
        if key in out.seen:
            shown = values["compound"] or values["house_number"]
            message = zh_CN.IMPORT["duplicate_in_file"].format(row=out.seen[key], value=shown)
            out.error(number, "compound" if values["compound"] else "house_number", message)
            continue
        out.seen[key] = number
        target = out.compounds if values["compound"] else out.ranges
        target[key] = {"_row": number, "_unit": grid.unit, **row}  # type: ignore[index]
    return out


def import_gazetteer(session: Session, actor: Principal, content: bytes) -> ImportReport:
    """Add or update the good rows of a gazetteer sheet and report the bad ones (row number,
    column, reason in Chinese). A compound already known in its district and street takes the
    row's grid, house number, buildings and aliases; a range already known is counted, not
    added again. Grids are named by code and must lie in the actor's scope."""
    grids = {g.code: g for g in session.scalars(scope.scoped_select(Grid, actor))}
    rows = _read(content, grids)
    streets = _streets(session, rows)
    added = updated = existing = 0
    stored = {
        (s.district, s.name, c.name): c
        for c, s in session.execute(
            select(Compound, Street).join(Street, Street.id == Compound.street_id)
        ).all()
    }
    for (district, street, name), row in rows.compounds.items():
        values = {k: v for k, v in row.items() if not k.startswith("_")}
        compound = stored.get((district, street, name))
        if compound is None:
            session.add(Compound(name=name, street_id=streets[(district, street)], **values))
            added += 1
        elif any(getattr(compound, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(compound, k, v)
            updated += 1
        else:
            existing += 1
    ranges = [
        {"street_id": streets[(d, s)], "number_from": lo, "number_to": hi, "grid_id": r["grid_id"]}
        for (d, s, lo, hi), r in rows.ranges.items()
    ]
    if ranges:
        new = session.execute(
            insert(StreetRange).on_conflict_do_nothing().returning(StreetRange.id), ranges
        ).all()
        added += len(new)
        existing += len(ranges) - len(new)
    session.flush()
    message = i18n.GAZETTEER_DONE.format(added=added, updated=updated, existing=existing)
    if added or updated:
        audit.record(
            session,
            actor,
            AuditAction.import_gazetteer,
            target_type="compounds",
            summary=message,
            detail={"added": added, "updated": updated, "refused": len(rows.errors)},
        )
    accepted = added + updated + existing
    return ImportReport(message, accepted, sorted(rows.errors, key=lambda e: e.row))


def _streets(session: Session, rows: _Rows) -> dict[tuple[str, str], int]:
    """The id of every (district, street) the good rows name, creating the missing ones under
    the station of the first row's grid (a street's own unit is informational: routing goes by
    each compound's and range's grid)."""
    first: dict[tuple[str, str], Any] = {}
    for (district, street, *_rest), row in [*rows.compounds.items(), *rows.ranges.items()]:
        first.setdefault((district, street), row["_unit"])
    known = {
        (d, n): i
        for i, d, n in session.execute(select(Street.id, Street.district, Street.name)).all()
    }
    missing = [
        {
            "district": d,
            "name": n,
            "unit_id": unit.parent_id if unit.kind == UnitKind.community else unit.id,
        }
        for (d, n), unit in first.items()
        if (d, n) not in known
    ]
    if missing:
        session.execute(insert(Street).on_conflict_do_nothing(), missing)
        known = {
            (d, n): i
            for i, d, n in session.execute(select(Street.id, Street.district, Street.name)).all()
        }
    return known
