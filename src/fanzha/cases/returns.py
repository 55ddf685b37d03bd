"""Restitution (资金返还): frozen money back to the victims, and the return register.

Traceable money goes to its own victim. Money pooled in one account that cannot be traced to
a single victim is shared in proportion to each victim's loss (largest remainder, whole fen)
after a 30-day public notice. A return order gives the bank 3 working days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, joinedload

from fanzha import clock, deadlines, excel, listing
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.audit.reasons import export_reason
from fanzha.cases import service, states, stop_payments
from fanzha.cases.errors import (
    FreezeNotActive,
    NoticePeriodRunning,
    PoolCasesNotFound,
    PoolCaseWithoutLoss,
    ReturnOverUnallocated,
    VictimExportDenied,
)
from fanzha.cases.models import (
    Case,
    CaseStatus,
    Freeze,
    FreezeStatus,
    FundReturn,
    ReturnKind,
    ReturnPool,
    ReturnStatus,
    Transfer,
)
from fanzha.cases.schemas import PoolIn, TraceableReturnIn
from fanzha.holidays import service as holidays
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.common import LIST_SEPARATOR
from fanzha.masking import mask_bank_account
from fanzha.money import format_yuan, split_proportionally
from fanzha.org import scope

R = ReturnStatus
OPEN = (R.noticed, R.ready, R.ordered)


def unallocated(session: Session, record: Freeze) -> int:
    """Frozen money not yet promised to any victim."""
    promised = session.scalar(
        select(func.coalesce(func.sum(FundReturn.amount_fen), 0)).where(
            FundReturn.freeze_id == record.id, FundReturn.status != R.cancelled
        )
    )
    return record.amount_fen - int(promised or 0)


def _check_source(session: Session, record: Freeze, amount_fen: int) -> None:
    if record.status != FreezeStatus.active:
        raise FreezeNotActive()
    left = unallocated(session, record)
    if amount_fen > left:
        raise ReturnOverUnallocated(left=format_yuan(left), field="amount_fen")


def _created(session: Session, actor: Principal, ret: FundReturn, summary: str) -> None:
    session.add(ret)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.return_created,
        target_type="fund_returns",
        target_id=ret.id,
        summary=summary,
        detail={"case_id": ret.case_id, "amount_fen": ret.amount_fen, "kind": ret.kind.value},
    )


def return_traceable(
    session: Session, actor: Principal, record: Freeze, data: TraceableReturnIn
) -> FundReturn:
    """The frozen money is this case's victim's: it goes straight back."""
    _check_source(session, record, data.amount_fen)
    ret = FundReturn(
        case_id=record.case_id,
        freeze_id=record.id,
        kind=ReturnKind.traceable,
        status=R.ready,
        amount_fen=data.amount_fen,
        created_by_id=actor.user_id,
        note=data.note,
    )
    _created(
        session,
        actor,
        ret,
        i18n.AUDIT["return_traceable"].format(
            account=record.account, amount=format_yuan(data.amount_fen)
        ),
    )
    return ret


def _sharer(principal: Principal) -> ColumnElement[bool]:
    """A case that may share a pool: taken up (受理 or 结案) and within the caller's scope."""
    return Case.status.in_((CaseStatus.registered, CaseStatus.closed)) & scope.scope_clause(
        Case.unit_id, principal
    )


def pool_candidates(session: Session, principal: Principal, record: Freeze) -> list[Case]:
    """Cases whose victims paid into the frozen account: the usual sharers of its pool."""
    return list(
        session.scalars(
            select(Case)
            .where(
                Case.id.in_(
                    select(Transfer.case_id).where(Transfer.receiving_account == record.account)
                ),
                _sharer(principal),
            )
            .order_by(Case.reported_at)
        )
    )


