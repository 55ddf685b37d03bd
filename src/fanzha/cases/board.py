"""What the money loop's clocks look like on screen: a case's 30-minute rule, and the center's
board of stop-payments about to lapse, freezes to renew or already lapsed (red alarm),
unfreezes and bank returns due, and open 协查 requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from fanzha import clock, deadlines
from fanzha.access import Principal
from fanzha.cases import freezes, holds, returns, stop_payments
from fanzha.cases.models import (
    AssistRequest,
    AssistStatus,
    Case,
    Freeze,
    FreezeStatus,
    FundReturn,
    ReturnStatus,
    StopPayment,
)
from fanzha.cases.stop_payments import LIVE_STOP
from fanzha.i18n import cases as i18n
from fanzha.org import scope

STOP_PAYMENT_HORIZON = timedelta(hours=12)  # stop-payments shown once this close to lapsing
BOARD_LIMIT = 200


@dataclass(frozen=True)
class FirstAccountsClock:
    """首批收款账户 within 30 minutes of the report."""

    due_at: datetime
    entered_at: datetime | None

    @property
    def met(self) -> bool | None:
        return None if self.entered_at is None else self.entered_at <= self.due_at

    def summary(self) -> str:
        if self.entered_at is None:
            return ""
        taken = int(
            (self.entered_at - (self.due_at - deadlines.FIRST_ACCOUNTS_WITHIN))
            // timedelta(minutes=1)
        )
        verdict = i18n.ENTRY_VERDICTS[self.met]
        return i18n.ENTRY_DONE.format(
            at=clock.local(self.entered_at), minutes=max(taken, 0), verdict=verdict
        )


def case_clocks(case: Case) -> FirstAccountsClock:
    return FirstAccountsClock(
        due_at=deadlines.first_accounts_due(case.reported_at), entered_at=case.accounts_entered_at
    )


def case_money(session: Session, case: Case, stop_notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the money section of a case page shows; `stop_notes` are what the last
    one-click stop-payment has to say (accounts joined, accounts refused)."""
    frozen = freezes.freezes_of(session, case)
    stops = stop_payments.stop_payments_of(session, case)
    return {
        "stop_notes": stop_notes,
        "shared": holds.shared_into(session, case),
        "sharers": holds.sharers(session, stops, frozen),
        "case": case,
        "now": clock.now(),
        "stops": stops,
        # The letters list only stop-payments still in their term; without one they answer 409.
        "letter_ready": any(sp.status in stop_payments.LIVE_STOP for sp in stops),
        "freezes": frozen,
        "returns": returns.returns_of(session, case),
        "held_total": stop_payments.held_total(session, case),
        "clocks": case_clocks(case),
        "unallocated": {f.id: returns.unallocated(session, f) for f in frozen},
    }


@dataclass(frozen=True)
class MoneyBoard:
    lapsed_freezes: list[Freeze]  # red alarm until handled
    freezes_due: list[Freeze]  # within 7 days
    stops_expiring: list[StopPayment]  # within 12 hours
    unfreezing: list[Freeze]
    returns_ordered: list[FundReturn]
    assists_open: list[AssistRequest]

    @property
    def alarms(self) -> int:
        return len(self.lapsed_freezes)


def money_board(session: Session, principal: Principal, now: datetime) -> MoneyBoard:
    in_scope = scope.scope_clause(Case.unit_id, principal)

    def freezes(*where) -> list[Freeze]:
        return list(
            session.scalars(
                select(Freeze)
                .join(Case, Freeze.case_id == Case.id)
                .where(in_scope, *where)
                .options(joinedload(Freeze.case))
                .order_by(Freeze.expires_at)
                .limit(BOARD_LIMIT)
            )
        )

    stops = session.scalars(
        select(StopPayment)
        .join(Case, StopPayment.case_id == Case.id)
        .where(
            in_scope,
            StopPayment.status.in_(LIVE_STOP),
            StopPayment.expires_at <= now + STOP_PAYMENT_HORIZON,
        )
        .options(joinedload(StopPayment.case))
        .order_by(StopPayment.expires_at)
        .limit(BOARD_LIMIT)
    )
    ordered = session.scalars(
        select(FundReturn)
        .join(Case, FundReturn.case_id == Case.id)
        .where(in_scope, FundReturn.status == ReturnStatus.ordered)
        .options(joinedload(FundReturn.case))
        .order_by(FundReturn.bank_due_at)
        .limit(BOARD_LIMIT)
    )
    assists = session.scalars(
        select(AssistRequest)
        .join(StopPayment, AssistRequest.stop_payment_id == StopPayment.id)
        .join(Case, StopPayment.case_id == Case.id)
        .where(in_scope, AssistRequest.status == AssistStatus.sent)
        .options(joinedload(AssistRequest.stop_payment).joinedload(StopPayment.case))
        .order_by(AssistRequest.sent_at)
        .limit(BOARD_LIMIT)
    )
    return MoneyBoard(
        lapsed_freezes=freezes(
            Freeze.status == FreezeStatus.lapsed, Freeze.alarm_handled_at.is_(None)
        ),
        freezes_due=freezes(
            Freeze.status == FreezeStatus.active,
            Freeze.expires_at <= now + deadlines.FREEZE_REMINDERS[0],
        ),
        stops_expiring=list(stops),
        unfreezing=freezes(Freeze.status == FreezeStatus.unfreezing),
        returns_ordered=list(ordered),
        assists_open=list(assists),
    )


def alarm_count(session: Session, principal: Principal) -> int:
    """Lapsed freezes nobody has dealt with yet: the red number beside the board's link."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Freeze)
            .join(Case, Freeze.case_id == Case.id)
            .where(
                scope.scope_clause(Case.unit_id, principal),
                Freeze.status == FreezeStatus.lapsed,
                Freeze.alarm_handled_at.is_(None),
            )
        )
        or 0
    )
