"""What the money loop's clocks look like on screen: a case's 30-minute rule, and the center's
board of stop-payments about to lapse, freezes to renew or already lapsed (red alarm),
unfreezes and bank returns due, and open 协查 requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from fanzha import clock, deadlines, listing
from fanzha.access import Principal
from fanzha.cases import assists, freezes, holds, returns, stop_payments
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
        "assist_late": assists.late,
        # The letters list only stop-payments still in their term; without one they answer 409.
        "letter_ready": any(sp.status in stop_payments.LIVE_STOP for sp in stops),
        "freezes": frozen,
        "returns": returns.returns_of(session, case),
        "held_total": stop_payments.held_total(session, case),
        "clocks": case_clocks(case),
        "unallocated": {f.id: returns.unallocated(session, f) for f in frozen},
    }


# The board's sections, in the order of their tabs: each a list of its own (paged, sortable).
SECTIONS = ("lapsed", "stops", "freezes_due", "unfreezing", "returns", "assists")


@dataclass(frozen=True)
class Section:
    stmt: Select[Any]  # scoped and filtered, unordered
    sorts: listing.Sorts
    order: tuple[Any, ...]


def _section(key: str, principal: Principal, now: datetime, query: listing.ListQuery) -> Section:
    """One section of the money board as a list: what it shows, how it sorts."""
    in_scope = scope.scope_clause(Case.unit_id, principal)
    text = listing.text_match(query, Case.case_no)
    if key == "assists":
        stmt = (
            select(AssistRequest)
            .join(StopPayment, AssistRequest.stop_payment_id == StopPayment.id)
            .join(Case, StopPayment.case_id == Case.id)
            .where(in_scope, AssistRequest.status == AssistStatus.sent, *text)
            .options(joinedload(AssistRequest.stop_payment).joinedload(StopPayment.case))
        )
        # The answer's due time orders the tab, so late answers (overdue, since migration
        # 0023) come first; a 协查 from before it has no due time and sorts last.
        due = AssistRequest.due_at
        sorts = {"due": [due], "sent": [AssistRequest.sent_at], "case_no": [Case.case_no]}
        return Section(stmt, sorts, (due.asc().nulls_last(), AssistRequest.id))
    if key == "returns":
        stmt = (
            select(FundReturn)
            .join(Case, FundReturn.case_id == Case.id)
            .where(in_scope, FundReturn.status == ReturnStatus.ordered, *text)
            .options(joinedload(FundReturn.case))
        )
        due = FundReturn.bank_due_at
        sorts = {"due": [due], "amount": [FundReturn.amount_fen], "case_no": [Case.case_no]}
        return Section(stmt, sorts, (due, FundReturn.id))
    if key == "stops":
        stmt = (
            select(StopPayment)
            .join(Case, StopPayment.case_id == Case.id)
            .where(
                in_scope,
                StopPayment.status.in_(LIVE_STOP),
                StopPayment.expires_at <= now + STOP_PAYMENT_HORIZON,
                *text,
                *listing.text_match(query, StopPayment.account),
            )
            .options(joinedload(StopPayment.case))
        )
        due = StopPayment.expires_at
        sorts = {"due": [due], "amount": [StopPayment.held_fen], "case_no": [Case.case_no]}
        return Section(stmt, sorts, (due, StopPayment.id))
    where = {
        "lapsed": (Freeze.status == FreezeStatus.lapsed, Freeze.alarm_handled_at.is_(None)),
        "freezes_due": (
            Freeze.status == FreezeStatus.active,
            Freeze.expires_at <= now + deadlines.FREEZE_REMINDERS[0],
        ),
        "unfreezing": (Freeze.status == FreezeStatus.unfreezing,),
    }[key]
    stmt = (
        select(Freeze)
        .join(Case, Freeze.case_id == Case.id)
        .where(in_scope, *where, *text)
        .options(joinedload(Freeze.case))
    )
    due = Freeze.unfreeze_due_at if key == "unfreezing" else Freeze.expires_at
    sorts = {"due": [due], "amount": [Freeze.amount_fen], "case_no": [Case.case_no]}
    return Section(stmt, sorts, (due, Freeze.id))


def money_counts(session: Session, principal: Principal, now: datetime) -> dict[str, int]:
    """How many rows each section holds (the numbers on the tabs)."""
    blank = listing.ListQuery()
    return {
        key: session.scalar(
            select(func.count()).select_from(
                _section(key, principal, now, blank).stmt.order_by(None).subquery()
            )
        )
        or 0
        for key in SECTIONS
    }


def late_assists(session: Session, principal: Principal, now: datetime) -> int:
    """Unanswered 协查 in scope past their answer's due time (the red number on the tab)."""
    stmt = _section("assists", principal, now, listing.ListQuery()).stmt
    stmt = stmt.where(AssistRequest.due_at < now).order_by(None)
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def money_section(
    session: Session, principal: Principal, key: str, now: datetime, query: listing.ListQuery
) -> listing.Page[Any]:
    """A page of one section of the money board (`key` one of SECTIONS), nearest due first."""
    section = _section(key, principal, now, query)
    return listing.paginate(session, section.stmt, query, section.sorts, section.order)


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
