"""The column types `fanzha analytics load` accepts, checked on every file before a row is
written: a results file whose columns were retyped (an amount saved as text, an id as a
double) or dropped, or that holds nulls where the app needs a value, is refused naming the
file, the column, the type expected and the type found. Values of the right type that do
not fit the table they load into (a 64-bit count above an `Integer` column's 2,147,483,647, a
negative count, text longer than its `String(n)`) are refused the same way, naming the row,
the limit (read from the tables' column types, so it follows the schema) and the value
(masked where it could be an account or ID number), instead of failing inside the database.

Each output is the directory Spark wrote (its part files; `_SUCCESS`, `.crc` and other files
starting with `_` or `.` are Spark's bookkeeping) or a single Parquet file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import ARRAY, BigInteger, Integer, SmallInteger, String
from sqlalchemy.types import TypeEngine

from fanzha.i18n import province as i18n
from fanzha.masking import mask_bank_account, mask_id_number, mask_name, mask_numbers_in_text
from fanzha.province.errors import (
    ResultsColumnMissing,
    ResultsColumnNull,
    ResultsColumnType,
    ResultsNotParquet,
    ResultsValueRange,
    ResultsValueTooLong,
)

# A kind of column -> the Arrow types that load into it without loss.
KINDS: dict[str, Callable[[pa.DataType], bool]] = {
    "integer": pa.types.is_integer,
    # A whole number is a fine number of minutes; text or a date is not.
    "number": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t),
    "text": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "date": pa.types.is_date,
    "texts": lambda t: (
        (pa.types.is_list(t) or pa.types.is_large_list(t))
        and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type))
    ),
}

# Columns the loader fills in when null (a holder nobody named, a unit without a name).
NULLABLE = frozenset({"holder_name", "holder_id_number", "unit_name"})

# Integer columns that count or sum something: never below zero (the database would take a
# negative number; the pages would show it).
NON_NEGATIVE = frozenset(
    {"cities", "pass_days", "through_fen", "city_count", "case_count", "account_count", "value"}
)

# Output -> Parquet column -> kind, as fanzha.analytics.jobs writes them.
COLUMNS: dict[str, dict[str, str]] = {
    "gangs": {
        "gang": "integer",
        "city": "text",
        "case_id": "integer",
        "case_no": "text",
        "cities": "integer",
    },
    "mules": {
        "account": "text",
        "pass_days": "integer",
        "through_fen": "integer",
        "median_minutes": "number",
        "cities": "texts",
        "city_count": "integer",
    },
    "recurring_accounts": {
        "account": "text",
        "case_count": "integer",
        "city_count": "integer",
        "cities": "texts",
        "cases": "texts",
        "holder_name": "text",
        "holder_id_number": "text",
    },
    "recurring_holders": {
        "holder_name": "text",
        "holder_id_number": "text",
        "account_count": "integer",
        "case_count": "integer",
        "city_count": "integer",
        "accounts": "texts",
        "cities": "texts",
        "cases": "texts",
        "account_cases": "texts",
    },
    "kpis": {
        "city": "text",
        "day": "date",
        "unit_id": "integer",
        "unit_name": "text",
        "kpi": "text",
        "value": "integer",
    },
}


def data_files(path: Path) -> list[Path]:
    """The Parquet files of one output, in name order (Spark's bookkeeping left out)."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and not any(part.startswith(("_", ".")) for part in p.relative_to(path).parts)
    )


def _found(kind: pa.DataType) -> str:
    """An Arrow type as the operator reads it: its kind in Chinese, then Arrow's own name."""
    for name, accepts in KINDS.items():
        if name != "number" and accepts(kind):
            return f"{i18n.COLUMN_KINDS[name]}（{kind}）"
    if pa.types.is_floating(kind):
        return f"{i18n.COLUMN_KINDS['float']}（{kind}）"
    return str(kind)


def _nulls(parquet: pq.ParquetFile, column: str) -> bool:
    """Whether the column holds a null: from the footer's statistics when every row group
    kept them (Spark and pyarrow both do), else by reading the column."""
    kind = parquet.schema_arrow.field(column).type
    meta = parquet.metadata
    leaf = next((i for i in range(meta.num_columns) if meta.schema.column(i).path == column), None)
    # A list's leaf counts empty lists and null items too: only a plain column's is the answer.
    if leaf is not None and not (pa.types.is_list(kind) or pa.types.is_large_list(kind)):
        stats = [meta.row_group(g).column(leaf).statistics for g in range(meta.num_row_groups)]
        if all(s is not None and s.has_null_count for s in stats):
            return any(s.null_count for s in stats)
    return any(b.column(0).null_count for b in parquet.iter_batches(columns=[column]))


def check_schema(output: str, file: str, arrow: pa.Schema) -> None:
    """Refuse a schema of `output` (read from `file`) that lacks a column the app loads or
    holds one of another type (ResultsColumnMissing, ResultsColumnType, ResultsColumnNull for
    a column of nothing but nulls where the app needs values)."""
    for column, kind in COLUMNS[output].items():
        if column not in arrow.names:
            raise ResultsColumnMissing(output=output, file=file, column=column)
        got = arrow.field(column).type
        if pa.types.is_null(got):  # every value null: Arrow cannot say of what
            if column in NULLABLE:
                continue
            raise ResultsColumnNull(output=output, file=file, column=column)
        if not KINDS[kind](got):
            raise ResultsColumnType(
                output=output,
                file=file,
                column=column,
                expected=i18n.COLUMN_KINDS[kind],
                found=_found(got),
            )


