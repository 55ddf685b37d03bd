"""The running balance as evidence (流水连续性): checked on an import's rows before they are
stored.

Within each account, in time order, the balance before ± the amount must be the balance
after. A row that does not move the balance (a 2.00 fee the bank printed but never took) is
no money movement and is dropped, so tracing never counts it; where the balance jumps by
more than the row explains, rows are missing from the statement: a gap the officer asks the
bank about again. Works on the import's temporary table `statement_rows_in` (one pass of
window functions; statements without a balance column are not checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.fundflow.models import StatementImport, StatementRow
from fanzha.i18n import fundflow as i18n
from fanzha.money import format_yuan

MAX_GAPS = 200  # listed on the import; a statement with more is a different problem
SORT_MEMORY = "256MB"  # for the one sort of a 1M-row import (the server's default is 4 MB)

# Rows of one second keep the file's order: oldest first, or newest first as many banks print.
_ORDER = {
    False: "PARTITION BY account ORDER BY at, source_row",
    True: "PARTITION BY account ORDER BY at, source_row DESC",
}
_SIGNED = "CASE direction WHEN 'in' THEN amount_fen ELSE -amount_fen END"


@dataclass(frozen=True)
class Checked:
    dropped: int  # rows that did not move the balance
    gaps: list[dict]  # {"account", "after", "before" (ISO UTC), "missing_fen"}


def check(session: Session, *, has_balance: bool, newest_first: bool) -> Checked:
    """Drop the rows of `statement_rows_in` that do not move the balance and list the gaps
    of the rest. `has_balance`: some row has a balance (else nothing is checked);
    `newest_first`: the file lists its rows newest first (its first row is later than its
    last), which orders the rows of one second. Returns what was dropped and found; raises
    nothing."""
    if not has_balance:
        return Checked(0, [])
    # The window sorts every row of the import: in memory, not in temporary files.
    session.execute(text(f"SET LOCAL work_mem = '{SORT_MEMORY}'"))
    window = _ORDER[newest_first]
    # A balance is evidence for an account only where it explains at least one of its rows
    # (a column of 0.00 or of copied figures explains none and is not used).
    checked = (
        "WITH o AS (SELECT ctid AS row_id, account, at, balance_fen, signed,"
        f" balance_fen - lag(balance_fen) OVER ({window}) AS moved,"
        f" lag(at) OVER ({window}) AS before_at"
        f" FROM (SELECT ctid, account, at, source_row, balance_fen, {_SIGNED} AS signed"
        " FROM statement_rows_in"
        " WHERE balance_fen IS NOT NULL) r),"
        " trusted AS (SELECT account FROM o GROUP BY account HAVING bool_or(moved = signed)),"
        " c AS (SELECT o.* FROM o JOIN trusted USING (account) WHERE moved IS NOT NULL)"
    )
    # One pass: the rows that did not move the balance go, and the gaps are read from the
    # same ordering (a dropped row carries its predecessor's balance, so the rows after it
    # measure the same movement).
    result = session.execute(
        text(
            checked + ", gone AS (DELETE FROM statement_rows_in s USING c"
            " WHERE s.ctid = c.row_id AND c.moved = 0 RETURNING 1)"
            " SELECT (SELECT count(*) FROM gone) AS dropped, (SELECT coalesce(json_agg(g),"
            " '[]') FROM (SELECT account, before_at, at, moved - signed AS missing FROM c"
            " WHERE moved <> signed AND moved <> 0 ORDER BY account, at LIMIT :limit) g) AS gaps"
        ),
        {"limit": MAX_GAPS},
    ).one()
    gaps = [
        {
            "account": g["account"],
            "after": _utc(g["before_at"]),
            "before": _utc(g["at"]),
            "missing_fen": int(g["missing"]),
        }
        for g in result.gaps
    ]
    return Checked(result.dropped, gaps)


def _utc(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(UTC).isoformat()


def gaps_of(session: Session, case_id: int, account: str) -> list[str]:
    """The gaps the case's imports found in one account's statement, described, oldest first."""
    found = session.scalars(
        select(StatementImport.gaps).where(
            StatementImport.case_id == case_id,
            StatementImport.gaps.contains([{"account": account}]),
        )
    )
    gaps = [g for listed in found for g in listed if g["account"] == account]
    open_gaps = [g for g in gaps if not _filled(session, g)]
    return [describe(g) for g in sorted(open_gaps, key=lambda g: g["after"])]


def _filled(session: Session, gap: dict) -> bool:
    """A gap is closed once the rows the bank sent again (any later import of the account)
    explain the missing movement between its two times."""
    signed = case(
        (StatementRow.direction == "in", StatementRow.amount_fen), else_=-StatementRow.amount_fen
    )
    moved = session.scalar(
        select(func.coalesce(func.sum(signed), 0)).where(
            StatementRow.account == gap["account"],
            StatementRow.at > datetime.fromisoformat(gap["after"]),
            StatementRow.at < datetime.fromisoformat(gap["before"]),
        )
    )
    return moved == gap["missing_fen"]


def describe(gap: dict) -> str:
    """流水不连续：3 月 3 日 10:05 至 10:40 之间缺少约 2,000.00 元的交易 (Beijing time)."""
    start, end = (
        clock.local(datetime.fromisoformat(gap[k]), "%Y-%m-%d %H:%M") for k in ("after", "before")
    )
    words = i18n.CONTINUITY
    same_day = start[:10] == end[:10]
    return words["gap"].format(
        start=_when(start, words),
        end=end[11:] if same_day else _when(end, words),
        amount=format_yuan(abs(gap["missing_fen"])),
    )


def _when(stamp: str, words: dict[str, str]) -> str:
    return words["when"].format(month=int(stamp[5:7]), day=int(stamp[8:10]), time=stamp[11:])
