"""Tracing a case's money through the imported statements: the movements fetcher, the case's
seeds, the trace with the other victims' money alongside, and the tracing options."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha.cases.models import Case, Transfer
from fanzha.fundflow import statements, tracing
from fanzha.fundflow.errors import CaseWithoutTransfers
from fanzha.fundflow.models import StatementImport, StatementRow
from fanzha.fundflow.tracing import Direction, Movement, MovementKind, Options, Seed, Trace


def movements_fetcher(session: Session) -> tracing.Fetch:
    """Each account's movements by the (account, at) index; asked once per hop."""
    columns = (
        StatementRow.account,
        StatementRow.at,
        StatementRow.amount_fen,
        StatementRow.direction,
        StatementRow.counterpart,
        StatementRow.kind,
        StatementRow.balance_fen,
        StatementRow.id,
    )
    cache: dict[str, list[Movement]] = {}

    def fetch(accounts: set[str]) -> dict[str, list[Movement]]:
        wanted = [a for a in accounts if a not in cache]
        for a in wanted:
            cache[a] = []
        for start in range(0, len(wanted), 5_000):
            rows = session.execute(
                select(*columns).where(StatementRow.account.in_(wanted[start : start + 5_000]))
            )
            for account, at, fen, direction, counterpart, kind, balance, row_id in rows:
                cache[account].append(
                    Movement(
                        account,
                        at,
                        fen,
                        Direction(direction),
                        counterpart,
                        MovementKind(kind),
                        balance,
                        row_id,
                    )
                )
        return {a: cache[a] for a in accounts if cache.get(a)}

    return fetch


def victim_key(case_id: int) -> str:
    """The key a case's money carries through the trace (its id as text)."""
    return str(case_id)


def _seeds(transfers: Iterable[Transfer]) -> list[Seed]:
    return [
        Seed(
            victim_key(t.case_id),
            statements.account_key(t.receiving_account),
            t.at,
            t.amount_fen,
            statements.account_key(t.payer_account),
        )
        for t in transfers
        if t.receiving_account
    ]


@dataclass
class CaseTrace:
    case: Case
    trace: Trace
    victim: str
    other_cases: dict[str, str]  # victim key → case number, for money of other victims
    shared: dict[str, list[str]]  # account → the other cases' numbers it appears in
    options: Options


def trace_case(session: Session, case: Case, options: Options = Options()) -> CaseTrace:
    """Trace the case's money; other victims whose money went through the same accounts are
    traced alongside, so each victim is attributed their own share. Returns a CaseTrace
    (amounts in fen). Raises CaseWithoutTransfers (409) when the case has no transfer to a
    receiving account."""
    fetch = movements_fetcher(session)
    own = _seeds(case.transfers)
    if not own:
        raise CaseWithoutTransfers()
    first = tracing.trace(own, fetch, options)
    reached = list(first.accounts)
    others = list(
        session.scalars(
            select(Transfer).where(
                Transfer.case_id != case.id, Transfer.receiving_account.in_(reached)
            )
        )
    )
    result = tracing.trace(own + _seeds(others), fetch, options) if others else first
    # Other cases an account belongs to: their victims' money went through it, or it is in
    # the statements imported for them (the raw material of case linking).
    found: dict[str, set[int]] = defaultdict(set)
    for account, flow in result.accounts.items():
        for victim in flow.received:
            if victim != victim_key(case.id):
                found[account].add(int(victim))
    reached = list(result.accounts)
    for column in (StatementRow.account, StatementRow.counterpart):
        rows = session.execute(
            select(column, StatementImport.case_id)
            .join(StatementImport, StatementImport.id == StatementRow.import_id)
            .where(column.in_(reached), StatementImport.case_id != case.id)
            .distinct()
        )
        for account, other in rows:
            found[account].add(other)
    ids = {i for cases in found.values() for i in cases}
    numbers = dict(session.execute(select(Case.id, Case.case_no).where(Case.id.in_(ids))).all())
    other_cases = {victim_key(i): no for i, no in numbers.items()}
    shared = {a: sorted(numbers[i] for i in cases) for a, cases in found.items() if cases}
    return CaseTrace(case, result, victim_key(case.id), other_cases, shared, options)


def account_rows(session: Session, account: str, limit: int = 200) -> list[StatementRow]:
    """The first `limit` statement rows of one account, oldest first."""
    return list(
        session.scalars(
            select(StatementRow)
            .where(StatementRow.account == account)
            .order_by(StatementRow.at, StatementRow.id)
            .limit(limit)
        )
    )


def account_names(session: Session, accounts: Iterable[str]) -> dict[str, tuple[str, str]]:
    """account → (holder name, bank), from the statements that show it: its own rows name
    the holder; other accounts' rows name its holder and bank as their counterpart."""
    wanted = list(accounts)
    names: dict[str, tuple[str, str]] = {}
    for account, name, bank in session.execute(
        select(
            StatementRow.counterpart,
            func.max(StatementRow.counterpart_name),
            func.max(StatementRow.counterpart_bank),
        )
        .where(StatementRow.counterpart.in_(wanted))
        .group_by(StatementRow.counterpart)
    ):
        names[account] = (name or "", bank or "")
    for account, name in session.execute(
        select(StatementRow.account, func.max(StatementRow.account_name))
        .where(StatementRow.account.in_(wanted))
        .group_by(StatementRow.account)
    ):
        if name:
            names[account] = (name, names.get(account, ("", ""))[1])
    return names


def options_from(
    *, method: str = "fifo", window_hours: int = 1, min_yuan: int = 1, hops: int = 5
) -> Options:
    """Tracing options from the page's form, clamped: a window of 1 h to 30 days, a minimum
    amount in whole yuan (stored as fen), 1 to 8 hops."""
    return Options(
        method=tracing.Method(method),
        window=timedelta(hours=max(1, min(window_hours, 24 * 30))),
        min_amount_fen=max(0, min_yuan) * 100,
        max_hops=max(1, min(hops, 8)),
    )
