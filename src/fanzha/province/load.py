"""`fanzha analytics load --results DIR`: the Spark jobs' Parquet outputs into the app.

DIR is what `fanzha analytics run … --out DIR` wrote: one directory per output (`gangs`,
`mules`, `recurring_accounts`, `recurring_holders`, `kpis`), each Spark's part files. A run is
its directory: loading the same directory again replaces that run's rows in one transaction,
so a re-load (after a re-run) leaves exactly one copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import delete, insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from fanzha.province import schema
from fanzha.province.errors import ResultsMissing
from fanzha.province.models import (
    ProvinceGangCase,
    ProvinceKpi,
    ProvinceMule,
    ProvinceRecurringAccount,
    ProvinceRecurringHolder,
    ProvinceRun,
)

BATCH = 5000


@dataclass(frozen=True)
class Output:
    model: type
    columns: dict[str, str]  # Parquet column -> model attribute
    fix: Callable[[dict[str, Any]], dict[str, Any]] = lambda row: row


def _strings(row: dict[str, Any]) -> dict[str, Any]:
    """Text columns that Spark leaves null (a holder nobody named) load as empty text."""
    return {k: ("" if v is None and k.startswith("holder") else v) for k, v in row.items()}


OUTPUTS: dict[str, Output] = {
    "gangs": Output(
        ProvinceGangCase,
        {
            "gang": "gang",
            "city": "city",
            "case_id": "case_id",
            "case_no": "case_no",
            "cities": "gang_cities",
        },
    ),
    "mules": Output(
        ProvinceMule,
        {
            "account": "account",
            "pass_days": "pass_days",
            "through_fen": "through_fen",
            "median_minutes": "median_minutes",
            "cities": "cities",
            "city_count": "city_count",
        },
    ),
    "recurring_accounts": Output(
        ProvinceRecurringAccount,
        {
            "account": "account",
            "case_count": "case_count",
            "city_count": "city_count",
            "cities": "cities",
            "cases": "cases",
            "holder_name": "holder_name",
            "holder_id_number": "holder_id_number",
        },
        _strings,
    ),
    "recurring_holders": Output(
        ProvinceRecurringHolder,
        {
            "holder_name": "holder_name",
            "holder_id_number": "holder_id_number",
            "account_count": "account_count",
            "case_count": "case_count",
            "city_count": "city_count",
            "accounts": "accounts",
            "cities": "cities",
            "cases": "cases",
            "account_cases": "account_cases",
        },
        _strings,
    ),
    "kpis": Output(
        ProvinceKpi,
        {
            "city": "city",
            "day": "day",
            "unit_id": "unit_id",
            "unit_name": "unit_name",
            "kpi": "kpi",
            "value": "value",
        },
        lambda row: {**row, "unit_name": row["unit_name"] or ""},
    ),
}


def targets() -> dict[str, dict[str, TypeEngine[Any]]]:
    """Output -> Parquet column -> the SQLAlchemy type of the table column it loads into
    (the limits fanzha.province.schema checks values against)."""
    return {
        name: {
            column: inspect(output.model).columns[attribute].type
            for column, attribute in output.columns.items()
        }
        for name, output in OUTPUTS.items()
    }


def _rows(path: Path, output: Output) -> Iterator[list[dict[str, Any]]]:
    """The output's rows in batches, renamed to the model's attributes (its files were
    checked by fanzha.province.schema first)."""
    for file in schema.data_files(path):
        parquet = pq.ParquetFile(file)
        if parquet.metadata.num_rows == 0:  # Spark's empty partition (its columns unchecked)
            continue
        for batch in parquet.iter_batches(BATCH, columns=list(output.columns)):
            yield [
                output.fix({output.columns[k]: v for k, v in row.items()})
                for row in batch.to_pylist()
            ]


def load(session: Session, results: Path) -> dict[str, int]:
    """Load the outputs found under `results` as one run, replacing an earlier load of the same
    directory; rows loaded per output (absent outputs are skipped). ResultsMissing (422) when
    the directory is missing or holds none of them; before anything is written, every file is
    checked (fanzha.province.schema: ResultsNotParquet, ResultsColumnMissing, ResultsColumnType,
    ResultsColumnNull, and for a value its table column cannot hold ResultsValueRange,
    ResultsValueTooLong, all 422). The caller commits (and rolls back on an error: nothing is
    half-loaded)."""
    if not results.is_dir():
        raise ResultsMissing(path=str(results))
    found = {name: results / name for name in OUTPUTS if (results / name).exists()}
    if not found:
        raise ResultsMissing(path=str(results))
    schema.check(results, found, targets())
    source = str(results.resolve())
    session.execute(delete(ProvinceRun).where(ProvinceRun.source == source))  # rows cascade
    run = ProvinceRun(source=source, rows={})
    session.add(run)
    session.flush()
    counts: dict[str, int] = {}
    for name, path in found.items():
        output = OUTPUTS[name]
        counts[name] = 0
        for chunk in _rows(path, output):
            session.execute(insert(output.model), [{**r, "run_id": run.id} for r in chunk])
            counts[name] += len(chunk)
    run.rows = counts
    session.flush()
    return counts