def check(
    results: Path,
    found: dict[str, Path],
    targets: dict[str, dict[str, TypeEngine[Any]]] | None = None,
) -> None:
    """Refuse (422, nothing written yet) the first file of the outputs in `found` that is not
    Parquet, lacks a column the app loads, holds one of another type, or a null where the app
    needs a value, or (given `targets`: output -> Parquet column -> the SQLAlchemy type it
    loads into) a value its database column cannot hold; the message names the file relative
    to `results`."""
    for output, path in found.items():
        files = data_files(path)
        if not files:
            raise ResultsNotParquet(output=output)
        for file in files:
            name = str(file.relative_to(results))
            try:
                parquet = pq.ParquetFile(file)
                arrow = parquet.schema_arrow
            except (pa.ArrowInvalid, OSError) as exc:  # not Parquet, truncated, unreadable
                raise ResultsNotParquet(output=output, file=name) from exc
            if parquet.metadata.num_rows == 0:  # Spark's empty partition: nothing to load
                continue
            check_schema(output, name, arrow)
            for column in COLUMNS[output]:
                if column not in NULLABLE and _nulls(parquet, column):
                    raise ResultsColumnNull(output=output, file=name, column=column)
            if targets is not None:
                check_values(output, name, parquet, targets[output])


# The range of each SQLAlchemy integer type (subclasses before Integer, which they extend).
_INTEGER_BITS: tuple[tuple[type[TypeEngine[Any]], int], ...] = (
    (SmallInteger, 16),
    (BigInteger, 64),
    (Integer, 32),
)

# Columns whose values are shown masked in a refusal (any other text has its long numbers
# masked: an account number in the wrong column is still an account number).
_MASKS = {
    "account": mask_bank_account,
    "accounts": mask_bank_account,
    "holder_id_number": mask_id_number,
    "holder_name": mask_name,
}
_SHOWN = 24  # characters of an over-long value shown in a refusal


def integer_range(column: TypeEngine[Any], name: str) -> tuple[int, int] | None:
    """The values a database column of this type holds (a count from zero), None when it is
    not an integer column."""
    for kind, bits in _INTEGER_BITS:
        if isinstance(column, kind):
            low = 0 if name in NON_NEGATIVE else -(2 ** (bits - 1))
            return low, 2 ** (bits - 1) - 1
    return None


def text_length(column: TypeEngine[Any]) -> int | None:
    """The most characters a `String(n)` column (or each item of an `ARRAY(String(n))`)
    holds, None when unbounded or not text."""
    if isinstance(column, ARRAY):
        column = column.item_type
    if isinstance(column, String):
        return column.length
    return None


def _shown(column: str, value: str) -> str:
    masked = _MASKS.get(column, mask_numbers_in_text)(value)
    return masked if len(masked) <= _SHOWN else masked[:_SHOWN] + "…"


def _first(bad: pa.Array) -> int:
    return pc.indices_nonzero(bad)[0].as_py()


def _check_integers(
    output: str, file: str, parquet: pq.ParquetFile, column: str, bounds: tuple[int, int]
) -> None:
    low, high = bounds
    offset = 0
    for batch in parquet.iter_batches(columns=[column]):
        values = batch.column(0)
        extremes = pc.min_max(values)
        least, most = extremes["min"].as_py(), extremes["max"].as_py()
        bad = None
        # A bound beyond the values' extreme fits the values' own type, so it compares as it.
        if least is not None and least < low:
            bad = pc.less(values, pa.scalar(low, values.type))
        if most is not None and most > high:
            above = pc.greater(values, pa.scalar(high, values.type))
            bad = above if bad is None else pc.or_(bad, above)
        if bad is not None:
            row = _first(pc.fill_null(bad, False))
            raise ResultsValueRange(
                output=output,
                file=file,
                column=column,
                row=offset + row + 1,
                value=values[row].as_py(),
                low=low,
                high=high,
            )
        offset += len(values)


def _check_lengths(
    output: str, file: str, parquet: pq.ParquetFile, column: str, limit: int
) -> None:
    offset = 0
    for batch in parquet.iter_batches(columns=[column]):
        values = batch.column(0)
        texts, rows = values, None
        if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
            texts, rows = pc.list_flatten(values), pc.list_parent_indices(values)
        if pa.types.is_null(texts.type) or len(texts) == 0:
            offset += len(values)
            continue
        lengths = pc.utf8_length(texts)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > limit:
            at = _first(pc.fill_null(pc.greater(lengths, limit), False))
            row = at if rows is None else rows[at].as_py()
            raise ResultsValueTooLong(
                output=output,
                file=file,
                column=column,
                row=offset + row + 1,
                value=_shown(column, texts[at].as_py()),
                length=lengths[at].as_py(),
                limit=limit,
            )
        offset += len(values)


def check_values(
    output: str, file: str, parquet: pq.ParquetFile, targets: dict[str, TypeEngine[Any]]
) -> None:
    """Refuse a value of `file` (its types already checked) that its database column cannot
    hold: an integer outside the column type's range, or below zero for a count
    (ResultsValueRange); text longer than its `String(n)` (ResultsValueTooLong). `targets`
    is the output's Parquet column -> the SQLAlchemy type of the column it loads into."""
    arrow = parquet.schema_arrow
    for column, target in targets.items():
        kind = arrow.field(column).type
        bounds = integer_range(target, column)
        if bounds is not None and pa.types.is_integer(kind):
            _check_integers(output, file, parquet, column, bounds)
        limit = text_length(target)
        if limit is not None and not pa.types.is_null(kind):
            _check_lengths(output, file, parquet, column, limit)
