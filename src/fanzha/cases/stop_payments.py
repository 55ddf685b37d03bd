"""Stopping the money: one-click stop-payment (紧急止付), the bank's feedback, renewal, release,
the money held and the 紧急止付 notice.

Every deadline comes from `fanzha.deadlines`; every status change of a stop-payment or a
freeze goes through `cases.states.apply` (`move` here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, counterparty, deadlines, events
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import banks, holds, letters, states
from fanzha.cases.errors import (
    AllAccountsStopped,
    CaseFinished,
    CaseWithoutAccounts,
    NoLiveStopPayment,
    NothingToStop,
    StopPaymentExpired,
    StopPaymentLimit,
    StopPaymentNotLive,
)
from fanzha.cases.models import (
    AssistRequest,
    AssistStatus,
    Case,
    CaseStatus,
    Freeze,
    FreezeStatus,
    StopPayment,
    StopPaymentStatus,
    Transfer,
)
from fanzha.cases.schemas import BankFeedbackIn
from fanzha.config import get_settings
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.liaison.asks import answer_due
from fanzha.money import format_yuan

SP, F = StopPaymentStatus, FreezeStatus


LIVE_STOP = holds.LIVE_STOP  # the 48 h are running


def move(
    session: Session,
    actor: Principal,
    record: StopPayment | Freeze,
    to: StopPaymentStatus | FreezeStatus,
    note: str = "",
) -> None:
    """A stop-payment or freeze changes status through its machine, named by its account."""
    machine = states.STOP_PAYMENT if isinstance(record, StopPayment) else states.FREEZE
    states.apply(
        session, actor, machine, record, to, label=record.account, case_id=record.case_id, note=note
    )


def refuse_if_finished(case: Case) -> None:
    """Raises CaseFinished (409) for a closed or voided case: nothing more is stopped or
    frozen for it."""
    if case.status in (CaseStatus.closed, CaseStatus.voided):
        raise CaseFinished(status=zh_CN.CASE_STATUSES[case.status])


@dataclass(frozen=True)
class StopAllResult:
    created: int  # new stop-payments
    assists: int  # of which on accounts in another city: a 协查 went out
    already: int  # accounts stopped earlier
    joined: int = 0  # accounts another case already holds: this case now shares that hold
    refused: tuple[str, ...] = ()  # why accounts whose terms are used up were not stopped


def stop_all(session: Session, actor: Principal, case: Case) -> StopAllResult:
    """一键止付: every receiving account of the case not yet stopped, at once, each with its
    48 h. Raises CaseFinished (409) for a closed or voided case,
    CaseWithoutAccounts (409) when no transfer names a receiving account, AllAccountsStopped
    (409) when every one of them already has this case's stop-payment (nothing new to do)."""
    accounts: dict[str, Transfer] = {}
    for transfer in sorted(case.transfers, key=lambda t: t.at):
        accounts.setdefault(transfer.receiving_account, transfer)
    if not accounts:
        refuse_if_finished(case)
        raise CaseWithoutAccounts()
    result = stop_accounts(
        session,
        actor,
        case,
        {a: (t.receiving_name, t.receiving_bank) for a, t in accounts.items()},
    )
    if not (result.created or result.joined or result.refused):  # a second click: say so
        raise AllAccountsStopped(count=result.already)
    return result


