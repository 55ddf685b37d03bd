"""Cases: taking a report, drafts from warnings, the case state machine, 预后被骗 matching.

The case's transition table lives with the money loop's in `cases.states`; `transition` applies
it and stamps the time, so an illegal step is a 409 in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import states
from fanzha.cases.errors import (
    CaseFinishedNoTransfers,
    ReasonForOpenHolds,
    VictimUnmaskDenied,
)
from fanzha.cases.events import CaseRestored, CaseVoided, TransfersAdded
from fanzha.cases.models import (
    Case,
    CaseStatus,
    Freeze,
    FreezeStatus,
    StopPayment,
    StopPaymentStatus,
    Transfer,
)
from fanzha.cases.schemas import CaseIn, TransferIn
from fanzha.config import get_settings
from fanzha.fields import visible_text
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel import events
from fanzha.kernel import states as kernel_states
from fanzha.masking import Person, mask_address, person_view
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.warnings.models import Outcome, Warning, WarningStatus

S = CaseStatus
ALLOWED = states.CASE.moves


@dataclass(frozen=True)
class OpenHolds:
    """The money of a case still held or awaited: what 结案 / 作废 would leave behind."""

    awaiting: int  # stop-payments sent, the bank has not answered
    held: int  # stop-payments holding money, not yet frozen
    frozen: int  # freezes in force (or being lifted)

    def __bool__(self) -> bool:
        return bool(self.awaiting or self.held or self.frozen)

    @property
    def text(self) -> str:
        """仍有 2 个止付待银行反馈，1 个冻结生效中 ("" when nothing is held)."""
        parts = [
            i18n.OPEN_HOLDS[kind].format(n=n)
            for kind, n in (
                ("awaiting", self.awaiting),
                ("held", self.held),
                ("frozen", self.frozen),
            )
            if n
        ]
        return i18n.OPEN_HOLDS["lead"] + i18n.OPEN_HOLDS["sep"].join(parts) if parts else ""


def open_holds(session: Session, case: Case) -> OpenHolds:
    stops = dict(
        session.execute(
            select(StopPayment.status, func.count())
            .where(StopPayment.case_id == case.id)
            .group_by(StopPayment.status)
        ).all()
    )
    frozen = session.scalar(
        select(func.count()).where(
            Freeze.case_id == case.id,
            Freeze.status.in_((FreezeStatus.active, FreezeStatus.unfreezing)),
        )
    )
    return OpenHolds(
        awaiting=stops.get(StopPaymentStatus.requested, 0),
        held=stops.get(StopPaymentStatus.held, 0),
        frozen=frozen or 0,
    )


def readable(text: str) -> bool:
    """Whether `text` has a character a reader sees: not only blanks, zero-width spaces or
    other format and control characters (the shared rule of `fields.visible_text`). Pure."""
    return bool(visible_text(text))


def transition(
    session: Session, actor: Principal, case: Case, to: CaseStatus, *, note: str = ""
) -> Case:
    """The one place a case changes status: checked, stamped, audited, announced (the kernel
    stamps registered_at / closed_at); then the links follow. IllegalMove (409); closing or
    voiding a case whose money is still held without a reason: ReasonForOpenHolds (422)."""
    note = visible_text(note)  # a note of invisible characters is no note
    if to in (S.closed, S.voided) and not note:
        holds = open_holds(session, case)
        if holds:
            raise ReasonForOpenHolds(holds=holds.text, doing=i18n.FINISHING[to])
    states.apply(
        session, actor, states.CASE, case, to, label=case.case_no, case_id=case.id, note=note
    )
    if note:
        case.status_note = note
    if to == S.registered:
        link_earlier_warnings(session, actor, case)
    elif to == S.voided:
        events.dispatch(session, CaseVoided(case.id))  # a voided case links nothing any more
    return case


def restore_draft(session: Session, actor: Principal, case: Case, *, reason: str) -> Case:
    """Bring back a draft that an earlier 更正反馈 voided (declared named move 恢复草稿, voided →
    draft): same case number, `reason` kept on it and in the audit entry, its links back.
    IllegalMove (409) unless the case is voided; ReasonRequired (422) without a reason."""
    states.apply(
        session,
        actor,
        states.CASE,
        case,
        S.draft,
        label=case.case_no,
        case_id=case.id,
        note=reason,
        via=i18n.DRAFT_RESTORED,
    )
    case.closed_at = None
    case.status_note = reason
    events.dispatch(session, CaseRestored(case.id))
    return case


def _open(
    session: Session,
    actor: Principal,
    case: Case,
    action: AuditAction,
    summary: str,
    detail: dict | None = None,
) -> Case:
    """File a new case as a draft: its creator, its number, the audit entry. The number is
    AJ + the report's Shanghai date + the id: unique without a counter to contend on."""
    kernel_states.begin(states.CASE, case, S.draft)
    case.case_no = ""
    case.created_by_id = actor.user_id
    session.add(case)
    session.flush()
    case.case_no = f"AJ{case.reported_at.astimezone(clock.SHANGHAI):%Y%m%d}{case.id:06d}"
    audit.record(
        session,
        actor,
        action,
        target_type="cases",
        target_id=case.id,
        summary=f"{case.case_no} {summary}",
        detail=detail,
    )
    return case


