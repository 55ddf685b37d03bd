"""Holding the money: one-click stop-payment (紧急止付), bank feedback, renewal, 协查 to other
cities, conversion to a freeze (冻结), renewal and unfreezing, and the sweep the job queue
runs to lapse what ran out and raise the freeze reminders.

Every deadline comes from `fanzha.deadlines`; every status change goes through
`cases.states.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, deadlines, events
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.cases import banks, letters, states
from fanzha.cases.errors import (
    CaseFinished,
    CaseWithoutAccounts,
    FreezeAlarmHandled,
    FreezeAlarmNotLapsed,
    FreezeExpired,
    FreezeNotLive,
    FreezeOverHeld,
    NoLiveStopPayment,
    NothingToStop,
    StopPaymentEmpty,
    StopPaymentExpired,
    StopPaymentLimit,
    StopPaymentNotLive,
    StopPaymentUnanswered,
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
from fanzha.cases.schemas import AssistAnswerIn, BankFeedbackIn, FreezeIn
from fanzha.config import get_settings
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.money import format_yuan

SP, F = StopPaymentStatus, FreezeStatus
LIVE_STOP = (SP.requested, SP.held, SP.empty)  # the 48 h are running


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


def _refuse_if_finished(case: Case) -> None:
    if case.status in (CaseStatus.closed, CaseStatus.voided):
        raise CaseFinished(status=zh_CN.CASE_STATUSES[case.status])


# --- stop-payment ------------------------------------------------------------------------


@dataclass(frozen=True)
class StopAllResult:
    created: int  # new stop-payments
    assists: int  # of which on accounts in another city: a 协查 went out
    already: int  # accounts stopped earlier


def stop_all(session: Session, actor: Principal, case: Case) -> StopAllResult:
    """一键止付: every receiving account of the case not yet stopped, at once, each with its
    48 h."""
    accounts: dict[str, Transfer] = {}
    for transfer in sorted(case.transfers, key=lambda t: t.at):
        accounts.setdefault(transfer.receiving_account, transfer)
    if not accounts:
        _refuse_if_finished(case)
        raise CaseWithoutAccounts()
    return stop_accounts(
        session,
        actor,
        case,
        {a: (t.receiving_name, t.receiving_bank) for a, t in accounts.items()},
    )


def stop_accounts(
    session: Session, actor: Principal, case: Case, accounts: dict[str, tuple[str, str]]
) -> StopAllResult:
    """Stop payment on these accounts (account → holder name, bank) for the case, each for
    48 h; accounts the tracing found still holding victim money come here too. Inserted in
    one statement that skips accounts already stopped, so two officers clicking together
    still give one stop-payment per account."""
    _refuse_if_finished(case)
    if not accounts:
        raise NothingToStop()
    now = clock.now()
    home = get_settings().city_name
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
        for account, (name, bank) in accounts.items()
    ]
    # Parameters as a list: compiled once and sent in batches (a 200-row VALUES clause
    # took longer to compile than to run).
    created = session.execute(
        insert(StopPayment)
        .on_conflict_do_nothing(constraint="uq_stop_payments_case_account")
        .returning(StopPayment.id, StopPayment.account, StopPayment.branch_city),
        rows,
    ).all()
    assists = [
        {"stop_payment_id": sp_id, "city": city, "sent_at": now, "status": AssistStatus.sent}
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
        created=len(created), assists=len(assists), already=len(accounts) - len(created)
    )


def stop_payments_of(session: Session, case: Case) -> list[StopPayment]:
    return list(
        session.scalars(
            select(StopPayment)
            .where(StopPayment.case_id == case.id)
            .options(selectinload(StopPayment.assist))
            .order_by(StopPayment.requested_at, StopPayment.id)
        )
    )


def _require_running(sp: StopPayment, now: datetime, doing: str) -> None:
    if sp.status in LIVE_STOP and now >= sp.expires_at:
        raise StopPaymentExpired(
            account=sp.account, expired=clock.local(sp.expires_at), doing=i18n.DOING[doing]
        )


def record_feedback(
    session: Session, actor: Principal, sp: StopPayment, data: BankFeedbackIn
) -> StopPayment:
    """The bank's answer: how much it holds on the account, the balance, when."""
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
    """续止付: one more 48 h running on from the current expiry; at most two terms per
    account, after which only a freeze can hold the money."""
    if sp.status not in LIVE_STOP:
        raise StopPaymentNotLive(account=sp.account, status=zh_CN.STOP_PAYMENT_STATUSES[sp.status])
    _require_running(sp, clock.now(), "renew")
    if sp.terms >= deadlines.STOP_PAYMENT_MAX_TERMS:
        raise StopPaymentLimit(account=sp.account)
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
    move(session, actor, sp, SP.released, reason)
    sp.closed_at = clock.now()
    return sp


