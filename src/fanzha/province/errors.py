"""When loading province findings refuses (messages in fanzha.i18n.province, by code)."""

from __future__ import annotations

from fanzha.errors import InvalidInput


class ResultsMissing(InvalidInput):
    """The results directory does not exist, or holds none of the jobs' outputs."""

    code = "province_results_missing"


class ResultsUnreadable(InvalidInput):
    """An output lacks a column the app loads (`output`, `column` name it)."""

    code = "province_results_unreadable"


class ResultsNotParquet(InvalidInput):
    """An output's files are not Parquet (or are damaged); `output` names it."""

    code = "province_results_not_parquet"