def create_case(session: Session, actor: Principal, data: CaseIn, *, unit_id: int) -> Case:
    """A report taken at the desk: registered at once, with its transfers."""
    scope.require_unit_in_scope(session, actor, unit_id)
    case = Case(
        unit_id=unit_id,
        victim_name=data.victim_name,
        victim_phone=data.victim_phone,
        victim_id_number=data.victim_id_number,
        victim_address=data.victim_address,
        story=data.story,
        fraud_type=data.fraud_type,
        reported_at=data.reported_at or clock.now(),
    )
    _open(session, actor, case, AuditAction.case_created, zh_CN.FRAUD_TYPES[case.fraud_type])
    if data.transfers:
        add_transfers(session, actor, case, data.transfers)
    return transition(session, actor, case, S.registered)


def open_draft_from_warning(
    session: Session, actor: Principal, warning: Warning, *, reported_at: datetime | None = None
) -> Case:
    """已被骗: the warned person had already paid. A draft case carries the person over so the
    desk can take the report without typing it again; one draft per warning."""
    existing = case_for_warning(session, warning.id)
    if existing is not None:
        return existing
    case = Case(
        unit_id=warning.unit_id,
        victim_name=warning.person_name,
        victim_phone=warning.person_phone,
        victim_id_number=warning.person_id_number,
        victim_address=warning.address,
        story=i18n.DRAFT_STORY.format(
            external_id=warning.external_id, note=warning.outcome_note or ""
        ).strip(),
        fraud_type=warning.fraud_type,
        reported_at=reported_at or clock.now(),
        warning_id=warning.id,
    )
    return _open(
        session,
        actor,
        case,
        AuditAction.case_drafted,
        i18n.AUDIT["drafted"].format(warning_id=warning.id),
        {"warning_id": warning.id},
    )


def add_transfers(
    session: Session, actor: Principal, case: Case, transfers: list[TransferIn]
) -> Case:
    """More transfers the victim remembers or the bank reports; the loss follows."""
    if case.status in (S.closed, S.voided):
        raise CaseFinishedNoTransfers(status=zh_CN.CASE_STATUSES[case.status])
    case.transfers.extend(Transfer(**t.model_dump()) for t in transfers)
    case.loss_fen = sum(t.amount_fen for t in case.transfers)
    if transfers and case.accounts_entered_at is None:
        case.accounts_entered_at = clock.now()
    # The receiving accounts are the case's first indicators: its gang is current at once.
    events.dispatch(
        session,
        TransfersAdded(
            case.id,
            tuple(t.receiving_account for t in transfers),
            min((t.at for t in transfers), default=clock.now()),
            actor.user_id,
        ),
    )
    audit.record(
        session,
        actor,
        AuditAction.case_transfers_added,
        target_type="cases",
        target_id=case.id,
        summary=i18n.AUDIT["transfers_added"].format(
            case_no=case.case_no, count=len(transfers), loss=format_yuan(case.loss_fen)
        ),
    )
    return case


