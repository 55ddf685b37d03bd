"""Opening statement files (xlsx, xls, HTML tables saved as .xls, csv/tsv/txt in any
encoding; the kind found by content, see fundflow.sniff) as tables: a header row and the
rows under it.

Exports put a preamble above the header (Alipay: 账号, 起止日期 …) and totals below the
rows; the header is the first row within the top 40 that names a time and an amount, and
the preamble is kept so the own account can be read from it when no column carries it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from fanzha import uploads
from fanzha.fundflow import statements
from fanzha.fundflow.sniff import READABLE, Sniffed, sniff
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
    date1904: bool = False  # the workbook's serial dates count from 1904 (Excel for Mac)

    def preamble_account(self) -> str:
        """The account an Alipay/WeChat export names above its table ("账号：[…]")."""
        match = statements.PREAMBLE_ACCOUNT.search(self.preamble)
        return account_key(match.group(1)) if match else ""


def kind_of_file(content: bytes) -> Sniffed:
    """What the file is by its bytes; UnreadableFile naming it (a PDF, a photo, a Word
    document …) when it is no spreadsheet, HTML table or delimited text."""
    found = sniff(content)
    if found.kind not in READABLE:
        what = i18n.FILE_KINDS.get(found.kind)
        if what is None:
            raise UnreadableFile(i18n.UNREADABLE["kind"])
        raise UnreadableFile(i18n.UNREADABLE["not_statement"].format(what=what))
    return found


def _as_utf8(content: bytes, found: Sniffed) -> bytes:
    """UTF-16/32 text re-encoded, so the byte-level CSV checks see one byte per delimiter."""
    if found.encoding.startswith(("utf-16", "utf-32")):
        return content.decode(found.encoding, errors="replace").encode()
    return content


def tables(content: bytes, filename: str, limits: Limits | None = None) -> list[Table]:
    """Every table in the file that has a statement header (a workbook may hold a 人员信息
    sheet beside its 交易明细 sheet; only the latter is a table of movements). When no sheet
    has a header we recognise, the first sheet's first full row is taken as the header of a
    layout the officer will map. Only the top of each sheet is read here; the rows are read
    as the caller iterates them, each sheet's rows and columns checked against `limits` (the
    statement limits by default) as they stream: TooLarge names the limit hit."""
    if not content:
        raise UnreadableFile(i18n.UNREADABLE["empty"])
    limits = limits or Limits.statements()
    limits.check_bytes(len(content))
    sniffed = kind_of_file(content)
    kind = sniffed.kind
    try:
        readers = {
            "xlsx": _xlsx_sheets,
            "xls": _xls_sheets,
            "csv": _csv_sheets,
            "html": _html_sheets,
        }
        found, fallback = [], None
        for name, rows, total, date1904 in readers[kind](content, limits, sniffed):
            table, guess = _table(_CONTROL.sub("", name), map(_clean_row, rows), total)
            for made in (table, guess):
                if made is not None:
                    made.date1904 = date1904
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
    limits = limits or Limits.statements()
    limits.check_bytes(len(content))
    sniffed = kind_of_file(content)
    kind = sniffed.kind
    if kind == "csv":
        text = _as_utf8(content, sniffed)
        return uploads.check_csv(text, _delimiter(text).encode(), limits)
    if kind == "html":
        rows = len(_ROW_TAG.findall(content))
        limits.check_rows(rows)
        return rows
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
    try:
        if sniff(content).kind != "xlsx":
            return []
        for name, rows, _total, _1904 in _xlsx_sheets(content, Limits.statements(), None):
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


def _xlsx_sheets(content: bytes, limits: Limits, _sniffed: Sniffed | None):
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    date1904 = book.epoch == CALENDAR_MAC_1904
    for sheet in book.worksheets:
        # The declared size first: read_only pads every row to it.
        limits.check_columns(sheet.max_column)
        limits.check_rows(sheet.max_row)
        rows = limits.rows(list(r) for r in sheet.iter_rows(values_only=True))
        yield sheet.title, rows, sheet.max_row or 0, date1904


def _xls_sheets(content: bytes, limits: Limits, _sniffed: Sniffed):
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
        yield sheet.name, values(sheet), sheet.nrows, bool(book.datemode)


# Delimiters of text exports: comma (CSV), tab (Excel's 文本文件/Unicode 文本), vertical bar
# (some banks' TXT); the most frequent in the top of the file wins.
_DELIMITERS = (",", "\t", "|")


def _delimiter(content: bytes) -> str:
    head = content[: 1 << 14]
    return max(_DELIMITERS, key=lambda d: head.count(d.encode()))


def _csv_sheets(content: bytes, limits: Limits, sniffed: Sniffed):
    content = _as_utf8(content, sniffed)
    encoding = "utf-8" if sniffed.encoding.startswith(("utf-16", "utf-32")) else sniffed.encoding
    delimiter = _delimiter(content)
    # Before building anything: the first line's width and the line count, on the bytes.
    lines = uploads.check_csv(content, delimiter.encode(), limits)
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    reader = csv.reader(uploads.csv_lines(_no_bom(text), delimiter, limits), delimiter=delimiter)
    yield "", limits.rows(_csv_rows(reader)), lines, False


def _no_bom(lines: Iterator[str]) -> Iterator[str]:
    for number, line in enumerate(lines):
        yield line.lstrip("\ufeff") if number == 0 else line


_ROW_TAG = re.compile(rb"<\s*tr\b", re.IGNORECASE)


class _HtmlTables(HTMLParser):
    """The cells of every <table> (<td>/<th> text; a colspan repeats as empty cells so the
    columns stay aligned). Nested tables are read as their own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._close_cell()
            self._open[-1].append([])
        elif tag in ("td", "th") and self._open:
            self._close_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = min(int(span), 100) if span.isdigit() else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "table" and self._open:
            self._close_cell()
            self.tables.append(self._open.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._open and self._open[-1]:
            text = re.sub(r"\s+", " ", "".join(self._cell)).strip()
            self._open[-1][-1].extend([text] + [""] * (self._span - 1))
        self._cell = None
        self._span = 1


def _html_sheets(content: bytes, limits: Limits, sniffed: Sniffed):
    parser = _HtmlTables()
    parser.feed(content.decode(sniffed.encoding, errors="replace"))
    parser.close()
    while parser._open:  # a table the export never closed
        parser.tables.append(parser._open.pop())
    for number, table in enumerate(parser.tables, start=1):
        limits.check_rows(len(table))
        rows = [[c.strip("\t") for c in row] for row in table if row]
        yield f"{number}", limits.rows(iter(rows)), len(rows), False


def _csv_rows(reader) -> Iterator[list[object]]:
    try:
        for row in reader:
            yield [c.strip().strip("\t") for c in row]
    except csv.Error as exc:
        if "field larger than field limit" not in str(exc):
            raise
        limit = csv.field_size_limit()
        raise FieldTooLong(row=reader.line_num, limit=limit, field="file") from exc