def open_pool(session: Session, actor: Principal, record: Freeze, data: PoolIn) -> ReturnPool:
    """按比例返还: publish the notice and fix each victim's share now, so the notice can name
    the amounts; the shares become payable when the 30 days are over."""
    _check_source(session, record, data.amount_fen)
    wanted = list(dict.fromkeys(data.case_nos))
    cases = {
        c.case_no: c
        for c in session.scalars(
            select(Case).where(
                Case.case_no.in_(wanted),
                _sharer(actor),
            )
        )
    }
    missing = [no for no in wanted if no not in cases]
    if missing:
        raise PoolCasesNotFound(case_nos=LIST_SEPARATOR.join(missing), field="case_nos")
    sharers = [cases[no] for no in wanted]
    if any(c.loss_fen <= 0 for c in sharers):
        raise PoolCaseWithoutLoss(field="case_nos")
    now = clock.now()
    pool = ReturnPool(
        freeze_id=record.id,
        amount_fen=data.amount_fen,
        notice_published_at=now,
        notice_ends_at=deadlines.notice_ends(now),
        note=data.note,
        created_by_id=actor.user_id,
    )
    session.add(pool)
    session.flush()
    shares = split_proportionally(data.amount_fen, [c.loss_fen for c in sharers])
    for case, share in zip(sharers, shares, strict=True):
        if share == 0:  # a loss too small to earn one fen of this pool
            continue
        ret = FundReturn(
            case_id=case.id,
            freeze_id=record.id,
            pool_id=pool.id,
            kind=ReturnKind.pooled,
            status=R.noticed,
            amount_fen=share,
            created_by_id=pool.created_by_id,
        )
        session.add(ret)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.return_pool_created,
        target_type="return_pools",
        target_id=pool.id,
        summary=i18n.AUDIT["return_pooled"].format(
            account=record.account,
            amount=format_yuan(data.amount_fen),
            count=len(sharers),
            until=clock.local(pool.notice_ends_at),
        ),
        detail={"case_id": record.case_id, "shares": dict(zip(wanted, shares, strict=True))},
    )
    return pool


def _move(session: Session, actor: Principal, ret: FundReturn, to: ReturnStatus, note: str = ""):
    states.apply(
        session,
        actor,
        states.RETURN,
        ret,
        to,
        label=i18n.LABELS["return"].format(amount=format_yuan(ret.amount_fen)),
        case_id=ret.case_id,
        note=note,
    )


def order(session: Session, actor: Principal, ret: FundReturn) -> FundReturn:
    """下达返还: the bank has 3 working days. A pooled share waits out its notice."""
    now = clock.now()
    if ret.status == R.noticed:
        assert ret.pool is not None
        if now < ret.pool.notice_ends_at:
            raise NoticePeriodRunning(ends=clock.local(ret.pool.notice_ends_at))
        _move(session, actor, ret, R.ready, i18n.MOVE_NOTES["notice_over"])
    _move(session, actor, ret, R.ordered)
    due = deadlines.bank_return_due(now, holidays.schedule(session))
    ret.ordered_at, ret.bank_due_at, ret.due_caveat = now, due.due_at, due.caveat
    return ret


def recompute_bank_dues(
    session: Session, actor: Principal, schedule: deadlines.HolidaySchedule
) -> int:
    """Every return order still with its bank gets its 3-working-day deadline counted again
    under `schedule`; each one that moves says so on its row and in the audit
    ("因节假日安排更新，到期时间由 … 改为 …"). Returns how many moved."""
    running = session.scalars(
        select(FundReturn)
        .where(FundReturn.status == R.ordered, FundReturn.ordered_at.is_not(None))
        .order_by(FundReturn.id)
        .with_for_update()
    ).all()
    moved = 0
    for ret in running:
        assert ret.ordered_at is not None
        due = deadlines.bank_return_due(ret.ordered_at, schedule)
        if ret.bank_due_at is not None and due.due_at != ret.bank_due_at:
            note = i18n.DUE_CHANGED.format(
                before=clock.local(ret.bank_due_at), after=clock.local(due.due_at)
            )
            audit.record(
                session,
                actor,
                AuditAction.deadline_recomputed,
                target_type="fund_returns",
                target_id=ret.id,
                summary=note,
                detail={
                    "case_id": ret.case_id,
                    "before": ret.bank_due_at.isoformat(),
                    "after": due.due_at.isoformat(),
                },
            )
            ret.due_change_note = note
            moved += 1
        ret.bank_due_at, ret.due_caveat = due.due_at, due.caveat
    return moved


