"""The clock sweep: warnings whose clock ran out are escalated once per clock, audited and
announced, so the unit's board, its leader and the center see them in red.

Idempotent and driven by the `*_due_at` columns: run it as often as you like, after any
restart; it only acts on what is overdue now and not yet escalated for that clock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import warnings as i18n
from fanzha.org.models import Unit
from fanzha.warnings import events
from fanzha.warnings.board import OPEN, late_clock
from fanzha.warnings.models import Warning


def escalate_overdue(session: Session, now: datetime) -> list[int]:
    """Escalate every warning whose clock has run out; returns their ids."""
    late = late_clock(now)
    rows = session.execute(
        update(Warning)
        .where(OPEN, late.is_not(None), Warning.escalation.is_distinct_from(late))
        .values(escalated_at=now, escalation=late)
        .returning(Warning.id, Warning.grade, Warning.escalation, Warning.unit_id)
        .execution_options(synchronize_session=False)
    ).all()
    paths = dict(
        session.execute(select(Unit.id, Unit.path).where(Unit.id.in_({r[3] for r in rows}))).all()
    )
    system = Principal.system(i18n.TIMER)
    for warning_id, _, clock_name, _ in rows:
        audit.record(
            session,
            system,
            AuditAction.warning_escalated,
            target_type="warnings",
            target_id=warning_id,
            summary=clock_name,
        )
    events.publish(
        session,
        (
            {"id": wid, "unit_path": paths[unit_id], "grade": grade, "kind": "escalated"}
            for wid, grade, _, unit_id in rows
        ),
    )
    return [row[0] for row in rows]
