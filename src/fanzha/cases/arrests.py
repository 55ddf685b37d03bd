"""抓获嫌疑人: arrests entered on a case by its officers (the leaders' "suspects arrested"
figure counts them by the day of the arrest and the case's unit)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases.errors import ArrestDateOutOfRange, CaseNotRegistered
from fanzha.cases.models import Case, CaseArrest, CaseStatus
from fanzha.cases.schemas import ArrestIn
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN


def _today() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def enter_arrest(session: Session, actor: Principal, case: Case, data: ArrestIn) -> CaseArrest:
    """Record `data.suspects` suspects arrested on `data.arrested_on` (a local day) for
    `case`, audited. Raises CaseNotRegistered (409) for a draft or voided case and
    ArrestDateOutOfRange (422) for a day before the report or after today."""
    if case.status not in (CaseStatus.registered, CaseStatus.closed):
        raise CaseNotRegistered(status=zh_CN.CASE_STATUSES[case.status])
    first = case.reported_at.astimezone(clock.SHANGHAI).date()
    last = _today()
    if not first <= data.arrested_on <= last:
        raise ArrestDateOutOfRange(
            field="arrested_on", first=first.isoformat(), last=last.isoformat()
        )
    record = CaseArrest(
        case_id=case.id,
        arrested_on=data.arrested_on,
        suspects=data.suspects,
        note=data.note,
        created_by_id=actor.user_id,
    )
    session.add(record)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.arrest_entered,
        target_type="cases",
        target_id=case.id,
        summary=i18n.AUDIT["arrest_entered"].format(
            case_no=case.case_no, suspects=data.suspects, day=data.arrested_on.isoformat()
        ),
        detail={"arrest_id": record.id, "suspects": data.suspects},
    )
    return record


def arrests_of(session: Session, case: Case) -> list[CaseArrest]:
    """The case's arrests, by day then entry."""
    return list(
        session.scalars(
            select(CaseArrest)
            .where(CaseArrest.case_id == case.id)
            .order_by(CaseArrest.arrested_on, CaseArrest.id)
        )
    )
