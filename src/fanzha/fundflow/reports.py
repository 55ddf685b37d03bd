"""What the officer reads of a traced case: the account lines under the graph and the
资金流向表 export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import Case, StopPayment
from fanzha.fundflow.case_trace import CaseTrace, account_names
from fanzha.fundflow.graph import level_name
from fanzha.fundflow.models import StatementRow
from fanzha.fundflow.tracing import AccountFlow
from fanzha.i18n import common
from fanzha.i18n import fundflow as i18n
from fanzha.masking import mask_name

SECONDS = "%Y-%m-%d %H:%M:%S"  # times in the hop table, to the second


@dataclass
class AccountLine:
    account: str
    holder: str  # masked
    bank: str
    level: int
    received_fen: int
    moved_on_fen: int  # passed, moved after the window, or beyond what we follow
    cash_fen: int
    spent_fen: int
    held_fen: int
    has_statement: bool
    shared: list[str]
    stopped: bool  # this case already has a stop-payment on it


def is_stopped(session: Session, case: Case, account: str) -> bool:
    """Whether the case already has a stop-payment on this account."""
    return (
        session.scalar(
            select(StopPayment.id).where(
                StopPayment.case_id == case.id, StopPayment.account == account
            )
        )
        is not None
    )


def own_cards(session: Session, flows: list[AccountFlow]) -> list[str]:
    """The holders' own cards the victim's money may have gone on to: a withdrawal (提现) from
    an account the money reached, after it arrived, to a card the statement names only by its
    tail. Each described for the statements-to-request list, by tail."""
    arrived = {f.account: f.first_in_at for f in flows if f.first_in_at is not None}
    rows = session.execute(
        select(StatementRow.account, StatementRow.at, StatementRow.own_card_tail).where(
            StatementRow.account.in_(list(arrived)),
            StatementRow.own_card_tail != "",
            StatementRow.direction == "out",
        )
    )
    tails = {tail for account, at, tail in rows if at >= arrived[account]}
    return [i18n.OWN_CARD_TO_REQUEST.format(tail=tail) for tail in sorted(tails)]


def summary(session: Session, traced: CaseTrace) -> dict:
    """The table under the graph, the statements to request and the stop-payments to fire:
    a dict of `lines`/`holding`/`to_request` (AccountLine lists, holders masked),
    `own_cards` (the holders' own cards to request, described) and the totals `paid_fen`,
    `held_fen`, `cash_fen`, `spent_fen` (fen) and `levels`."""
    victim = [traced.victim]
    flows = [f for f in traced.trace.accounts.values() if f.received.get(traced.victim)]
    names = account_names(session, [f.account for f in flows])
    stopped = set(
        session.scalars(select(StopPayment.account).where(StopPayment.case_id == traced.case.id))
    )
    lines = [
        AccountLine(
            account=f.account,
            holder=mask_name(names.get(f.account, ("", ""))[0]),
            bank=names.get(f.account, ("", ""))[1],
            level=f.level,
            received_fen=f.total("received", victim),
            moved_on_fen=sum(f.total(k, victim) for k in ("passed", "late", "untraced")),
            cash_fen=f.total("cash", victim),
            spent_fen=f.total("spent", victim),
            held_fen=f.total("held", victim),
            has_statement=f.has_statement,
            shared=traced.shared.get(f.account, []),
            stopped=f.account in stopped,
        )
        for f in flows
    ]
    lines.sort(key=lambda line: (line.level, -line.received_fen, line.account))
    holding = sorted(
        (line for line in lines if line.held_fen > 0),
        key=lambda line: (-line.held_fen, line.account),
    )
    return {
        "lines": lines,
        "holding": holding,
        "to_request": [line for line in lines if not line.has_statement],
        "own_cards": own_cards(session, flows),
        "paid_fen": sum(s.amount_fen for s in traced.trace.seeds if s.victim == traced.victim),
        "held_fen": sum(line.held_fen for line in lines),
        "cash_fen": sum(line.cash_fen for line in lines),
        "spent_fen": sum(line.spent_fen for line in lines),
        "levels": max((line.level for line in lines), default=0),
    }


def export_hops(session: Session, actor: Principal, traced: CaseTrace) -> bytes:
    """资金流向表 as .xlsx bytes: one sheet of accounts, one of every hop the victim's money took
    (holders' names masked, amounts in yuan); the export is audited."""
    audit.record(
        session,
        actor,
        AuditAction.fundflow_exported,
        target_type="cases",
        target_id=traced.case.id,
        summary=i18n.AUDIT["exported"].format(case_no=traced.case.case_no),
    )
    data = summary(session, traced)
    accounts = [
        (
            level_name(line.level),
            line.account,
            line.holder,
            line.bank,
            excel.Yuan(line.received_fen),
            excel.Yuan(line.moved_on_fen),
            excel.Yuan(line.cash_fen),
            excel.Yuan(line.spent_fen),
            excel.Yuan(line.held_fen),
            i18n.STATEMENT_STATE[line.has_statement],
            common.LIST_SEPARATOR.join(line.shared),
        )
        for line in data["lines"]
    ]
    levels = {a: f.level for a, f in traced.trace.accounts.items()}
    hops = [
        (
            level_name(1),
            i18n.VICTIM,
            s.account,
            excel.Yuan(s.amount_fen),
            1,
            clock.local(s.at, SECONDS),
            clock.local(s.at, SECONDS),
        )
        for s in traced.trace.seeds
        if s.victim == traced.victim
    ]
    for edge in traced.trace.edges:
        fen = edge.by_victim.get(traced.victim, 0)
        if fen:
            hops.append(
                (
                    level_name(levels.get(edge.target, 0)),
                    edge.source,
                    edge.target,
                    excel.Yuan(fen),
                    edge.count,
                    clock.local(edge.first_at, SECONDS),
                    clock.local(edge.last_at, SECONDS),
                )
            )
    return excel.workbook_from_sheets(
        [
            (
                i18n.ACCOUNTS_SHEET,
                i18n.ACCOUNTS_HEADERS,
                accounts,
                [8, 22, 10, 18, 16, 14, 12, 12, 14, 12, 24],
            ),
            (
                i18n.HOPS_SHEET,
                i18n.HOPS_HEADERS,
                hops,
                [8, 22, 22, 16, 8, 18, 18],
            ),
        ]
    )
