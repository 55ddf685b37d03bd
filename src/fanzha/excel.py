"""Reading and writing the .xlsx files officers exchange (openpyxl), shared by every importer.

Every sheet the platform writes goes through `put`: a text cell is always stored as
text, so a value such as `=HYPERLINK(...)` typed into a note can never become a live formula
in the officer's Excel (OWASP "CSV/formula injection"). tests/unit/test_excel_safety.py fails
for a module that writes sheets any other way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ValidationError

from fanzha.errors import InvalidInput
from fanzha.i18n import common as i18n
from fanzha.i18n.validation import error_message
from fanzha.uploads import Limits

M = TypeVar("M", bound=BaseModel)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F5")
# How officers write yes and no in a 是/否 column.
YES = frozenset({i18n.YES_WORD, "Y", "y", "yes", "1", "true", "TRUE", "√"})
NO = frozenset({"", i18n.NO_WORD, "N", "n", "no", "0", "false", "FALSE"})
# What spreadsheet programs read as the start of a formula (or a DDE call) when typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Yuan:
    """An amount in fen, written as a number of yuan (¥1,234.50 stays a number Excel can sum,
    shown with two decimals); the value is exact: Decimal, never float."""

    fen: int


YUAN_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    header: str  # what the officer sees in the sheet
    key: str  # the field it feeds
    required: bool = False
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    width: int = 16
    note: str = ""
    # A column added after sheets were filled in: a sheet without it reads as blank cells.
    added_later: bool = False


@dataclass(frozen=True)
class RowError:
    row: int  # the sheet's own row number, as Excel shows it
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: `message` says what was stored (in Chinese), `accepted` counts the
    rows stored now or already there from an earlier import of the same rows, and `errors`
    lists each refused row with its row number, column and reason. The good rows were stored
    whatever the bad ones held; importing the same file again stores nothing twice."""

    message: str
    accepted: int
    errors: list[RowError] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len({e.row for e in self.errors})


class NotXlsx(InvalidInput):
    code = "not_xlsx"


class NoSheet(InvalidInput):
    code = "no_sheet"


class BadHeader(InvalidInput):
    """The header row lacks columns of the template (`missing` names them)."""

    code = "bad_header"


class TooManyRowsToImport(InvalidInput):
    code = "too_many_rows_to_import"


class ImportFailed(InvalidInput):
    """The file as a whole cannot be imported (or, for bank statements, which are kept whole,
    some rows are bad): nothing was written; `errors` lists each with its row number."""

    code = "import_failed"

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(count=len({e.row for e in errors}))
        self.errors = errors


def validate_row(
    schema: type[M],
    row: int,
    data: dict[str, Any],
    headers: dict[str, str],
    errors: list[RowError],
) -> M | None:
    """One row through the same schema as the API; its problems appended under the column
    headers the officer sees (a problem of the row as a whole under "整行"). A cell already
    reported (say an unreadable time, left out of `data`) is not reported again as missing."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        reported = {e.column for e in errors if e.row == row}
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            column = headers.get(key, key) or i18n.EXCEL["whole_row"]
            if column not in reported:
                errors.append(RowError(row, column, error_message(err)))
                reported.add(column)
        return None


def template(title: str, columns: Sequence[Column], notes: Sequence[str]) -> bytes:
    """An empty sheet with the right headers, drop-downs for fixed choices, and a notes sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for index, column in enumerate(columns, start=1):
        cell = put(ws, 1, index, column.header)
        cell.font = Font(bold=True, color="C62828" if column.required else "1D2433")
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(index)].width = column.width
        # Text format so phone, ID and account numbers keep their digits (no 1.38E+10).
        for row in range(2, 2002):
            ws.cell(row=row, column=index).number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=not column.required,
            )
            validation.error = i18n.EXCEL["choose_from_list"]
            ws.add_data_validation(validation)
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}2001")
    ws.freeze_panes = "A2"
    help_sheet = wb.create_sheet(i18n.EXCEL["help_sheet"])
    help_sheet.column_dimensions["A"].width = 100
    lines = [i18n.EXCEL["help_first_line"], *notes]
    lines += [
        i18n.EXCEL["column_note"].format(header=c.header, note=c.note) for c in columns if c.note
    ]
    for row, line in enumerate(lines, start=1):
        put(help_sheet, row, 1, line)
    return save(wb)


