"""How the cases domain reacts to a warning's outcome (the warnings domain does not import
cases; it dispatches events, wired in `fanzha.wiring`).

已被骗 opens a draft case for the desk. 更正反馈 away from 已被骗 voids that draft, or, when the
desk has already registered it, keeps the case and records why on it; corrected to 已被骗 it
opens the draft as a first 已被骗 would, or brings back the draft an earlier correction voided.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import returns, service
from fanzha.cases.models import CaseStatus
from fanzha.holidays import service as holidays
from fanzha.holidays.events import HolidayScheduleChanged
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel.events import subscribe
from fanzha.warnings.events import WarningClosed, WarningOutcomeCorrected
from fanzha.warnings.models import Outcome, Warning


@subscribe(WarningClosed)
def draft_when_defrauded(session: Session, event: WarningClosed) -> None:
    """已被骗: a draft case carrying the person over (one per warning)."""
    if event.outcome == Outcome.defrauded:
        warning = session.get(Warning, event.warning_id)
        service.open_draft_from_warning(session, event.actor, warning)


@subscribe(WarningOutcomeCorrected)
def reconcile_draft(session: Session, event: WarningOutcomeCorrected) -> None:
    """The draft follows the corrected outcome: opened (or a voided one restored) for 已被骗,
    voided (with the reason) when the outcome is no longer 已被骗, kept with an audit entry
    once registered."""
    case = service.case_for_warning(session, event.warning_id)
    if event.after == Outcome.defrauded:
        if case is not None and case.status == CaseStatus.voided:
            reason = i18n.CORRECTION_DRAFT_RESTORED.format(reason=event.reason)
            service.restore_draft(session, event.actor, case, reason=reason[:200])
        else:
            warning = session.get(Warning, event.warning_id)
            service.open_draft_from_warning(session, event.actor, warning)
        return
    if case is None or event.before != Outcome.defrauded:
        return
    outcome = zh_CN.OUTCOMES[event.after]
    if case.status == CaseStatus.draft:
        note = zh_CN.CORRECTION_DRAFT_VOIDED.format(outcome=outcome, reason=event.reason)
        service.transition(session, event.actor, case, CaseStatus.voided, note=note[:200])
    elif case.status != CaseStatus.voided:
        audit.record(
            session,
            event.actor,
            AuditAction.case_kept_after_correction,
            target_type="cases",
            target_id=case.id,
            summary=zh_CN.CORRECTION_CASE_KEPT.format(
                case_no=case.case_no, outcome=outcome, reason=event.reason[:80]
            ),
            detail={"warning_id": event.warning_id, "reason": event.reason},
        )


@subscribe(HolidayScheduleChanged)
def recompute_working_day_clocks(session: Session, event: HolidayScheduleChanged) -> None:
    """The schedule in force changed: every running working-day deadline (a return order's
    3 working days; stop-payments and freezes run in hours and months) is counted again."""
    returns.recompute_bank_dues(session, event.actor, holidays.schedule(session))
