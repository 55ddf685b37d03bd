"""Leads (线索下发): the center sends a lead to a unit with a feedback deadline; the unit
answers in its inbox (核查结果, arrests, money recovered); overdue leads are chased by the job
queue and shown in red."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, events, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.config import get_settings
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel import states
from fanzha.linking.errors import (
    LeadAlreadyAnswered,
    LeadArrestsOutOfRange,
    LeadContentMissing,
    LeadDueInPast,
    LeadDueTooFar,
    LeadNotAnswered,
    LeadRecoveredNegative,
    LeadResultMissing,
    LeadTitleMissing,
    LeadTitleTooLong,
    LeadUnitNotFound,
)
from fanzha.linking.models import Gang, Lead, LeadStatus
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.org.models import Unit

CHANNEL = "fanzha_leads"  # events: {"kind": "lead", "id", "unit_id", "status"}
L = LeadStatus
MACHINE = states.machine(
    "lead",
    i18n.SUBJECTS["lead"],
    "leads",
    {L.sent: {L.answered}, L.answered: {L.closed}, L.closed: set()},
    initial={L.sent},
    labels=zh_CN.LEAD_STATUSES,
    action={L.answered: AuditAction.lead_answered, L.closed: AuditAction.lead_closed},
    stamps={L.answered: "answered_at", L.closed: "closed_at"},
)
MAX_DAYS = 90


def send_lead(
    session: Session,
    actor: Principal,
    *,
    unit_id: int,
    title: str,
    content: str,
    due_at: datetime,
    gang: Gang | None = None,
) -> Lead:
    """Send a lead to a unit; its feedback is due at `due_at`."""
    title, content = " ".join((title or "").split()), (content or "").strip()
    if not title:
        raise LeadTitleMissing(field="title")
    if len(title) > 200:
        raise LeadTitleTooLong(field="title")
    if not content:
        raise LeadContentMissing(field="content")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LeadUnitNotFound(field="unit_id")
    now = clock.now()
    if due_at <= now:
        raise LeadDueInPast(field="due_at")
    if due_at > now + timedelta(days=MAX_DAYS):
        raise LeadDueTooFar(days=MAX_DAYS, field="due_at")
    lead = Lead(
        unit_id=unit.id,
        from_unit_id=actor.unit_id or unit.id,
        title=title,
        content=content,
        gang_id=gang.id if gang else None,
        status=LeadStatus.sent,
        sent_at=now,
        due_at=due_at,
        sent_by_id=actor.user_id,
    )
    session.add(lead)
    session.flush()  # the number carries the id
    lead.lead_no = f"XS{now.astimezone(clock.SHANGHAI):%Y%m%d}{lead.id:05d}"
    audit.record(
        session,
        actor,
        AuditAction.lead_sent,
        target_type="leads",
        target_id=lead.id,
        summary=i18n.AUDIT["lead_sent"].format(
            lead_no=lead.lead_no, unit=unit.name, title=title[:60], due=clock.local(due_at)
        ),
    )
    _announce(session, lead)
    return lead


def _announce(session: Session, lead: Lead) -> None:
    events.publish(
        session,
        CHANNEL,
        [{"kind": "lead", "id": lead.id, "unit_id": lead.unit_id, "status": str(lead.status)}],
    )


def is_overdue(lead: Lead, now: datetime | None = None) -> bool:
    return lead.status == LeadStatus.sent and lead.due_at < (now or clock.now())


LEAD_ORDER = ((Lead.status != LeadStatus.sent), Lead.due_at, Lead.id)
LEAD_SORTS: listing.Sorts = {
    "lead_no": [Lead.lead_no],
    "due": [Lead.due_at],
    "status": [Lead.status],
    "sent": [Lead.sent_at],
}


def listed(
    session: Session,
    *,
    inbox_of: Principal | None = None,
    status: str = "",
    limit: int = 100,
    query: listing.ListQuery | None = None,
) -> list[Lead]:
    """Leads, still-open ones first by deadline: those sent to `inbox_of`'s unit and the
    units under it, or (None) every lead the center sent, for the analysts who chase them."""
    return page(
        session, inbox_of=inbox_of, status=status, query=query or listing.ListQuery(size=limit)
    ).rows


def page(
    session: Session,
    *,
    inbox_of: Principal | None,
    status: str = "",
    query: listing.ListQuery,
) -> listing.Page[Lead]:
    """A page of `listed` in the list's order, with the text filter on number, title and
    content and the sent-day window."""
    where = [] if inbox_of is None else [scope.scope_clause(Lead.unit_id, inbox_of)]
    if status in {s.value for s in LeadStatus}:
        where.append(Lead.status == status)
    where += listing.text_match(query, Lead.lead_no, Lead.title, Lead.content)
    where += listing.day_window(Lead.sent_at, query)
    stmt = select(Lead).where(*where).options(selectinload(Lead.unit), selectinload(Lead.gang))
    return listing.paginate(session, stmt, query, LEAD_SORTS, LEAD_ORDER)


def answer(
    session: Session,
    actor: Principal,
    lead: Lead,
    *,
    result: str,
    arrests: int,
    recovered_fen: int,
) -> Lead:
    """The unit's feedback: what the check found, people caught, money recovered."""
    if lead.status != LeadStatus.sent:
        raise LeadAlreadyAnswered()
    result = (result or "").strip()
    if not result:
        raise LeadResultMissing(field="result")
    if not 0 <= arrests <= 10_000:
        raise LeadArrestsOutOfRange(field="arrests")
    if recovered_fen < 0:
        raise LeadRecoveredNegative(field="recovered_yuan")
    late = i18n.LEAD_LATE if clock.now() > lead.due_at else ""
    states.move(
        session,
        MACHINE,
        lead,
        L.answered,
        actor=actor,
        summary=i18n.AUDIT["lead_answered"].format(
            lead_no=lead.lead_no, late=late, arrests=arrests, recovered=format_yuan(recovered_fen)
        ),
    )
    lead.answered_by_id = actor.user_id
    lead.result, lead.arrests, lead.recovered_fen = result, arrests, recovered_fen
    _announce(session, lead)
    return lead


def close(session: Session, actor: Principal, lead: Lead) -> Lead:
    """The center accepts the feedback and closes the lead."""
    if lead.status != LeadStatus.answered:
        raise LeadNotAnswered()
    states.move(
        session,
        MACHINE,
        lead,
        L.closed,
        actor=actor,
        summary=i18n.AUDIT["lead_closed"].format(lead_no=lead.lead_no),
    )
    return lead


def remind_overdue(session: Session, now: datetime) -> list[int]:
    """Chase leads past their deadline: once when it passes, then every
    `lead_reminder_hours` until the unit answers. Idempotent within that interval."""
    interval = timedelta(hours=get_settings().lead_reminder_hours)
    due = list(
        session.scalars(
            select(Lead)
            .where(
                Lead.status == LeadStatus.sent,
                Lead.due_at < now,
                (Lead.last_reminded_at.is_(None)) | (Lead.last_reminded_at <= now - interval),
            )
            .with_for_update(skip_locked=True)
        )
    )
    system = Principal.system(i18n.LEAD_REMINDER)
    for lead in due:
        lead.reminders += 1
        lead.last_reminded_at = now
        audit.record(
            session,
            system,
            AuditAction.lead_reminded,
            target_type="leads",
            target_id=lead.id,
            summary=i18n.AUDIT["lead_reminded"].format(lead_no=lead.lead_no, count=lead.reminders),
        )
        _announce(session, lead)
    return [lead.id for lead in due]
