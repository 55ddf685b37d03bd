"""The column types `fanzha analytics load` accepts, checked on every file before a row is
written: a results file whose columns were retyped (an amount saved as text, an id as a
double) or dropped, or that holds nulls where the app needs a value, is refused naming the
file, the column, the type expected and the type found.

Each output is the directory Spark wrote (its part files; `_SUCCESS`, `.crc` and other files
starting with `_` or `.` are Spark's bookkeeping) or a single Parquet file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fanzha.i18n import province as i18n
from fanzha.province.errors import (
    ResultsColumnMissing,
    ResultsColumnNull,
    ResultsColumnType,
    ResultsNotParquet,
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


def check(results: Path, found: dict[str, Path]) -> None:
    """Refuse (422, nothing written yet) the first file of the outputs in `found` that is not
    Parquet, lacks a column the app loads, holds one of another type, or a null where the app
    needs a value; the message names the file relative to `results`."""
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