def set_branch_city(session: Session, actor: Principal, sp: StopPayment, city: str) -> StopPayment:
    """The officer corrects where the account was opened; a city other than ours sends a
    协查 if none went out yet."""
    home = get_settings().city_name
    sp.branch_city = "" if banks.same_city(city, home) else city
    if sp.branch_city and sp.assist is None and sp.status in LIVE_STOP:
        sp.assist = AssistRequest(city=sp.branch_city, sent_at=clock.now())
        session.flush()
        audit.record(
            session,
            actor,
            AuditAction.assist_transition,
            target_type="assist_requests",
            target_id=sp.assist.id,
            summary=i18n.AUDIT["assist_sent"].format(account=sp.account, city=sp.branch_city),
            detail={"case_id": sp.case_id},
        )
    return sp


def answer_assist(
    session: Session, actor: Principal, assist: AssistRequest, data: AssistAnswerIn
) -> AssistRequest:
    """The other city's center reports what it held."""
    sp = assist.stop_payment
    states.apply(
        session,
        actor,
        states.ASSIST,
        assist,
        AssistStatus.answered,
        label=i18n.LABELS["assist"].format(city=assist.city, account=sp.account),
        case_id=sp.case_id,
        note=i18n.LABELS["stop_held"].format(held=format_yuan(data.held_fen)),
    )
    assist.held_fen, assist.note, assist.answered_at = data.held_fen, data.note, clock.now()
    return assist


# --- freeze ------------------------------------------------------------------------------


def freeze(session: Session, actor: Principal, sp: StopPayment, data: FreezeIn) -> Freeze:
    """止付转冻结, before the stop-payment lapses: six months, or a year for a major case
    approved by the city."""
    case = sp.case
    _refuse_if_finished(case)
    now = clock.now()
    _require_running(sp, now, "freeze")
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
    return list(
        session.scalars(select(Freeze).where(Freeze.case_id == case.id).order_by(Freeze.id))
    )


def renew_freeze(session: Session, actor: Principal, record: Freeze) -> Freeze:
    """续冻: a new term from the current expiry, asked for before the freeze lapses."""
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
    move(session, actor, record, F.unfrozen)
    record.closed_at = clock.now()
    return record


def handle_alarm(session: Session, actor: Principal, record: Freeze, note: str) -> Freeze:
    """Record what was done about a lapsed freeze; the red alarm then leaves the board."""
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


# --- the sweep ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    stop_payments_lapsed: int
    freezes_lapsed: int
    reminders: int


def sweep(session: Session, now: datetime) -> SweepResult:
    """Lapse stop-payments and freezes whose time ran out, and raise each freeze's 7-day and
    1-day reminder once per term. Idempotent: it acts only on what is due now and not yet
    done, so running it after a restart catches up without repeating itself."""
    system = Principal.system(i18n.TIMER)
    lapsed_stops = session.scalars(
        select(StopPayment)
        .where(StopPayment.status.in_(LIVE_STOP), StopPayment.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for sp in lapsed_stops:
        move(session, system, sp, SP.lapsed)
        sp.closed_at = now
    lapsed_freezes = session.scalars(
        select(Freeze)
        .where(Freeze.status == F.active, Freeze.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for record in lapsed_freezes:
        move(session, system, record, F.lapsed, i18n.MOVE_NOTES["freeze_lapsed"])
        record.closed_at = now
    week, day = deadlines.FREEZE_REMINDERS
    due_soon = session.scalars(
        select(Freeze)
        .where(
            Freeze.status == F.active,
            Freeze.expires_at <= now + week,
            (Freeze.reminded_7d_at.is_(None))
            | ((Freeze.expires_at <= now + day) & Freeze.reminded_1d_at.is_(None)),
        )
        .with_for_update(skip_locked=True)
    ).all()
    for record in due_soon:
        within_day = record.expires_at <= now + day
        record.reminded_7d_at = record.reminded_7d_at or now
        if within_day:
            record.reminded_1d_at = now
        audit.record(
            session,
            system,
            AuditAction.freeze_reminded,
            target_type="freezes",
            target_id=record.id,
            summary=i18n.AUDIT["freeze_reminded"].format(
                account=record.account,
                until=clock.local(record.expires_at),
                within=i18n.REMINDER_WINDOWS["day" if within_day else "week"],
            ),
            detail={"case_id": record.case_id},
        )
    if due_soon:
        events.publish(
            session,
            states.CHANNEL,
            [
                {"kind": "freeze_reminder", "id": r.id, "case_id": r.case_id, "status": "active"}
                for r in due_soon
            ],
        )
    return SweepResult(len(lapsed_stops), len(lapsed_freezes), len(due_soon))


def held_total(session: Session, case: Case) -> int:
    """Money the banks report holding for this case, stopped or frozen."""
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
    """The 紧急止付 notice's content for the case's live stop-payments; its issue is audited."""
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
