"""An account's hold across cases: the stop-payment terms the bank has already given it (in
any case), and later cases joining the running stop-payment or active freeze instead of
issuing a new one (the bank holds money once; every case sharing the hold sees it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha import clock, deadlines
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.models import (
    Case,
    Freeze,
    FreezeStatus,
    HoldShare,
    StopPayment,
    StopPaymentStatus,
)
from fanzha.i18n import cases as i18n
from fanzha.i18n.common import LIST_SEPARATOR

LIVE_STOP = (StopPaymentStatus.requested, StopPaymentStatus.held, StopPaymentStatus.empty)


@dataclass(frozen=True)
class TermsUsed:
    count: int  # stop-payment terms given to the account, every case together
    case_nos: tuple[str, ...]  # the cases that used them, oldest first

    @property
    def exhausted(self) -> bool:
        return self.count >= deadlines.STOP_PAYMENT_MAX_TERMS

    @property
    def cases_text(self) -> str:
        return LIST_SEPARATOR.join(self.case_nos)


def terms_used(session: Session, account: str) -> TermsUsed:
    """Stop-payment terms (the first 48 h and each renewal) the account has had in any case."""
    rows = session.execute(
        select(Case.case_no, StopPayment.terms)
        .join(Case, Case.id == StopPayment.case_id)
        .where(StopPayment.account == account)
        .order_by(StopPayment.requested_at, StopPayment.id)
    ).all()
    return TermsUsed(sum(t for _, t in rows), tuple(dict.fromkeys(no for no, _ in rows)))


def running_hold(session: Session, account: str) -> StopPayment | Freeze | None:
    """The account's active freeze, else its running stop-payment, whichever case holds it."""
    frozen = session.scalars(
        select(Freeze)
        .where(Freeze.account == account, Freeze.status == FreezeStatus.active)
        .order_by(Freeze.id)
    ).first()
    if frozen is not None:
        return frozen
    return session.scalars(
        select(StopPayment).where(StopPayment.account == account, StopPayment.status.in_(LIVE_STOP))
    ).first()


def join(session: Session, actor: Principal, case: Case, hold: StopPayment | Freeze) -> bool:
    """`case` shares `hold` (another case's stop-payment or freeze on the same account).
    False when it already did; audited otherwise."""
    is_stop = isinstance(hold, StopPayment)
    joined = session.execute(
        insert(HoldShare)
        .values(
            case_id=case.id,
            stop_payment_id=hold.id if is_stop else None,
            freeze_id=None if is_stop else hold.id,
            joined_at=clock.now(),
            joined_by_id=actor.user_id,
        )
        .on_conflict_do_nothing()
        .returning(HoldShare.id)
    ).first()
    if joined is None:
        return False
    owner = session.get(Case, hold.case_id)
    audit.record(
        session,
        actor,
        AuditAction.hold_joined,
        target_type="stop_payments" if is_stop else "freezes",
        target_id=hold.id,
        summary=i18n.AUDIT["hold_joined"].format(
            case_no=case.case_no,
            account=hold.account,
            kind=i18n.HOLD_KINDS["stop" if is_stop else "freeze"],
            owner=owner.case_no if owner else "",
        ),
        detail={"case_id": case.id, "owner_case_id": hold.case_id},
    )
    return True


def already_sharing(session: Session, case: Case, account: str) -> bool:
    """Whether `case` already shares a running hold on `account`."""
    return (
        session.scalars(
            select(HoldShare.id)
            .outerjoin(StopPayment, StopPayment.id == HoldShare.stop_payment_id)
            .outerjoin(Freeze, Freeze.id == HoldShare.freeze_id)
            .where(
                HoldShare.case_id == case.id,
                (StopPayment.account == account) & StopPayment.status.in_(LIVE_STOP)
                | (Freeze.account == account) & (Freeze.status == FreezeStatus.active),
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class SharedHold:
    """A hold of another case this case joined."""

    hold: StopPayment | Freeze
    owner_case_no: str
    kind: str  # "stop" or "freeze"


def shared_into(session: Session, case: Case) -> list[SharedHold]:
    """The holds of other cases `case` joined, oldest first."""
    out: list[SharedHold] = []
    rows = session.scalars(
        select(HoldShare).where(HoldShare.case_id == case.id).order_by(HoldShare.id)
    ).all()
    for share in rows:
        hold: StopPayment | Freeze | None = (
            session.get(StopPayment, share.stop_payment_id)
            if share.stop_payment_id
            else session.get(Freeze, share.freeze_id)
        )
        if hold is not None:
            owner = session.get(Case, hold.case_id)
            kind = "stop" if share.stop_payment_id else "freeze"
            out.append(SharedHold(hold, owner.case_no if owner else "", kind))
    return out


def sharers(
    session: Session, stops: list[StopPayment], frozen: list[Freeze]
) -> dict[tuple[str, int], list[str]]:
    """("stop"|"freeze", id) → the case numbers of the other cases sharing that hold. A
    freeze made from a shared stop-payment is shared by the same cases."""
    stop_ids = [s.id for s in stops] + [f.stop_payment_id for f in frozen if f.stop_payment_id]
    freeze_ids = [f.id for f in frozen]
    rows = session.execute(
        select(HoldShare.stop_payment_id, HoldShare.freeze_id, Case.case_no)
        .join(Case, Case.id == HoldShare.case_id)
        .where(HoldShare.stop_payment_id.in_(stop_ids) | HoldShare.freeze_id.in_(freeze_ids))
        .order_by(HoldShare.id)
    ).all()
    out: dict[tuple[str, int], list[str]] = {}
    by_stop = {f.stop_payment_id: f.id for f in frozen if f.stop_payment_id}
    for stop_id, freeze_id, case_no in rows:
        if stop_id is not None:
            out.setdefault(("stop", stop_id), []).append(case_no)
            if stop_id in by_stop:
                out.setdefault(("freeze", by_stop[stop_id]), []).append(case_no)
        else:
            out.setdefault(("freeze", freeze_id), []).append(case_no)
    return {k: list(dict.fromkeys(v)) for k, v in out.items()}


@dataclass(frozen=True)
class AccountHold:
    """What an account's page says of its hold: who holds it, until when, who shares it."""

    kind: str  # "stop" or "freeze"
    owner_case_no: str
    sharing: list[str]  # the other cases sharing it
    expires_at: datetime


def account_hold(session: Session, account: str) -> AccountHold | None:
    """The account's running hold (active freeze, else live stop-payment) in any case, or
    None when nothing holds it."""
    hold = running_hold(session, account)
    if hold is None:
        return None
    is_stop = isinstance(hold, StopPayment)
    kind = "stop" if is_stop else "freeze"
    owner = session.get(Case, hold.case_id)
    shared = (
        sharers(session, [hold], [])
        if isinstance(hold, StopPayment)
        else sharers(session, [], [hold])
    )
    return AccountHold(
        kind, owner.case_no if owner else "", shared.get((kind, hold.id), []), hold.expires_at
    )
