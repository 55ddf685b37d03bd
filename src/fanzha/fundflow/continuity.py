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
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.fundflow.models import StatementImport
from fanzha.i18n import fundflow as i18n
from fanzha.money import format_yuan

MAX_GAPS = 200  # listed on the import; a statement with more is a different problem

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


def check(session: Session) -> Checked:
    """Drop the rows of `statement_rows_in` that do not move the balance and list the gaps
    of the rest. Returns what was dropped and found; raises nothing."""
    has_balance = session.scalar(
        text("SELECT EXISTS (SELECT 1 FROM statement_rows_in WHERE balance_fen IS NOT NULL)")
    )
    if not has_balance:
        return Checked(0, [])
    first, last = (
        session.scalar(text(f"SELECT at FROM statement_rows_in ORDER BY source_row {o} LIMIT 1"))
        for o in ("ASC", "DESC")
    )
    window = _ORDER[bool(first and last and first > last)]
    dropped = session.execute(
        text(
            "DELETE FROM statement_rows_in s USING ("
            " SELECT ctid AS row_id, balance_fen,"
            f" lag(balance_fen) OVER ({window}) AS before"
            " FROM statement_rows_in WHERE balance_fen IS NOT NULL) o"
            " WHERE s.ctid = o.row_id AND o.before = o.balance_fen"
        )
    ).rowcount
    found = session.execute(
        text(
            "SELECT account, before_at, at, balance_fen - before - signed AS missing FROM ("
            f" SELECT account, at, balance_fen, {_SIGNED} AS signed,"
            f" lag(balance_fen) OVER ({window}) AS before,"
            f" lag(at) OVER ({window}) AS before_at"
            " FROM statement_rows_in WHERE balance_fen IS NOT NULL) o"
            " WHERE before IS NOT NULL AND balance_fen <> before + signed"
            " ORDER BY account, at LIMIT :limit"
        ),
        {"limit": MAX_GAPS},
    ).all()
    gaps = [
        {
            "account": row.account,
            "after": row.before_at.isoformat(),
            "before": row.at.isoformat(),
            "missing_fen": int(row.missing),
        }
        for row in found
    ]
    return Checked(dropped, gaps)


def gaps_of(session: Session, case_id: int, account: str) -> list[str]:
    """The gaps the case's imports found in one account's statement, described, oldest first."""
    found = session.scalars(
        select(StatementImport.gaps).where(
            StatementImport.case_id == case_id,
            StatementImport.gaps.contains([{"account": account}]),
        )
    )
    gaps = [g for listed in found for g in listed if g["account"] == account]
    return [describe(g) for g in sorted(gaps, key=lambda g: g["after"])]


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
