"""Legal holds (保全): set and released by an officer with a reason, audited; a record under a
live hold is skipped by the purge (fanzha.retention.purge)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.fields import visible_text
from fanzha.i18n import retention as i18n
from fanzha.retention.errors import HoldExists, HoldMissing, HoldReasonMissing, HoldReasonTooLong
from fanzha.retention.models import HoldTarget, LegalHold

MAX_REASON = 500


def _reason(text: str | None, field: str) -> str:
    reason = visible_text(text)
    if not reason:
        raise HoldReasonMissing(field=field)
    if len(reason) > MAX_REASON:
        raise HoldReasonTooLong(max=MAX_REASON, field=field)
    return reason


def live_hold(session: Session, target: HoldTarget, target_id: int) -> LegalHold | None:
    """The hold in force on one record, or None."""
    return session.scalar(
        select(LegalHold).where(
            LegalHold.target_type == target.value,
            LegalHold.target_id == target_id,
            LegalHold.released_at.is_(None),
        )
    )


def set_hold(
    session: Session, actor: Principal, target: HoldTarget, target_id: int, reason: str | None
) -> LegalHold:
    """Put a record under hold. The caller has checked the record is in the actor's scope.
    Raises HoldReasonMissing/HoldReasonTooLong (field "reason"), HoldExists (409)."""
    text = _reason(reason, "reason")
    if live_hold(session, target, target_id) is not None:
        raise HoldExists()
    hold = LegalHold(
        target_type=target.value,
        target_id=target_id,
        reason=text,
        set_at=clock.now(),
        set_by_id=actor.user_id,
    )
    session.add(hold)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.legal_hold_set,
        target_type=target.audit_type,
        target_id=target_id,
        summary=i18n.HOLD_SET.format(target=i18n.HOLD_TARGETS[target.value], reason=text),
        detail={"hold_id": hold.id, "reason": text},
    )
    return hold


def release_hold(
    session: Session, actor: Principal, target: HoldTarget, target_id: int, reason: str | None
) -> LegalHold:
    """Release the live hold of a record; the row stays with who released it and why.
    Raises HoldReasonMissing/HoldReasonTooLong (field "release_reason"), HoldMissing (409)."""
    text = _reason(reason, "release_reason")
    hold = live_hold(session, target, target_id)
    if hold is None:
        raise HoldMissing()
    hold.released_at = clock.now()
    hold.released_by_id = actor.user_id
    hold.release_reason = text
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.legal_hold_released,
        target_type=target.audit_type,
        target_id=target_id,
        summary=i18n.HOLD_RELEASED.format(target=i18n.HOLD_TARGETS[target.value], reason=text),
        detail={"hold_id": hold.id, "reason": text},
    )
    return hold
