"""When loading province findings refuses (messages in fanzha.i18n.province, by code)."""

from __future__ import annotations

from fanzha.errors import InvalidInput


class ResultsMissing(InvalidInput):
    """The results directory does not exist, or holds none of the jobs' outputs."""

    code = "province_results_missing"


class ResultsNotParquet(InvalidInput):
    """An output's files are not Parquet (or are damaged, or there are none); `output` names
    it, and `file` the file when there is one."""

    code = "province_results_not_parquet"

    def __init__(self, *, output: str, file: str = "") -> None:
        super().__init__(output=output, file=f"（{file}）" if file else "")


class ResultsColumnMissing(InvalidInput):
    """A file of an output lacks a column the app loads (`output`, `file`, `column`)."""

    code = "province_results_column_missing"


class ResultsColumnType(InvalidInput):
    """A column of a file has another type than the app loads (`output`, `file`, `column`,
    `expected`, `found`)."""

    code = "province_results_column_type"


class ResultsColumnNull(InvalidInput):
    """A column the app needs a value in holds nulls (`output`, `file`, `column`)."""

    code = "province_results_column_null"


class ResultsValueRange(InvalidInput):
    """An integer of a file does not fit its database column's type, or is a negative count
    (`output`, `file`, `column`, `row` from 1, `value`, `low`, `high`)."""

    code = "province_results_value_range"


class ResultsValueTooLong(InvalidInput):
    """A text of a file is longer than its database column holds (`output`, `file`, `column`,
    `row` from 1, `value` masked and shortened, `length`, `limit`)."""

    code = "province_results_value_too_long"
