"""A year's schedule from the small template (Excel, or the same columns as CSV): one row per
date, 休 or 班, an optional note. Good rows are stored, each bad row reported with its reason."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy.orm import Session

from fanzha import excel
from fanzha.access import Principal
from fanzha.errors import DomainError
from fanzha.excel import Column, ImportReport, RowError, TooManyRowsToImport
from fanzha.holidays import service
from fanzha.holidays.errors import HolidayDateUnreadable, HolidayKindUnknown
from fanzha.holidays.models import DayKind
from fanzha.i18n import holidays as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.uploads import Limits

MAX_ROWS = 400  # a year has 366 dates
_H = i18n.SHEET
COLUMNS = (
    Column(_H["day"], "day", required=True, width=14, note=i18n.SHEET_NOTES["day"]),
    Column(
        _H["kind"],
        "kind",
        required=True,
        choices=tuple(i18n.KIND_WORDS),
        width=8,
        note=i18n.SHEET_NOTES["kind"],
    ),
    Column(_H["reason"], "reason", width=40, note=i18n.SHEET_NOTES["reason"]),
)
KINDS = {word: DayKind(kind) for word, kind in i18n.KIND_WORDS.items()}


def template() -> bytes:
    return excel.template(i18n.SHEET_TITLE, COLUMNS, [i18n.SHEET_FOOTNOTE])


def parse_day(text: str) -> date:
    """2027-02-06, 2027/2/6 or 2027年2月6日. Raises HolidayDateUnreadable (422)."""
    cleaned = text.strip().split(" ")[0]
    for mark in i18n.DATE_SEPARATORS:
        cleaned = cleaned.replace(mark, "-")
    cleaned = cleaned.removesuffix(i18n.DATE_DAY_MARK)
    try:
        y, m, d = (int(part) for part in cleaned.split("-"))
        return date(y, m, d)
    except (ValueError, OverflowError) as exc:  # a year of 20 digits overflows date()
        raise HolidayDateUnreadable(value=text[:20], field="day") from exc


def parse_kind(text: str) -> DayKind:
    """休/假/节假日 → holiday, 班/上班/调休上班 → workday. Raises HolidayKindUnknown (422)."""
    kind = KINDS.get(text.strip())
    if kind is None:
        raise HolidayKindUnknown(value=text[:20], field="kind")
    return kind


def _csv_rows(content: bytes) -> list[tuple[int, dict[str, str]]]:
    Limits.excel().check_bytes(len(content))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("gb18030", errors="replace")  # Excel's CSV on Chinese Windows
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    positions = {h: i for i, h in enumerate(header) if h}
    missing = [c.header for c in COLUMNS if c.required and c.header not in positions]
    if missing:
        raise excel.BadHeader(missing=LIST_SEPARATOR.join(missing), field="file")
    rows = []
    for number, values in enumerate(reader, start=2):
        record = {
            c.key: values[positions[c.header]].strip()
            if c.header in positions and positions[c.header] < len(values)
            else ""
            for c in COLUMNS
        }
        if any(record.values()):
            rows.append((number, record))
        if len(rows) > MAX_ROWS:
            raise TooManyRowsToImport(limit=MAX_ROWS, field="file")
    return rows


def import_schedule(
    session: Session, actor: Principal, content: bytes, *, year: int, complete: bool = False
) -> ImportReport:
    """Enter the good rows of a schedule file for `year` (xlsx, or CSV when the bytes are
    not a zip) and report the bad ones (row number, column, reason); `complete` then marks
    the year complete. Entering the same file again changes nothing. Running deadlines are
    recomputed once, at the end, when the year is in force."""
    if content[:2] == b"PK":
        rows = list(excel.read_rows(content, COLUMNS, limit=MAX_ROWS))
    else:
        rows = _csv_rows(content)
    errors: list[RowError] = []
    service.check_year(year)
    was_in_force = service.in_force(session, year)
    seen: dict[date, int] = {}
    accepted = changed = 0
    for number, record in rows:
        try:
            day = parse_day(record["day"])
            kind = parse_kind(record["kind"])
            if day in seen:
                message = zh_CN.IMPORT["duplicate_in_file"].format(
                    row=seen[day], value=day.isoformat()
                )
                errors.append(RowError(number, _H["day"], message))
                continue
            seen[day] = number
            with session.begin_nested():
                changed += service.enter(session, actor, year, day, kind, record["reason"])
            accepted += 1
        except DomainError as exc:
            errors.append(RowError(number, _H.get(exc.field or "", _H["day"]), exc.message))
    if complete and accepted and not was_in_force:
        try:  # announces the year, once, when it becomes complete
            service.complete_year(session, actor, year)
        except DomainError as exc:
            errors.append(RowError(1, _H["day"], exc.message))
    elif changed and was_in_force:
        service.announce(session, actor, {year})
    message = i18n.IMPORTED.format(year=year, changed=changed, same=accepted - changed)
    return ImportReport(message, accepted, sorted(errors, key=lambda e: e.row))
