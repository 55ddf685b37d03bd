"""Opening statement files (xlsx, xls, csv) as tables: a header row and the rows under it.

Exports put a preamble above the header (Alipay: 账号, 起止日期 …) and totals below the
rows; the header is the first row within the top 40 that names a time and an amount, and
the preamble is kept so the own account can be read from it when no column carries it.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from fanzha import uploads
from fanzha.fundflow import statements
from fanzha.fundflow.statements import account_key, looks_like_header
from fanzha.i18n import fundflow as i18n
from fanzha.uploads import FieldTooLong, Limits, TooLarge

HEADER_SEARCH_ROWS = 40


class UnreadableFile(ValueError):
    """Not a statement file we can open; the message is shown to the officer."""


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based, as the officer sees it in Excel
    headers: list[str]
    rows: Iterator[tuple[int, list[object]]]  # (row number, cells)
    total_rows: int  # an estimate, for the progress bar
    preamble: str

    def preamble_account(self) -> str:
        """The account an Alipay/WeChat export names above its table ("账号：[…]")."""
        match = statements.PREAMBLE_ACCOUNT.search(self.preamble)
        return account_key(match.group(1)) if match else ""


def kind_of_file(filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower().lstrip(".")
    if suffix not in {"xlsx", "xls", "csv", "txt"}:
        raise UnreadableFile(i18n.UNREADABLE["kind"])
    return "csv" if suffix == "txt" else suffix


def tables(content: bytes, filename: str, limits: Limits | None = None) -> list[Table]:
    """Every table in the file that has a statement header (a workbook may hold a 人员信息
    sheet beside its 交易明细 sheet; only the latter is a table of movements). When no sheet
    has a header we recognise, the first sheet's first full row is taken as the header of a
    layout the officer will map. Only the top of each sheet is read here; the rows are read
    as the caller iterates them, each sheet's rows and columns checked against `limits` (the
    statement limits by default) as they stream: TooLarge names the limit hit."""
    if not content:
        raise UnreadableFile(i18n.UNREADABLE["empty"])
    kind = kind_of_file(filename)
    limits = limits or Limits.statements()
    limits.check_bytes(len(content))
    try:
        readers = {"xlsx": _xlsx_sheets, "xls": _xls_sheets, "csv": _csv_sheets}
        found, fallback = [], None
        for name, rows, total in readers[kind](content, limits):
            table, guess = _table(_CONTROL.sub("", name), map(_clean_row, rows), total)
            if table is not None:
                limits.check_header(table.headers)
                found.append(table)
            elif fallback is None and guess is not None:
                limits.check_header(guess.headers)
                fallback = guess
    except (UnreadableFile, TooLarge):
        raise
    except Exception as exc:  # a damaged or mislabelled file: say so, never a 500
        raise UnreadableFile(i18n.UNREADABLE["damaged"].format(kind=kind)) from exc
    return found or ([fallback] if fallback is not None else [])


def preflight(content: bytes, filename: str, limits: Limits | None = None) -> int:
    """The checks a file of any size passes before it is stored, without parsing it: its
    kind, bytes, a CSV's first-line width and line count, each xlsx sheet's declared
    dimensions. Returns an estimate of the rows (0 when unknown), for the progress bar."""
    if not content:
        raise UnreadableFile(i18n.UNREADABLE["empty"])
    kind = kind_of_file(filename)
    limits = limits or Limits.statements()
    limits.check_bytes(len(content))
    if kind == "csv":
        return uploads.check_csv(content, _delimiter(content).encode(), limits)
    if kind == "xls":
        return 0  # the format itself stops at 65,536 rows; columns are checked on reading
    from openpyxl.worksheet._read_only import read_dimension

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        sheets = [
            n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]
        rows = 0
        for name in sheets:
            with archive.open(name) as source:
                dimension = read_dimension(source)
            if dimension is not None:
                _, _, columns, last = dimension
                limits.check_columns(columns)
                limits.check_rows(last)
                rows += last or 0
    except TooLarge:
        raise
    except Exception as exc:
        raise UnreadableFile(i18n.UNREADABLE["damaged"].format(kind=kind)) from exc
    return rows


def holders(content: bytes, filename: str) -> list[dict[str, str]]:
    """The people listed on a workbook's 人员信息 sheet (name, ID number, phone as written);
    empty for other files or when the sheet cannot be read."""
    if kind_of_file(filename) != "xlsx":
        return []
    try:
        for name, rows, _total in _xlsx_sheets(content, Limits.statements()):
            if statements.HOLDER_SHEET not in name:
                continue
            rows = map(_clean_row, rows)
            header = [str(c or "").strip() for c in next(rows, [])]
            where = {
                key: next((header.index(h) for h in names if h in header), None)
                for key, names in statements.HOLDER_HEADERS.items()
            }
            if where["name"] is None:
                return []
            people = []
            for cells in rows:
                person = {
                    key: str(cells[i]).strip()
                    if i is not None and i < len(cells) and cells[i] is not None
                    else ""
                    for key, i in where.items()
                }
                if person["name"]:
                    people.append(person)
            return people
    except Exception:  # the statement itself was read; a damaged side sheet is no reason to fail
        return []
    return []


# C0 control characters but tab and line breaks: never meant in a statement, and PostgreSQL
# refuses NUL in text and in JSON (a CSV whose header carried one was a 500 on upload).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(value: object) -> object:
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def _clean_row(cells: list[object]) -> list[object]:
    return [_clean(c) for c in cells]


def _table(name: str, rows: Iterator[list[object]], total: int):
    """(the table under a recognised header, None) or (None, a guess at an unknown one)."""
    preamble: list[str] = []
    seen: list[tuple[int, list[object]]] = []
    for number, cells in enumerate(rows, start=1):
        if looks_like_header(cells):
            return _make(name, number, cells, _numbered(rows, number + 1), total, preamble), None
        seen.append((number, cells))
        if number >= HEADER_SEARCH_ROWS:
            break
        preamble.append(" ".join(str(c) for c in cells if c not in (None, "")))
    for position, (number, cells) in enumerate(seen):
        if sum(1 for c in cells if c not in (None, "")) >= 3:
            rest = itertools.chain(
                ((n, c) for n, c in seen[position + 1 :] if any(x not in (None, "") for x in c)),
                _numbered(rows, len(seen) + 1),
            )
            return None, _make(name, number, cells, rest, total, preamble[:position])
    return None, None


def _make(name, number, cells, rows, total, preamble) -> Table:
    headers = [str(c).strip() if c is not None else "" for c in cells]
    return Table(name, number, headers, rows, max(total - number, 0), "\n".join(preamble))


def _numbered(rows: Iterator[list[object]], start: int) -> Iterator[tuple[int, list[object]]]:
    for number, cells in enumerate(rows, start=start):
        if any(c not in (None, "") for c in cells):
            yield number, cells


def _xlsx_sheets(content: bytes, limits: Limits):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for sheet in book.worksheets:
        # The declared size first: read_only pads every row to it.
        limits.check_columns(sheet.max_column)
        limits.check_rows(sheet.max_row)
        rows = limits.rows(list(r) for r in sheet.iter_rows(values_only=True))
        yield sheet.title, rows, sheet.max_row or 0


def _xls_sheets(content: bytes, limits: Limits):
    import xlrd

    book = xlrd.open_workbook(file_contents=content, on_demand=True)

    def values(sheet) -> Iterator[list[object]]:
        for r in range(sheet.nrows):
            cells: list[object] = []
            for cell in sheet.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
                    cells.append(int(cell.value))
                else:
                    cells.append(cell.value)
            yield cells

    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        limits.check_columns(sheet.ncols)
        limits.check_rows(sheet.nrows)
        yield sheet.name, values(sheet), sheet.nrows


def _encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM) or, as Chinese Windows exports are, GB18030."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(content[: 1 << 16], final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _delimiter(content: bytes) -> str:
    head = content[: 1 << 14]
    return "\t" if head.count(b"\t") > head.count(b",") else ","


def _csv_sheets(content: bytes, limits: Limits):
    delimiter = _delimiter(content)
    # Before building anything: the first line's width and the line count, on the bytes.
    lines = uploads.check_csv(content, delimiter.encode(), limits)
    text = io.TextIOWrapper(io.BytesIO(content), encoding=_encoding(content), newline="")
    reader = csv.reader(uploads.csv_lines(text, delimiter, limits), delimiter=delimiter)
    yield "", limits.rows(_csv_rows(reader)), lines


def _csv_rows(reader) -> Iterator[list[object]]:
    try:
        for row in reader:
            yield [c.strip().strip("\t") for c in row]
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            raise
        limit = csv.field_size_limit()
        raise FieldTooLong(row=reader.line_num, limit=limit, field="file") from exc