def stop_accounts(
    session: Session, actor: Principal, case: Case, accounts: dict[str, tuple[str, str]]
) -> StopAllResult:
    """Stop payment on these accounts (account → holder name, bank) for the case, each for
    48 h; accounts the tracing found still holding victim money come here too. An account
    another case already holds (a running stop-payment or an active freeze) is joined, not
    stopped again; one whose stop-payment terms are used up across all cases is refused
    (named in `refused`). Inserted in one statement that skips accounts already stopped, so
    two officers, or two cases, clicking together still give one hold per account. Raises
    CaseFinished (409), NothingToStop (409), StopPaymentLimit (409) when every account
    given is used up."""
    refuse_if_finished(case)
    # Only what names an account can be stopped (never `/`, a masked value, a bank name).
    accounts = {a: v for a, v in accounts.items() if counterparty.classify(a).is_identifier}
    if not accounts:
        raise NothingToStop()
    now = clock.now()
    home = get_settings().city_name
    own = set(
        session.scalars(
            select(StopPayment.account).where(
                StopPayment.case_id == case.id, StopPayment.account.in_(list(accounts))
            )
        )
    )
    joined = already = 0
    refused: list[StopPaymentLimit] = []
    fresh: dict[str, tuple[str, str]] = {}
    for account in sorted(accounts):  # one order everywhere: two cases never deadlock
        if account in own or holds.already_sharing(session, case, account):
            already += 1
        elif (hold := holds.running_hold(session, account)) is not None:
            joined += holds.join(session, actor, case, hold)
        elif (used := holds.terms_used(session, account)).exhausted:
            refused.append(
                StopPaymentLimit(account=account, cases=used.cases_text, count=used.count)
            )
        else:
            fresh[account] = accounts[account]
    if refused and not fresh and not joined and not already:
        raise refused[0]
    rows = [
        {
            "case_id": case.id,
            "account": account,
            "account_name": name,
            "bank": bank,
            "branch_city": banks.is_other_city(bank, home),
            "status": SP.requested,
            "terms": 1,
            "requested_at": now,
            "expires_at": deadlines.stop_payment_expiry(now),
            "requested_by_id": actor.user_id,
            "feedback_note": "",
        }
        for account, (name, bank) in fresh.items()
    ]
    # Parameters as a list: compiled once and sent in batches (a 200-row VALUES clause
    # took longer to compile than to run). A conflict on either unique index is skipped: the
    # case stopped the account already, or another case's stop on it committed meanwhile
    # (that one is joined below), so two cases clicking together give one hold.
    created = (
        session.execute(
            insert(StopPayment)
            .on_conflict_do_nothing()
            .returning(StopPayment.id, StopPayment.account, StopPayment.branch_city),
            rows,
        ).all()
        if rows
        else []
    )
    for account in sorted(set(fresh) - {a for _, a, _ in created}):
        hold = holds.running_hold(session, account)
        if hold is not None and hold.case_id != case.id and holds.join(session, actor, case, hold):
            joined += 1
        else:
            already += 1
    assist_due = answer_due(now, get_settings().assist_answer_hours)
    assists = [
        {
            "stop_payment_id": sp_id,
            "city": city,
            "sent_at": now,
            "due_at": assist_due,
            "status": AssistStatus.sent,
        }
        for sp_id, _, city in created
        if city
    ]
    if assists:
        session.execute(insert(AssistRequest), assists)
    if created:
        audit.record(
            session,
            actor,
            AuditAction.stop_payment_requested,
            target_type="cases",
            target_id=case.id,
            summary=i18n.AUDIT["stopped"].format(case_no=case.case_no, count=len(created))
            + (i18n.AUDIT["stopped_assists"].format(count=len(assists)) if assists else ""),
            detail={
                "accounts": [a for _, a, _ in created],
                "expires_at": rows[0]["expires_at"].isoformat(),
            },
        )
        events.publish(
            session,
            states.CHANNEL,
            [{"kind": "stop_payments", "id": None, "case_id": case.id, "status": "requested"}],
        )
    return StopAllResult(
        created=len(created),
        assists=len(assists),
        already=already,
        joined=joined,
        refused=tuple(e.message for e in refused),
    )


def stop_payments_of(session: Session, case: Case) -> list[StopPayment]:
    """The case's stop-payments, oldest first, with their 协查."""
    return list(
        session.scalars(
            select(StopPayment)
            .where(StopPayment.case_id == case.id)
            .options(selectinload(StopPayment.assist))
            .order_by(StopPayment.requested_at, StopPayment.id)
        )
    )


def require_running(sp: StopPayment, now: datetime, doing: str) -> None:
    """Raises StopPaymentExpired (409), naming the account and what the officer was doing,
    when a live stop-payment's 48 h ran out at `now`."""
    if sp.status in LIVE_STOP and now >= sp.expires_at:
        raise StopPaymentExpired(
            account=sp.account, expired=clock.local(sp.expires_at), doing=i18n.DOING[doing]
        )