def confirm_done(session: Session, actor: Principal, ret: FundReturn) -> FundReturn:
    """The bank paid the victim. When everything frozen on the account has gone back, the
    freeze ends as 已返还."""
    _move(session, actor, ret, R.done)
    ret.done_at = clock.now()
    source = ret.freeze
    if source is not None and source.status == FreezeStatus.active:
        paid = session.scalar(
            select(func.coalesce(func.sum(FundReturn.amount_fen), 0)).where(
                FundReturn.freeze_id == source.id, FundReturn.status == R.done
            )
        )
        if int(paid or 0) >= source.amount_fen:
            stop_payments.move(session, actor, source, FreezeStatus.returned)
            source.closed_at = ret.done_at
    return ret


def cancel(session: Session, actor: Principal, ret: FundReturn, reason: str) -> FundReturn:
    _move(session, actor, ret, R.cancelled, reason)
    ret.note = reason
    return ret


def release_after_notice(session: Session, now: datetime) -> int:
    """Pooled shares whose notice ended become payable (待下达); run by the job queue."""
    due = session.scalars(
        select(FundReturn)
        .join(ReturnPool, FundReturn.pool_id == ReturnPool.id)
        .where(FundReturn.status == R.noticed, ReturnPool.notice_ends_at <= now)
        .with_for_update(of=FundReturn, skip_locked=True)
    ).all()
    system = Principal.system(i18n.TIMER)
    for ret in due:
        _move(session, system, ret, R.ready, i18n.MOVE_NOTES["notice_over"])
    return len(due)


# --- the register ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    status: str | None = None
    case_id: int | None = None
    victim: str | None = None  # ID number or phone of one victim


REGISTER_SORTS: listing.Sorts = {
    "case_no": [Case.case_no],
    "amount": [FundReturn.amount_fen],
    "status": [FundReturn.status],
    "due": [FundReturn.bank_due_at],
    "created": [FundReturn.created_at],
}
REGISTER_ORDER = (FundReturn.created_at.desc(), FundReturn.id.desc())


def register_select(
    principal: Principal, filters: RegisterFilters, query: listing.ListQuery | None = None
):
    """The returns in scope with the filters (and the list's text and day filters)."""
    stmt = (
        select(FundReturn)
        .join(Case, FundReturn.case_id == Case.id)
        .where(scope.scope_clause(Case.unit_id, principal))
        .options(
            joinedload(FundReturn.case).joinedload(Case.unit),
            joinedload(FundReturn.freeze),
            joinedload(FundReturn.pool),
        )
    )
    if filters.status:
        stmt = stmt.where(FundReturn.status == filters.status)
    if filters.case_id:
        stmt = stmt.where(FundReturn.case_id == filters.case_id)
    if filters.victim:
        stmt = stmt.where(
            (Case.victim_id_number == filters.victim) | (Case.victim_phone == filters.victim)
        )
    if query is not None:
        stmt = stmt.where(
            *listing.text_match(query, Case.case_no, Case.victim_name),
            *listing.day_window(FundReturn.created_at, query),
        )
    return stmt


def register(
    session: Session,
    principal: Principal,
    filters: RegisterFilters,
    *,
    limit: int | None = 500,
    query: listing.ListQuery | None = None,
) -> list[FundReturn]:
    """The return register: every return in scope (up to `limit`), newest first unless
    `query` sorts by a column."""
    stmt = register_select(principal, filters, query)
    if query is not None:
        return listing.every_row(session, stmt, query, REGISTER_SORTS, REGISTER_ORDER)
    stmt = stmt.order_by(*REGISTER_ORDER)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt).unique())