def link_earlier_warnings(session: Session, actor: Principal, case: Case) -> list[int]:
    """预后被骗: warnings that reached this victim (same ID number or phone) before the report
    and within the window are flagged, and the case points at the latest. The warning that
    opened the case is not "earlier": it found the person already defrauded."""
    matches = []
    if case.victim_id_number:
        matches.append(Warning.person_id_number == case.victim_id_number)
    if case.victim_phone:
        matches.append(Warning.person_phone == case.victim_phone)
    if not matches:
        return []
    window = timedelta(days=get_settings().defrauded_later_window_days)
    # Loaded, not bulk-updated: a bulk UPDATE would re-check every warning in the session.
    earlier = session.scalars(
        select(Warning)
        .where(
            or_(*matches),
            Warning.received_at < case.reported_at,
            Warning.received_at >= case.reported_at - window,
            Warning.status != WarningStatus.duplicate,
            Warning.outcome.is_distinct_from(Outcome.defrauded),
            Warning.id.is_distinct_from(case.warning_id),
        )
        .order_by(Warning.received_at.desc())
    ).all()
    if not earlier:
        return []
    for warning in earlier:
        warning.defrauded_later = True
    ids = [w.id for w in earlier]
    case.warned_before_id = ids[0]
    audit.record(
        session,
        actor,
        AuditAction.case_warned_before,
        target_type="cases",
        target_id=case.id,
        summary=i18n.AUDIT["warned_before"].format(case_no=case.case_no, count=len(ids)),
        detail={"warning_ids": ids},
    )
    return ids


# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    fraud_type: str | None = None


CASE_SORTS: listing.Sorts = {
    "case_no": [Case.case_no],
    "reported": [Case.reported_at],
    "loss": [Case.loss_fen],
    "status": [Case.status],
    "type": [Case.fraud_type],
}
CASE_ORDER = (Case.reported_at.desc(), Case.id.desc())


def cases_select(
    principal: Principal, filters: CaseFilters, query: listing.ListQuery | None = None
) -> Select[tuple[Case]]:
    """Cases in scope with the filters, the text filter (case number, victim name or phone)
    and the report-day window applied; unordered."""
    stmt = select(Case).where(scope.scope_clause(Case.unit_id, principal))
    if filters.status:
        stmt = stmt.where(Case.status == filters.status)
    if filters.fraud_type:
        stmt = stmt.where(Case.fraud_type == filters.fraud_type)
    if filters.since:
        stmt = stmt.where(Case.reported_at >= filters.since)
    if filters.until:
        stmt = stmt.where(Case.reported_at < filters.until)
    if query is not None:
        stmt = stmt.where(
            *listing.text_match(query, Case.case_no, Case.victim_name, Case.victim_phone),
            *listing.day_window(Case.reported_at, query),
        )
    return stmt.options(selectinload(Case.unit))


def list_cases(
    session: Session,
    principal: Principal,
    filters: CaseFilters,
    query: listing.ListQuery | None = None,
) -> listing.Page[Case]:
    """A page of the cases in scope, newest report first unless `query` sorts by a column."""
    query = query or listing.ListQuery()
    stmt = cases_select(principal, filters, query)
    return listing.paginate(session, stmt, query, CASE_SORTS, CASE_ORDER)


def export_cases(
    session: Session, principal: Principal, filters: CaseFilters, query: listing.ListQuery
) -> list[Case]:
    """Every case the list's filters keep, in its order, for the export."""
    stmt = cases_select(principal, filters, query)
    return listing.every_row(session, stmt, query, CASE_SORTS, CASE_ORDER)


def case_for_warning(session: Session, warning_id: int) -> Case | None:
    return session.scalar(select(Case).where(Case.warning_id == warning_id))


def victim(case: Case, *, masked: bool = True) -> Person:
    return person_view(
        case.victim_name,
        case.victim_phone,
        case.victim_id_number,
        case.victim_address,
        masked=masked,
        masked_address=mask_address(case.victim_address),  # not the unit: it names no place
    )


def reveal_victim(session: Session, principal: Principal, case: Case) -> Person:
    if not principal.can(Permission.pii_unmask):
        raise VictimUnmaskDenied()
    audit.record(
        session,
        principal,
        AuditAction.pii_viewed,
        target_type="cases",
        target_id=case.id,
        summary=i18n.AUDIT["victim_viewed"].format(case_no=case.case_no),
    )
    return victim(case, masked=False)
