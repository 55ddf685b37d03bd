"""Every status move leaves an audit entry: the audit domain listens to the state-machine
kernel's `StatusMoved` (the kernel sits below audit and cannot call it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.kernel.events import subscribe
from fanzha.kernel.states import StatusMoved


@subscribe(StatusMoved)
def record_move(session: Session, event: StatusMoved) -> None:
    """One entry per move, in the move's transaction: from, to, reason and the caller's detail.
    A machine declared without an audit action (a job's own progress) writes none."""
    if event.action is None:
        return
    detail = {"from": str(event.before), "to": str(event.after), **event.detail}
    if event.reason:
        detail["reason"] = event.reason
    audit.record(
        session,
        event.actor,
        AuditAction(event.action),
        target_type=event.target_type,
        target_id=event.record_id,
        summary=event.summary,
        detail=detail,
    )