def register_page(
    session: Session, principal: Principal, filters: RegisterFilters, query: listing.ListQuery
) -> listing.Page[FundReturn]:
    """One page of the register in the list's order."""
    stmt = register_select(principal, filters, query)
    return listing.paginate(session, stmt, query, REGISTER_SORTS, REGISTER_ORDER)


def returns_of(session: Session, case: Case) -> list[FundReturn]:
    return list(
        session.scalars(
            select(FundReturn)
            .where(FundReturn.case_id == case.id)
            .options(joinedload(FundReturn.freeze), joinedload(FundReturn.pool))
            .order_by(FundReturn.id)
        )
    )


@dataclass(frozen=True)
class VictimTotal:
    case: Case
    returned_fen: int  # 已返还
    pending_fen: int  # promised, not yet paid

    @property
    def share_of_loss(self) -> float:
        return self.returned_fen / self.case.loss_fen if self.case.loss_fen else 0.0


def by_victim(rows: list[FundReturn]) -> Iterator[VictimTotal]:
    """Register lines summed per victim (one case, one victim), largest return first."""
    totals: dict[int, list[int]] = {}  # case id → [returned, pending]
    cases: dict[int, Case] = {}
    for ret in rows:
        cases[ret.case_id] = ret.case
        line = totals.setdefault(ret.case_id, [0, 0])
        if ret.status == R.done:
            line[0] += ret.amount_fen
        elif ret.status in OPEN:
            line[1] += ret.amount_fen
    for case_id, (done, pending) in sorted(totals.items(), key=lambda kv: -sum(kv[1])):
        yield VictimTotal(cases[case_id], done, pending)


REGISTER_COLUMNS = i18n.RETURN_REGISTER_COLUMNS


def _account(ret: FundReturn, unmasked: bool) -> str:
    """The frozen account a return comes from: in full only in the unmasked export."""
    account = ret.freeze.account if ret.freeze else ""
    return account if unmasked else mask_bank_account(account)


def export_register(
    session: Session,
    actor: Principal,
    rows: list[FundReturn],
    *,
    unmasked: bool,
    reason: str | None = None,
) -> bytes:
    """The return register as Excel. Victims and accounts masked unless the caller may see
    them and asks with a stated `reason`; an unmasked export is written to the audit log with
    that reason. PermissionDenied without pii.unmask, InvalidInput for a blank or over-long
    reason."""
    if unmasked and not actor.can(Permission.pii_unmask):
        raise VictimExportDenied()
    if unmasked:
        reason = export_reason(reason)
    lines = []
    for ret in rows:
        person = service.victim(ret.case, masked=not unmasked)
        lines.append(
            [
                ret.case.case_no,
                ret.case.unit.name,
                person.name,
                person.id_number or "",
                (person.phone or "").removeprefix("+86"),
                excel.Yuan(ret.case.loss_fen),
                zh_CN.RETURN_KINDS[ret.kind],
                excel.Yuan(ret.amount_fen),
                _account(ret, unmasked),
                zh_CN.RETURN_STATUSES[ret.status],
                clock.local(ret.created_at),
                clock.local(ret.ordered_at),
                clock.local(ret.bank_due_at)
                + (i18n.CAVEAT.format(caveat=ret.due_caveat) if ret.due_caveat else ""),
                clock.local(ret.done_at),
                ret.note,
            ]
        )
    if unmasked:
        audit.record(
            session,
            actor,
            AuditAction.pii_exported,
            target_type="fund_returns",
            summary=i18n.AUDIT["register_exported"].format(count=len(lines)),
            detail={"rows": len(lines), "reason": reason},
        )
    widths = [20, 22, 10, 20, 14, 14, 12, 14, 22, 10, 17, 17, 20, 17, 24]
    return excel.workbook_from_rows(i18n.RETURN_REGISTER, REGISTER_COLUMNS, lines, widths)
