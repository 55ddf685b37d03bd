"""The clock sweep: warnings whose clock ran out are escalated once per clock, audited and
announced, so the unit's board, its leader and the center see them in red.

Idempotent and driven by the `*_due_at` columns: run it as often as you like, after any
restart; it only acts on what is overdue now and not yet escalated for that clock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.warnings import events

# The clock that ran out, most urgent first; NULL when none has.
_LATE_CLOCK = """
CASE
  WHEN w.signed_at IS NULL AND w.sign_due_at < :now THEN '签收超时'
  WHEN w.first_contact_at IS NULL AND w.contact_due_at < :now THEN '首次联系超时'
  WHEN w.face_due_at IS NOT NULL AND w.face_to_face_at IS NULL AND w.face_due_at < :now
    THEN '见面劝阻超时'
END
"""

_SWEEP = text(f"""
WITH late AS (
    SELECT w.id, {_LATE_CLOCK} AS clock
    FROM warnings AS w
    WHERE w.status NOT IN ('closed', 'duplicate')
)
UPDATE warnings AS w
SET escalated_at = :now, escalation = late.clock
FROM late, units AS u
WHERE w.id = late.id AND u.id = w.unit_id
  AND late.clock IS NOT NULL AND w.escalation IS DISTINCT FROM late.clock
RETURNING w.id, w.grade, late.clock, u.path
""").bindparams(bindparam("now"))


def escalate_overdue(session: Session, now: datetime) -> list[int]:
    """Escalate every warning whose clock has run out; returns their ids."""
    rows = session.execute(_SWEEP, {"now": now}).all()
    system = Principal.system("计时器")
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
            {"id": wid, "unit_path": path, "grade": grade, "kind": "escalated"}
            for wid, grade, _, path in rows
        ),
    )
    return [row[0] for row in rows]
