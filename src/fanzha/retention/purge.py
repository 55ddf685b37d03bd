"""The nightly purge: personal data past its retention period is deleted or anonymised, never
a record still needed, and each run leaves one audit entry with its counts per kind.

Periods are settings (`FANZHA_RETENTION_*_DAYS`, see fanzha.config); the reasoning behind each
default is in `RETENTION_KINDS`. A period counts from when the record was finished (a warning
closed, a case closed, a person pushed or dismissed), not from when it was created.

Never touched, whatever their age: a warning or case under a legal hold; a warning or a person
found by analysis tied to a case not yet closed, held, or with money business in force (closed
or not); a warning with a door visit still open or claimed; a case's statements while the case
is open, a freeze of it is in force (冻结中/解冻中), a stop-payment is pending or holding
money (待银行反馈/已止付), or a return is pending (公告中/待下达/已下达).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, exists, func, or_, select, text, update
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction, AuditEntry
from fanzha.auth.models import UserSession
from fanzha.cases.models import (
    Case,
    CaseStatus,
    Freeze,
    FreezeStatus,
    FundReturn,
    ReturnStatus,
    StopPayment,
    StopPaymentStatus,
)
from fanzha.config import Settings, get_settings
from fanzha.fundflow.models import AccountHolder, StatementImport, StatementRow
from fanzha.i18n import retention as i18n
from fanzha.linking.models import AtRiskPerson, AtRiskStatus
from fanzha.retention.errors import RetentionTooShort
from fanzha.retention.models import HoldTarget, LegalHold
from fanzha.warnings.models import (
    ContactAttempt,
    DoorVisitTask,
    Outcome,
    TaskStatus,
    Warning,
    WarningStatus,
)

# 网络安全法 第二十一条: network logs are kept no less than six months. The database routine
# refuses a shorter cutoff too (migration 0014); this check gives the operator the reason.
AUDIT_FLOOR_DAYS = 180

# The role and routine of migration 0014, the audit log's only way out; a restore re-creates the
# role on a new cluster and hands the routine back to it (fanzha.ops.backup).
AUDIT_PURGER_ROLE = "fanzha_audit_purger"
AUDIT_PURGE_ROUTINE = "audit_entries_purge(timestamptz, text[], text[], text[])"

LOGIN_ACTIONS = ("auth.login.succeeded", "auth.login.failed", "auth.login.locked", "auth.logout")


@dataclass(frozen=True)
class RetentionKind:
    """One kind of personal data: the setting holding its period in days, and the shortest
    period the law allows for it (0: none)."""

    key: str
    setting: str
    minimum: int = 0


# The defaults (fanzha.config) and why:
# - warnings, 3 years after closing (已劝阻/不符/确实找不到/重复): 个人信息保护法 第十九条
#   keeps data no longer than its purpose needs, and a warning's purpose ends with its
#   outcome; 3 years still covers the 预后被骗 window (`defrauded_later_window_days`), a
#   year-on-year comparison, and complaints within the 3-year limitation period
#   (民法典 第一百八十八条).
#   已被骗 warnings belong to their case and are never purged here.
# - at_risk, 3 years after being pushed, reported or dismissed: the same purpose test.
# - statements, 5 years after the case is closed or voided: the evidence itself is copied into
#   the case file; this working copy (rows, account holders, the original file) then goes.
# - sessions, 30 days after expiry: the rows hold the login IP and serve nothing after.
# - login_audit, 1 year: login records are network logs, kept at least six months
#   (网络安全法 第二十一条), a year so the yearly access review can be done.
# - audit, 6 years: every other entry outlives any record it describes.
# There are no questionnaire answers, tips or photos in the platform yet: when they come,
# they get a kind here.
RETENTION_KINDS = (
    RetentionKind("warnings", "retention_warning_days"),
    RetentionKind("at_risk", "retention_at_risk_days"),
    RetentionKind("statements", "retention_statement_days"),
    RetentionKind("sessions", "retention_session_days"),
    RetentionKind("login_audit", "retention_login_audit_days", AUDIT_FLOOR_DAYS),
    RetentionKind("audit", "retention_audit_days", AUDIT_FLOOR_DAYS),
)


@dataclass
class PurgeReport:
    """What one run removed (or, dry, would remove): counts per kind, and the cutoffs used."""

    dry_run: bool
    at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    cutoffs: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return i18n.COUNT_SEPARATOR.join(f"{i18n.KINDS[k]} {n}" for k, n in self.counts.items())


def _days(settings: Settings, kind: RetentionKind) -> int:
    days = int(getattr(settings, kind.setting))
    if days and days < kind.minimum:
        raise RetentionTooShort(kind=i18n.KINDS[kind.key], minimum=kind.minimum, days=days)
    return days


def _no_hold(target: HoldTarget, column):
    return ~exists().where(
        LegalHold.target_type == target.value,
        LegalHold.target_id == column,
        LegalHold.released_at.is_(None),
    )


_OPEN_CASE = (CaseStatus.draft, CaseStatus.registered)


def _in_force(case_id):
    """The case has money business still running, closed or not (a case may be closed with a
    freeze in force): a freeze 冻结中/解冻中, a stop-payment 待反馈/已止付, a return pending."""
    return or_(
        exists().where(
            Freeze.case_id == case_id,
            Freeze.status.in_((FreezeStatus.active, FreezeStatus.unfreezing)),
        ),
        exists().where(
            StopPayment.case_id == case_id,
            StopPayment.status.in_((StopPaymentStatus.requested, StopPaymentStatus.held)),
        ),
        exists().where(
            FundReturn.case_id == case_id,
            FundReturn.status.in_((ReturnStatus.noticed, ReturnStatus.ready, ReturnStatus.ordered)),
        ),
    )


def _case_needed(case_id):
    """The case is open, under hold or has something in force: its people stay."""
    return or_(Case.status.in_(_OPEN_CASE), ~_no_hold(HoldTarget.case, case_id), _in_force(case_id))


def warnings_due(cutoff: datetime) -> Select[tuple[int]]:
    """Finished warnings whose person is still on record, closed before `cutoff`."""
    return select(Warning.id).where(
        Warning.status.in_((WarningStatus.closed, WarningStatus.duplicate)),
        func.coalesce(Warning.closed_at, Warning.received_at) < cutoff,
        or_(Warning.outcome.is_(None), Warning.outcome != Outcome.defrauded),
        or_(
            Warning.person_name != "",
            Warning.person_phone.is_not(None),
            Warning.person_id_number.is_not(None),
            Warning.address != "",
        ),
        _no_hold(HoldTarget.warning, Warning.id),
        ~exists().where(
            DoorVisitTask.warning_id == Warning.id,
            DoorVisitTask.status.in_((TaskStatus.open, TaskStatus.claimed)),
        ),
        ~exists().where(
            or_(Case.warning_id == Warning.id, Case.warned_before_id == Warning.id),
            _case_needed(Case.id),
        ),
    )


def at_risk_due(cutoff: datetime) -> Select[tuple[int]]:
    """People found by analysis and dealt with (pushed, reported, dismissed) before `cutoff`."""
    return select(AtRiskPerson.id).where(
        AtRiskPerson.status.in_(
            (AtRiskStatus.pushed, AtRiskStatus.reported, AtRiskStatus.dismissed)
        ),
        func.coalesce(AtRiskPerson.pushed_at, AtRiskPerson.found_at) < cutoff,
        ~AtRiskPerson.evidence_key.startswith("purged:"),
        ~exists().where(
            Case.id == AtRiskPerson.case_id,
            _case_needed(Case.id),
        ),
        ~exists().where(
            Warning.id == AtRiskPerson.warning_id,
            ~_no_hold(HoldTarget.warning, Warning.id),
        ),
    )


def cases_finished(cutoff: datetime) -> Select[tuple[int]]:
    """Cases closed or voided before `cutoff` with nothing in force: no freeze 冻结中/解冻中,
    no stop-payment 待反馈/已止付, no return pending, no legal hold."""
    return select(Case.id).where(
        Case.status.in_((CaseStatus.closed, CaseStatus.voided)),
        Case.closed_at.is_not(None),
        Case.closed_at < cutoff,
        _no_hold(HoldTarget.case, Case.id),
        ~_in_force(Case.id),
    )


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _anonymise_warnings(session: Session, cutoff: datetime, dry: bool) -> dict[str, int]:
    ids = list(session.scalars(warnings_due(cutoff)))
    notes = select(ContactAttempt.id).where(
        ContactAttempt.warning_id.in_(ids), ContactAttempt.note != ""
    )
    counts = {"warnings": len(ids), "contact_notes": _count(session, notes)}
    if ids and not dry:
        # The outcome, grade, amounts and dates stay for the statistics; the person goes.
        # (outcome_note is left: changing it would resend the feedback to the platform.)
        session.execute(
            update(Warning)
            .where(Warning.id.in_(ids))
            .values(
                person_name="",
                person_name_initials="",  # the search key is the name's too
                person_phone=None,
                person_id_number=None,
                address="",
                note="",
            )
        )
        session.execute(update(ContactAttempt).where(ContactAttempt.id.in_(notes)).values(note=""))
    return counts


def _anonymise_at_risk(session: Session, cutoff: datetime, dry: bool) -> dict[str, int]:
    ids = list(session.scalars(at_risk_due(cutoff)))
    if ids and not dry:
        # The evidence key names the account or phone: it becomes a key with no person in it.
        # The same evidence found again after this is a new row (years later, a new concern).
        session.execute(
            update(AtRiskPerson)
            .where(AtRiskPerson.id.in_(ids))
            .values(
                person_name="",
                person_phone=None,
                person_id_number=None,
                person_account="",
                address="",
                note="",
                evidence_key=func.concat("purged:", AtRiskPerson.id),
            )
        )
    return {"at_risk": len(ids)}


def _delete_statements(session: Session, cutoff: datetime, dry: bool) -> dict[str, int]:
    imports = select(StatementImport.id).where(StatementImport.case_id.in_(cases_finished(cutoff)))
    ids = list(session.scalars(imports))
    rows = _count(session, select(StatementRow.id).where(StatementRow.import_id.in_(ids)))
    holders = select(AccountHolder.account).where(AccountHolder.import_id.in_(ids))
    counts = {
        "statement_imports": len(ids),
        "statement_rows": rows,
        "account_holders": _count(session, holders),
    }
    if ids and not dry:
        session.execute(delete(AccountHolder).where(AccountHolder.import_id.in_(ids)))
        session.execute(delete(StatementImport).where(StatementImport.id.in_(ids)))  # rows cascade
    return counts


def _delete_sessions(session: Session, cutoff: datetime, dry: bool) -> dict[str, int]:
    due = UserSession.expires_at < cutoff
    if dry:
        return {"sessions": _count(session, select(UserSession.token_hash).where(due))}
    return {"sessions": session.execute(delete(UserSession).where(due)).rowcount or 0}


def _audit_purge(
    session: Session,
    key: str,
    cutoff: datetime,
    dry: bool,
    actions: tuple[str, ...] | None,
    keep: tuple[str, ...] | None,
) -> dict[str, int]:
    if dry:
        stmt = select(AuditEntry.id).where(AuditEntry.at < cutoff)
        if actions:
            stmt = stmt.where(AuditEntry.action.in_(actions))
        if keep:
            stmt = stmt.where(AuditEntry.action.not_in(keep))
        return {key: _count(session, stmt)}
    # Only the routine of migration 0014 may delete audit entries (see there); the history of
    # a record under legal hold stays with it.
    held = [
        f"{HoldTarget(h.target_type).audit_type}:{h.target_id}"
        for h in session.scalars(select(LegalHold).where(LegalHold.released_at.is_(None)))
    ]
    removed = session.scalar(
        text("SELECT audit_entries_purge(:cutoff, :actions, :keep, :held)"),
        {
            "cutoff": cutoff,
            "actions": list(actions) if actions else None,
            "keep": list(keep) if keep else None,
            "held": held or None,
        },
    )
    return {key: int(removed or 0)}


def purge(
    session: Session,
    actor: Principal,
    *,
    dry_run: bool = False,
    settings: Settings | None = None,
) -> PurgeReport:
    """Delete or anonymise what is past its period at `clock.now()` (a kind set to 0 days is
    skipped) and append one audit entry (`retention.purged`) with the counts per kind and the
    cutoffs, dry or not. In the caller's transaction. Raises RetentionTooShort when an audit
    period is set below 180 days."""
    settings = settings or get_settings()
    now = clock.now()
    report = PurgeReport(dry_run=dry_run, at=now)
    handlers = {
        "warnings": lambda c: _anonymise_warnings(session, c, dry_run),
        "at_risk": lambda c: _anonymise_at_risk(session, c, dry_run),
        "statements": lambda c: _delete_statements(session, c, dry_run),
        "sessions": lambda c: _delete_sessions(session, c, dry_run),
        "login_audit": lambda c: _audit_purge(
            session, "login_audit", c, dry_run, LOGIN_ACTIONS, None
        ),
        "audit": lambda c: _audit_purge(session, "audit", c, dry_run, None, LOGIN_ACTIONS),
    }
    periods = {kind.key: _days(settings, kind) for kind in RETENTION_KINDS}
    for key, days in periods.items():
        if not days:
            continue
        cutoff = now - timedelta(days=days)
        report.cutoffs[key] = cutoff.isoformat()
        report.counts.update(handlers[key](cutoff))
    template = i18n.PURGE_DRY_SUMMARY if dry_run else i18n.PURGE_SUMMARY
    audit.record(
        session,
        actor,
        AuditAction.retention_purged,
        target_type="retention",
        summary=template.format(counts=report.describe()),
        detail={"dry_run": dry_run, "counts": report.counts, "cutoffs": report.cutoffs},
    )
    return report
