"""The analysis rules, defined once and read by both engines: the app (PostgreSQL, inside a
request or a job) and the province's Spark jobs over the Parquet archive (fanzha.analytics).

Pure: constants, small functions, and SQL fragments written in the subset of SQL that both
PostgreSQL and Spark SQL read the same way (integer arithmetic only, `coalesce`, `greatest`,
CASE), so a threshold changed here changes both engines. The equality test
(tests/analytics/test_two_engines.py) runs both on the same data and compares the results.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

# Days are the center's local days: a pass-through day, a KPI's day.
LOCAL_TZ = "Asia/Shanghai"

# ---- Case linking (串并案) -------------------------------------------------------------------
# A value seen in more cases than this stops linking until an analyst reviews it (the default
# of the `linking_cap` setting: a bank's collection account, a platform's domain drown gangs).
LINKING_CAP = 50
# A gang is two or more cases joined through shared values (or an analyst's merge).
GANG_MIN_CASES = 2
# A voided case links nothing; it still counts towards a value's case count (the cap).
VOIDED = "voided"
# Whether an indicator links cases, over `indicators i` (the app) or its archive copy.
LINKABLE = "i.excluded_by_id IS NULL AND (i.case_count <= :cap OR i.link_approved)"
# An exclusion pattern (`*` wildcards, whole value) as a LIKE pattern, in PostgreSQL over
# `link_exclusions e`, so it is matched where it is stored; `exclusion_like` is the same in
# Python for the Spark jobs (which collect the short list and match with LIKE).
LIKE_PATTERN = (
    r"replace(replace(replace(replace(e.pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%')"
)


def exclusion_like(pattern: str) -> str:
    """The LIKE pattern (escape `\\`) of an exclusion pattern, as LIKE_PATTERN builds it."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def excluded_by(value: str, pattern: str) -> bool:
    """Whether an exclusion pattern (`*` matches any run of characters) covers the value."""
    return re.fullmatch(".*".join(map(re.escape, pattern.split("*"))), value, re.S) is not None


def linkable(case_count: int, *, excluded: bool, approved: bool, cap: int = LINKING_CAP) -> bool:
    """LINKABLE in Python: not excluded, and at most `cap` cases unless an analyst kept it."""
    return not excluded and (case_count <= cap or approved)


# ---- 快进快出: pass-through (mule) accounts --------------------------------------------------
# A pass-through day: money in, at least PASS_OUT_PERCENT of it out the same local day, and the
# day ending with no more than END_BALANCE_FLOOR_FEN or END_BALANCE_PERCENT of what came in.
PASS_OUT_PERCENT = 90
END_BALANCE_FLOOR_FEN = 10_000  # 100 yuan
END_BALANCE_PERCENT = 1
# Fast: half of the account's inflows left within this many minutes (the median time from an
# inflow to the next outflow at or after it).
FAST_MINUTES = 30
# Two-card watch: an account named in this many cases or more.
MULTI_CASE_MIN = 2
# A recurring holder's account_cases: "account|city:case_no", one per (account, case naming it).
# Accounts are digits (and letters), never "|", so the first "|" splits the pair.
ACCOUNT_CASE_SEP = "|"


def account_case(account: str, case_key: str) -> str:
    return f"{account}{ACCOUNT_CASE_SEP}{case_key}"


def split_account_case(value: str) -> tuple[str, str]:
    account, _, case_key = value.partition(ACCOUNT_CASE_SEP)
    return account, case_key


# Over one account-day: in_fen, out_fen (sums of the day's rows), end_balance (the balance
# after the day's last row, may be NULL). The balance test is end <= max(floor, in * 1%)
# multiplied out, exact for integers, so both dialects compute it alike.
PASS_DAY = (
    f"in_fen > 0 AND out_fen * 100 >= in_fen * {PASS_OUT_PERCENT}"
    f" AND coalesce(end_balance, 0) * 100"
    f" <= greatest({END_BALANCE_FLOOR_FEN * 100}, in_fen * {END_BALANCE_PERCENT})"
)
# Over one account's rows ordered by time: the first outflow at or after this row (its peers
# at the same instant included, so the answer does not depend on the order of ties).
NEXT_OUT = (
    "min(CASE WHEN direction = 'out' THEN at END) OVER (PARTITION BY account ORDER BY at"
    " RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)"
)


def is_pass_day(in_fen: int, out_fen: int, end_balance: int | None) -> bool:
    """PASS_DAY in Python."""
    return (
        in_fen > 0
        and out_fen * 100 >= in_fen * PASS_OUT_PERCENT
        and (end_balance or 0) * 100
        <= max(END_BALANCE_FLOOR_FEN * 100, in_fen * END_BALANCE_PERCENT)
    )


def median_minutes(minutes: Sequence[float]) -> float | None:
    """The median the way percentile_cont(0.5) (PostgreSQL) and percentile(…, 0.5) (Spark)
    take it: the mean of the two middle values for an even count."""
    return float(statistics.median(minutes)) if minutes else None


def is_fast(median: float | None) -> bool:
    return median is not None and median <= FAST_MINUTES


# ---- KPIs rolled up by local day, unit and KPI -----------------------------------------------
# Each KPI is an aggregate over the non-voided cases of one (local day of reported_at, unit)
# group, the unit and each unit above it (a case counts for its station, its 分局 and the city).
# Both engines evaluate these exact expressions over a relation with columns loss_fen and
# fraud_type; values are integers.
KPIS: dict[str, str] = {
    "cases": "count(*)",
    "loss_fen": "coalesce(sum(loss_fen), 0)",
    "cases_over_1m_fen": "count(CASE WHEN loss_fen >= 100000000 THEN 1 END)",  # ≥ 100万元
    "brushing_cases": "count(CASE WHEN fraud_type = 'brushing' THEN 1 END)",
}


def unit_ancestry(path: str) -> list[int]:
    """The unit ids a case of the unit with this materialised path ("/1/4/17/") counts for."""
    return [int(part) for part in path.split("/") if part]
