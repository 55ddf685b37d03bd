"""Upload limits: bytes, rows, columns and header length per file, checked before (and while)
anything is parsed, so an absurd file is refused with the limit it hit instead of being
stored, rendered or parsed at length. Pure: no database, no web."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import AnyStr

from fanzha.config import get_settings
from fanzha.errors import InvalidInput

MIB = 1 << 20


class TooLarge(InvalidInput):
    """A file over one of the upload limits; each subclass names the limit it hit."""

    status_code = 413
    code = "upload_too_large"


class FileTooBig(TooLarge):
    code = "file_too_big"


class BodyTooBig(TooLarge):
    """A request that carries no file (JSON, a plain form) over the body cap."""

    code = "body_too_big"


class TooManyColumns(TooLarge):
    code = "too_many_columns"


class TooManyRows(TooLarge):
    code = "too_many_rows"


class HeaderTooLong(TooLarge):
    code = "header_too_long"


class FieldTooLong(TooLarge):
    """A CSV cell longer than the csv module's field limit."""

    code = "field_too_long"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_columns: int
    max_header_chars: int

    @classmethod
    def statements(cls) -> Limits:
        """Statement files (资金流水): bank exports run to millions of rows."""
        return cls._with(get_settings().upload_statement_mb)

    @classmethod
    def excel(cls) -> Limits:
        """Every other Excel import (预警, 人员, 网格, 涉案号码 ...)."""
        return cls._with(get_settings().upload_excel_mb)

    @classmethod
    def _with(cls, mb: float) -> Limits:
        s = get_settings()
        return cls(
            int(mb * MIB), s.upload_max_rows, s.upload_max_columns, s.upload_max_header_chars
        )

    def check_bytes(self, size: int) -> None:
        if size > self.max_bytes:
            raise file_too_big(self.max_bytes)

    def check_columns(self, count: int | None) -> None:
        if count is not None and count > self.max_columns:
            raise TooManyColumns(count=count, limit=self.max_columns, field="file")

    def check_rows(self, count: int | None) -> None:
        if count is not None and count > self.max_rows:
            raise TooManyRows(count=count, limit=self.max_rows, field="file")

    def check_header(self, headers: Iterable[object]) -> None:
        for column, header in enumerate(headers, start=1):
            if header is not None and len(str(header)) > self.max_header_chars:
                raise HeaderTooLong(column=column, limit=self.max_header_chars, field="file")

    def rows(self, rows: Iterable[list[object]]) -> Iterator[list[object]]:
        """`rows` as they stream, refused at the first one too wide or past the row limit
        (the count named is the first row over it: the real total is never read)."""
        for number, cells in enumerate(rows, start=1):
            if number > self.max_rows:
                self.check_rows(number)
            if len(cells) > self.max_columns:
                self.check_columns(len(cells))
            yield cells


def file_too_big(max_bytes: int) -> FileTooBig:
    """The error for a file over `max_bytes`, naming the limit in MB."""
    return FileTooBig(limit=_in_mb(max_bytes), field="file")


def body_too_big(max_bytes: int) -> BodyTooBig:
    """The error for a request without a file (a phone's sync queue, say) over `max_bytes`."""
    return BodyTooBig(limit=_in_mb(max_bytes))


def _in_mb(max_bytes: int) -> str:
    return f"{round(max_bytes / MIB, 3):g}"


_QUOTED = {bytes: re.compile(rb'"[^"]*"'), str: re.compile(r'"[^"]*"')}


def csv_fields(line: AnyStr, delimiter: AnyStr, end: int | None = None) -> int:
    """How many fields a CSV line (`line[:end]`) holds, counted in place: no copy of the
    line, no list of fields; delimiters inside quotes do not count."""
    end = len(line) if end is None else end
    count = line.count(delimiter, 0, end)
    quote = '"' if isinstance(line, str) else b'"'
    if count and line.find(quote, 0, end) >= 0:
        for quoted in _QUOTED[type(line)].finditer(line, 0, end):
            count -= quoted.group().count(delimiter)
    return count + 1


def csv_lines(lines: Iterable[str], delimiter: str, limits: Limits) -> Iterator[str]:
    """Text lines on their way to the csv module, each refused before it is split into
    fields when it holds too many."""
    for line in lines:
        if line.count(delimiter) >= limits.max_columns:
            limits.check_columns(csv_fields(line, delimiter))
        yield line


def check_csv(content: bytes, delimiter: bytes, limits: Limits) -> int:
    """Refuse a CSV whose first line is too wide or which has too many lines, before any
    row is parsed; returns the line count (an estimate of the rows, for the progress bar)."""
    end = content.find(b"\n")
    limits.check_columns(csv_fields(content, delimiter, len(content) if end < 0 else end))
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    limits.check_rows(lines)
    return lines
