"""How linking follows the cases and their money (cases and fund flow do not import linking;
they dispatch events, wired in `fanzha.wiring`, handled here in the same transaction).

A case's receiving accounts are its first indicators; the deeper cards its own money reached in
an imported statement are more; a voided case links nothing any more.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.cases.events import CaseRestored, CaseVoided, TransfersAdded
from fanzha.cases.models import Case
from fanzha.fundflow.case_trace import trace_case
from fanzha.fundflow.events import StatementImported
from fanzha.kernel.events import subscribe
from fanzha.linking import links
from fanzha.linking.models import IndicatorKind, IndicatorSource


@subscribe(TransfersAdded)
def link_receiving_accounts(session: Session, event: TransfersAdded) -> None:
    """The accounts the victim paid into become the case's indicators: its gang is current at
    once."""
    links.attach(
        session,
        event.case_id,
        [(IndicatorKind.account, account) for account in event.receiving_accounts],
        source=IndicatorSource.transfer,
        seen_at=event.first_at,
        added_by_id=event.added_by_id,
    )


@subscribe(CaseVoided)
def unlink_voided_case(session: Session, event: CaseVoided) -> None:
    """Recompute the gangs around a voided case (it links nothing any more)."""
    links.relink(session, [event.case_id])


@subscribe(CaseRestored)
def relink_restored_case(session: Session, event: CaseRestored) -> None:
    """Recompute the gangs around a restored draft (it links through its accounts again)."""
    links.relink(session, [event.case_id])


@subscribe(StatementImported)
def link_traced_accounts(session: Session, event: StatementImported) -> None:
    """The deeper cards the case's own money reached become its indicators: two cases whose
    money met in the same second-level card are linked even when the victims paid different
    first-level cards. Nothing for a statement of no case or with no new rows."""
    if event.case_id is None or not event.rows_imported:
        return
    case = session.get(Case, event.case_id)
    if case is None or not case.transfers:
        return
    traced = trace_case(session, case)
    reached = [
        flow
        for flow in traced.trace.accounts.values()
        if flow.level >= 2 and flow.received.get(traced.victim, 0) > 0
    ]
    links.attach(
        session,
        case.id,
        [(IndicatorKind.account, flow.account) for flow in reached],
        source=IndicatorSource.statement,
        seen_at=min((f.first_in_at for f in reached if f.first_in_at), default=clock.now()),
    )
