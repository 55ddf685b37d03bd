"""The data subject report: everything the platform holds on one person, found by ID number or
phone, as a workbook of one sheet per kind of record. Exported only with a stated reason, and
audited (who, why, how many rows; never the number asked about in clear)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, or_, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.audit.reasons import export_reason
from fanzha.cases.models import Case
from fanzha.excel import workbook_from_sheets
from fanzha.fundflow.models import AccountHolder, StatementImport, StatementRow
from fanzha.i18n import retention as i18n
from fanzha.i18n import zh_CN
from fanzha.identifiers import InvalidIdentifier, normalize_id_number, normalize_phone
from fanzha.linking.models import AtRiskPerson, Lead
from fanzha.masking import mask_id_number, mask_phone
from fanzha.money import format_yuan
from fanzha.org.scope import scoped_select
from fanzha.retention.errors import SubjectQueryInvalid
from fanzha.retention.models import LegalHold
from fanzha.warnings.models import DoorVisitTask, Warning

ROW_LIMIT = 50_000  # statement rows per report: a mule's card can have millions


@dataclass(frozen=True)
class Subject:
    """Who is asked about: an ID number, or a phone in the forms the tables store it."""

    id_number: str | None
    phones: tuple[str, ...]

    @property
    def masked(self) -> str:
        return mask_id_number(self.id_number) if self.id_number else mask_phone(self.phones[-1])


def subject_of(raw: str | None) -> Subject:
    """An ID number (18 characters with a valid check character) or a phone number.
    Raises SubjectQueryInvalid (field "query") for anything else."""
    text = (raw or "").strip()
    try:
        return Subject(id_number=normalize_id_number(text).number, phones=())
    except InvalidIdentifier:
        pass
    try:
        phone = normalize_phone(text)
    except InvalidIdentifier as exc:
        raise SubjectQueryInvalid(field="query") from exc
    return Subject(id_number=None, phones=tuple(dict.fromkeys((phone.number, phone.national))))


def _match(subject: Subject, id_column: Any, phone_column: Any):
    clauses = []
    if subject.id_number and id_column is not None:
        clauses.append(id_column == subject.id_number)
    if subject.phones and phone_column is not None:
        clauses.append(phone_column.in_(subject.phones))
    return or_(*clauses) if clauses else None


def _where(stmt, clause):
    return stmt.where(clause) if clause is not None else None


def collect(session: Session, actor: Principal, subject: Subject) -> dict[str, list[list[Any]]]:
    """The rows of each sheet (keys of i18n.SUBJECT_SHEETS), within the actor's scope."""
    local = clock.local
    sheets: dict[str, list[list[Any]]] = {key: [] for key in i18n.SUBJECT_SHEETS}
    warning_stmt = _where(
        scoped_select(Warning, actor),
        _match(subject, Warning.person_id_number, Warning.person_phone),
    )
    warnings = (
        list(session.scalars(warning_stmt.order_by(Warning.id))) if warning_stmt is not None else []
    )
    for w in warnings:
        sheets["warnings"].append(
            [
                w.id,
                zh_CN.WARNING_SOURCES[w.source],
                w.person_name,
                w.person_phone or "",
                w.person_id_number or "",
                w.address,
                zh_CN.WARNING_STATUSES[w.status],
                zh_CN.OUTCOMES[w.outcome] if w.outcome else "",
                local(w.received_at),
            ]
        )
    case_stmt = _where(
        scoped_select(Case, actor), _match(subject, Case.victim_id_number, Case.victim_phone)
    )
    cases = list(session.scalars(case_stmt.order_by(Case.id))) if case_stmt is not None else []
    for c in cases:
        sheets["cases"].append(
            [
                c.case_no,
                c.victim_name,
                c.victim_phone or "",
                c.victim_id_number or "",
                c.victim_address,
                zh_CN.CASE_STATUSES[c.status],
                format_yuan(c.loss_fen),
                local(c.reported_at),
            ]
        )
    at_risk_stmt = _where(
        scoped_select(AtRiskPerson, actor),
        _match(subject, AtRiskPerson.person_id_number, AtRiskPerson.person_phone),
    )
    for p in (
        session.scalars(at_risk_stmt.order_by(AtRiskPerson.id)) if at_risk_stmt is not None else ()
    ):
        sheets["at_risk"].append(
            [
                p.id,
                p.person_name,
                p.person_phone or "",
                p.person_id_number or "",
                p.person_account,
                p.address,
                zh_CN.AT_RISK_STATUSES[p.status],
                local(p.found_at),
            ]
        )
    holder_stmt = _where(
        scoped_select(AccountHolder, actor),
        _match(subject, AccountHolder.id_number, AccountHolder.phone),
    )
    holders = list(session.scalars(holder_stmt)) if holder_stmt is not None else []
    files = {
        i.id: i.filename
        for i in session.scalars(
            scoped_select(StatementImport, actor).where(
                StatementImport.id.in_([h.import_id for h in holders if h.import_id])
            )
        )
    }
    for h in holders:
        sheets["holders"].append(
            [h.account, h.name, h.id_number or "", h.phone or "", files.get(h.import_id, "")]
        )
    accounts = [h.account for h in holders]
    rows = session.scalars(
        scoped_select(StatementRow, actor)
        .where(StatementRow.account.in_(accounts))
        .order_by(StatementRow.account, StatementRow.at)
        .limit(ROW_LIMIT)
    )
    for r in rows if accounts else ():
        sheets["statement_rows"].append(
            [
                files.get(r.import_id, r.import_id),
                r.source_row,
                r.account,
                r.account_name,
                local(r.at, "%Y-%m-%d %H:%M:%S"),
                format_yuan(r.amount_fen),
                r.direction,
                r.counterpart,
                r.counterpart_name,
            ]
        )
    warning_ids = [w.id for w in warnings]
    visits = session.scalars(
        scoped_select(DoorVisitTask, actor)
        .where(DoorVisitTask.warning_id.in_(warning_ids))
        .order_by(DoorVisitTask.id)
    )
    for v in visits if warning_ids else ():
        sheets["door_visits"].append(
            [
                v.id,
                v.warning_id,
                zh_CN.TASK_STATUSES[v.status],
                local(v.created_at),
                local(v.done_at),
            ]
        )
    # Leads carry free text: one naming the person's ID number or phone is about them.
    needles = [n for n in (subject.id_number, *subject.phones) if n]
    leads = session.scalars(
        scoped_select(Lead, actor)
        .where(or_(false(), *(Lead.content.contains(n, autoescape=True) for n in needles)))
        .order_by(Lead.id)
    )
    for lead in leads:
        sheets["leads"].append(
            [lead.lead_no, lead.title, zh_CN.LEAD_STATUSES[lead.status], local(lead.sent_at)]
        )
    targets = [("warning", w.id) for w in warnings] + [("case", c.id) for c in cases]
    held = or_(
        false(),
        *((LegalHold.target_type == kind) & (LegalHold.target_id == ref) for kind, ref in targets),
    )
    for hold in session.scalars(select(LegalHold).where(held)) if targets else ():
        sheets["holds"].append(
            [
                i18n.HOLD_TARGETS[hold.target_type],
                hold.target_id,
                hold.reason,
                local(hold.set_at),
                local(hold.released_at),
            ]
        )
    return sheets


def export(session: Session, actor: Principal, query: str | None, reason: str | None) -> bytes:
    """The report as .xlsx (cells written as text, so nothing in it runs as a formula), with a
    `subject_report.exported` audit entry carrying the reason, the counts per sheet and the
    subject masked. Raises SubjectQueryInvalid (field "query"), ExportReasonMissing or
    ExportReasonTooLong (field "reason")."""
    subject = subject_of(query)
    why = export_reason(reason)
    sheets = collect(session, actor, subject)
    counts = {key: len(rows) for key, rows in sheets.items()}
    audit.record(
        session,
        actor,
        AuditAction.subject_report_exported,
        target_type="subject",
        target_id=subject.masked,
        summary=i18n.SUBJECT_EXPORTED.format(count=sum(counts.values())),
        detail={"reason": why, "counts": counts, "subject": subject.masked},
    )
    return workbook_from_sheets(
        [
            (title, headers, sheets[key], None)
            for key, (title, headers) in i18n.SUBJECT_SHEETS.items()
        ]
    )