def is_formula_like(text: str) -> bool:
    """Whether Excel/LibreOffice would take `text`, typed into a cell, as a formula."""
    return text.startswith(FORMULA_STARTS)


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell. Strings are stored as text whatever they start with (openpyxl would
    store "=..." as a formula and "#N/A" as an error); numbers, dates and None stay as they
    are; a `Yuan` becomes a number of yuan with two decimals. A formula-like string also gets
    the quote prefix, so editing the cell in Excel keeps it text."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Yuan):
        cell.value = Decimal(value.fen).scaleb(-2)
        cell.number_format = YUAN_FORMAT
        return cell
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def plain_workbook(sheets: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    """Sheets of bare rows (title, rows), no styling: files that imitate what banks and
    carriers send (the demo city's statements and call lists)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                put(ws, number, column, value)
    return save(wb)


# A styled export (a report laid out by hand) builds its workbook with these, so that every
# cell still goes through `put` and no module but this one makes sheets.
def new_workbook(first_sheet: str) -> tuple[Workbook, Worksheet]:
    """An empty workbook whose one sheet is titled `first_sheet`; returns both."""
    wb = Workbook()
    wb.active.title = first_sheet
    return wb, wb.active


def add_sheet(wb: Workbook, title: str) -> Worksheet:
    return wb.create_sheet(title)


def header_row(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    """`headers` in bold on the header fill, from column 1 of `row`."""
    for column, text in enumerate(headers, start=1):
        cell = put(ws, row, column, text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL


def emphasise(cell: Cell, size: float | None = None) -> Cell:
    """Bold (and, given `size`, that point size): titles above a table."""
    cell.font = Font(bold=True, size=size)
    return cell


def align(cell: Cell, *, right: bool = False, wrap: bool = False) -> Cell:
    """Right-align (a "—" among numbers) or wrap long text at the top of its cell."""
    cell.alignment = (
        Alignment(horizontal="right") if right else Alignment(wrap_text=wrap, vertical="top")
    )
    return cell


def column_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Widths of columns A, B, … in characters."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def cell_text(value: Any) -> str:
    """A cell as the text the officer typed: numbers without '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_rows(
    content: bytes, columns: Sequence[Column], *, limit: int
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for each non-blank row of the first sheet, matched by header.
    A file over the Excel upload limits (bytes; the sheet's declared or actual rows and
    columns) is refused with uploads.TooLarge naming the limit, before its rows are read."""
    limits = Limits.excel()
    limits.check_bytes(len(content))
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise NotXlsx(field="file") from exc
    if not wb.worksheets:
        raise NoSheet(field="file")
    sheet = wb.worksheets[0]
    # The declared size first: read_only pads every row to it.
    limits.check_columns(sheet.max_column)
    limits.check_rows(sheet.max_row)
    rows = limits.rows(sheet.iter_rows(values_only=True))
    header = [cell_text(v) for v in next(rows, ())]
    positions = {name: i for i, name in enumerate(header) if name}
    missing = [c.header for c in columns if c.header not in positions and not c.added_later]
    if missing:
        raise BadHeader(missing=i18n.LIST_SEPARATOR.join(missing), field="file")
    count = 0
    for number, values in enumerate(rows, start=2):
        record = {
            c.key: cell_text(values[positions[c.header]])
            if positions.get(c.header, len(values)) < len(values)
            else ""
            for c in columns
        }
        if not any(record.values()):
            continue
        count += 1
        if count > limit:
            raise TooManyRowsToImport(limit=limit, field="file")
        yield number, record
    wb.close()


def workbook_from_rows(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int] | None = None,
) -> bytes:
    """A plain export: bold header row, one row per record, text cells."""
    return workbook_from_sheets([(title, headers, rows, widths)])


def workbook_from_sheets(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]], Sequence[int] | None]],
) -> bytes:
    """Several plain sheets (title, headers, rows, widths) in one workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows, widths in sheets:
        ws = wb.create_sheet(title)
        for column, header in enumerate(headers, start=1):
            cell = put(ws, 1, column, header)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                put(ws, number, column, value)
        for index, width in enumerate(widths or [16] * len(headers), start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
    return save(wb)