def record_feedback(
    session: Session, actor: Principal, sp: StopPayment, data: BankFeedbackIn
) -> StopPayment:
    """The bank's answer: how much it holds on the account, the balance, when. Amounts in
    fen. Raises StopPaymentExpired (409) once the 48 h ran out."""
    target = SP.held if data.held_fen > 0 else SP.empty
    if sp.status != target:
        move(session, actor, sp, target)
    sp.held_fen, sp.balance_fen = data.held_fen, data.balance_fen
    sp.feedback_at = data.feedback_at or clock.now()
    sp.feedback_note = data.note
    audit.record(
        session,
        actor,
        AuditAction.stop_payment_feedback,
        target_type="stop_payments",
        target_id=sp.id,
        summary=i18n.AUDIT["stop_answered"].format(
            account=sp.account, held=format_yuan(data.held_fen)
        ),
        detail={"case_id": sp.case_id, "held_fen": data.held_fen, "balance_fen": data.balance_fen},
    )
    return sp


def renew(session: Session, actor: Principal, sp: StopPayment) -> StopPayment:
    """续止付: one more 48 h running on from the current expiry; at most two terms per account,
    after which only a freeze can hold the money. Raises StopPaymentNotLive (409),
    StopPaymentLimit (409)."""
    if sp.status not in LIVE_STOP:
        raise StopPaymentNotLive(account=sp.account, status=zh_CN.STOP_PAYMENT_STATUSES[sp.status])
    require_running(sp, clock.now(), "renew")
    used = holds.terms_used(session, sp.account)  # every case's terms on this account
    if used.exhausted or sp.terms >= deadlines.STOP_PAYMENT_MAX_TERMS:
        raise StopPaymentLimit(account=sp.account, cases=used.cases_text, count=used.count)
    sp.terms += 1
    sp.expires_at = deadlines.stop_payment_expiry(sp.expires_at)
    audit.record(
        session,
        actor,
        AuditAction.stop_payment_renewed,
        target_type="stop_payments",
        target_id=sp.id,
        summary=i18n.AUDIT["stop_renewed"].format(
            account=sp.account, until=clock.local(sp.expires_at)
        ),
        detail={"case_id": sp.case_id, "expires_at": sp.expires_at.isoformat()},
    )
    return sp


def release(session: Session, actor: Principal, sp: StopPayment, reason: str) -> StopPayment:
    """解除止付 with the officer's reason; the stop-payment is closed. Raises IllegalMove (409)
    when it is no longer live."""
    move(session, actor, sp, SP.released, reason)
    sp.closed_at = clock.now()
    return sp


def held_total(session: Session, case: Case) -> int:
    """Money (fen) the banks report holding for this case, stopped or frozen."""
    stopped = session.scalar(
        select(func.coalesce(func.sum(StopPayment.held_fen), 0)).where(
            StopPayment.case_id == case.id, StopPayment.status == SP.held
        )
    )
    frozen = session.scalar(
        select(func.coalesce(func.sum(Freeze.amount_fen), 0)).where(
            Freeze.case_id == case.id, Freeze.status == F.active
        )
    )
    return int(stopped or 0) + int(frozen or 0)


def stop_payment_letter(
    session: Session, actor: Principal, case: Case, stops: list[StopPayment]
) -> letters.Letter:
    """The 紧急止付 notice's content for the case's live stop-payments; its issue is audited.
    Raises NoLiveStopPayment (409)."""
    paid: dict[str, int] = {}
    for transfer in case.transfers:
        paid[transfer.receiving_account] = (
            paid.get(transfer.receiving_account, 0) + transfer.amount_fen
        )
    lines = [
        letters.LetterLine(
            account=sp.account,
            account_name=sp.account_name,
            bank=sp.bank,
            branch_city=sp.branch_city,
            amount_fen=paid.get(sp.account, 0),
            starts_at=sp.requested_at,
            expires_at=sp.expires_at,
            terms=sp.terms,
        )
        for sp in stops
        if sp.status in LIVE_STOP
    ]
    if not lines:
        raise NoLiveStopPayment()
    audit.record(
        session,
        actor,
        AuditAction.letter_generated,
        target_type="cases",
        target_id=case.id,
        summary=i18n.AUDIT["stop_letter"].format(case_no=case.case_no, count=len(lines)),
    )
    return letters.Letter(
        case_no=case.case_no,
        fraud_type=zh_CN.FRAUD_TYPES[case.fraud_type],
        unit_name=case.unit.name,
        officer=actor.name,
        issued_at=clock.now(),
        lines=lines,
    )
