"""Freezes (冻结): a live stop-payment converted before it lapses, renewed, unfrozen, and the
alarm raised when one ran out."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, deadlines
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.errors import (
    FreezeAlarmHandled,
    FreezeAlarmNotLapsed,
    FreezeExpired,
    FreezeNotLive,
    FreezeOverHeld,
    StopPaymentEmpty,
    StopPaymentUnanswered,
)
from fanzha.cases.models import (
    Case,
    Freeze,
    StopPayment,
)
from fanzha.cases.schemas import FreezeIn
from fanzha.cases.stop_payments import SP, F, move, refuse_if_finished, require_running
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.money import format_yuan


def freeze(session: Session, actor: Principal, sp: StopPayment, data: FreezeIn) -> Freeze:
    """止付转冻结, before the stop-payment lapses: six months, or a year for a major case
    approved by the city. Raises CaseFinished, StopPaymentExpired,
    StopPaymentUnanswered, StopPaymentEmpty, FreezeOverHeld (409)."""
    case = sp.case
    refuse_if_finished(case)
    now = clock.now()
    require_running(sp, now, "freeze")
    if sp.status == SP.held and data.amount_fen and data.amount_fen > (sp.held_fen or 0):
        raise FreezeOverHeld(held=format_yuan(sp.held_fen or 0), field="amount_fen")
    if sp.status == SP.requested:
        raise StopPaymentUnanswered(account=sp.account)
    if sp.status == SP.empty:
        raise StopPaymentEmpty(account=sp.account)
    move(session, actor, sp, SP.frozen)
    sp.closed_at = now
    held = data.amount_fen or sp.held_fen or 0
    record = Freeze(
        case_id=case.id,
        stop_payment_id=sp.id,
        account=sp.account,
        account_name=sp.account_name,
        bank=sp.bank,
        amount_fen=held,
        major=data.major,
        approval_no=data.approval_no if data.major else "",
        approved_by=data.approved_by if data.major else "",
        status=F.active,
        starts_at=now,
        expires_at=deadlines.freeze_expiry(now, major=data.major),
        renewals=0,
        created_by_id=actor.user_id,
    )
    session.add(record)
    session.flush()
    term = (
        i18n.FREEZE_TERMS["major"].format(approval_no=data.approval_no)
        if data.major
        else i18n.FREEZE_TERMS["ordinary"]
    )
    audit.record(
        session,
        actor,
        AuditAction.freeze_created,
        target_type="freezes",
        target_id=record.id,
        summary=i18n.AUDIT["frozen"].format(
            case_no=case.case_no,
            account=sp.account,
            held=format_yuan(held),
            term=term,
            until=clock.local(record.expires_at),
        ),
        detail={"case_id": case.id, "stop_payment_id": sp.id, "amount_fen": held},
    )
    return record


def freezes_of(session: Session, case: Case) -> list[Freeze]:
    """The case's freezes, oldest first."""
    return list(
        session.scalars(select(Freeze).where(Freeze.case_id == case.id).order_by(Freeze.id))
    )


def renew_freeze(session: Session, actor: Principal, record: Freeze) -> Freeze:
    """续冻: a new term from the current expiry, asked for before the freeze lapses. Raises
    FreezeNotLive (409), FreezeExpired (409)."""
    if record.status != F.active:
        raise FreezeNotLive(status=zh_CN.FREEZE_STATUSES[record.status])
    if clock.now() >= record.expires_at:
        raise FreezeExpired(expired=clock.local(record.expires_at))
    record.expires_at = deadlines.freeze_expiry(record.expires_at, major=record.major)
    record.renewals += 1
    record.reminded_7d_at = record.reminded_1d_at = None
    audit.record(
        session,
        actor,
        AuditAction.freeze_renewed,
        target_type="freezes",
        target_id=record.id,
        summary=i18n.AUDIT["freeze_renewed"].format(
            account=record.account, until=clock.local(record.expires_at)
        ),
        detail={"case_id": record.case_id, "renewals": record.renewals},
    )
    return record


def decide_unfreeze(session: Session, actor: Principal, record: Freeze, reason: str) -> Freeze:
    """The money proved unrelated: the bank must release it within three days."""
    now = clock.now()
    move(session, actor, record, F.unfreezing, reason)
    record.unfreeze_reason, record.unfreeze_due_at = reason, deadlines.unfreeze_due(now)
    return record


def confirm_unfrozen(session: Session, actor: Principal, record: Freeze) -> Freeze:
    """The bank confirmed the money is released: the freeze ends as unfrozen. Raises
    IllegalMove (409) unless an unfreeze was decided."""
    move(session, actor, record, F.unfrozen)
    record.closed_at = clock.now()
    return record


def handle_alarm(session: Session, actor: Principal, record: Freeze, note: str) -> Freeze:
    """Record what was done about a lapsed freeze; the red alarm then leaves the board.
    Raises FreezeAlarmNotLapsed (409), FreezeAlarmHandled (409)."""
    if record.status != F.lapsed:
        raise FreezeAlarmNotLapsed()
    if record.alarm_handled_at is not None:
        raise FreezeAlarmHandled()
    record.alarm_handled_at, record.alarm_note = clock.now(), note
    audit.record(
        session,
        actor,
        AuditAction.freeze_alarm_handled,
        target_type="freezes",
        target_id=record.id,
        summary=i18n.AUDIT["freeze_alarm_handled"].format(account=record.account, note=note),
        detail={"case_id": record.case_id},
    )
    return record
