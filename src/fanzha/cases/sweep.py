"""The sweep the job queue runs: lapse the stop-payments and freezes that ran out and raise
the freeze reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock, deadlines, events
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import states
from fanzha.cases.models import (
    Freeze,
    StopPayment,
)
from fanzha.cases.stop_payments import LIVE_STOP, SP, F, move
from fanzha.i18n import cases as i18n


@dataclass(frozen=True)
class SweepResult:
    stop_payments_lapsed: int
    freezes_lapsed: int
    reminders: int


def sweep(session: Session, now: datetime) -> SweepResult:
    """Lapse stop-payments and freezes whose time ran out, and raise each freeze's 7-day and
    1-day reminder once per term. Idempotent: it acts only on what is due now and not yet
    done, so running it after a restart catches up without repeating itself."""
    system = Principal.system(i18n.TIMER)
    lapsed_stops = session.scalars(
        select(StopPayment)
        .where(StopPayment.status.in_(LIVE_STOP), StopPayment.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for sp in lapsed_stops:
        move(session, system, sp, SP.lapsed)
        sp.closed_at = now
    lapsed_freezes = session.scalars(
        select(Freeze)
        .where(Freeze.status == F.active, Freeze.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for record in lapsed_freezes:
        move(session, system, record, F.lapsed, i18n.MOVE_NOTES["freeze_lapsed"])
        record.closed_at = now
    week, day = deadlines.FREEZE_REMINDERS
    due_soon = session.scalars(
        select(Freeze)
        .where(
            Freeze.status == F.active,
            Freeze.expires_at <= now + week,
            (Freeze.reminded_7d_at.is_(None))
            | ((Freeze.expires_at <= now + day) & Freeze.reminded_1d_at.is_(None)),
        )
        .with_for_update(skip_locked=True)
    ).all()
    for record in due_soon:
        within_day = record.expires_at <= now + day
        record.reminded_7d_at = record.reminded_7d_at or now
        if within_day:
            record.reminded_1d_at = now
        audit.record(
            session,
            system,
            AuditAction.freeze_reminded,
            target_type="freezes",
            target_id=record.id,
            summary=i18n.AUDIT["freeze_reminded"].format(
                account=record.account,
                until=clock.local(record.expires_at),
                within=i18n.REMINDER_WINDOWS["day" if within_day else "week"],
            ),
            detail={"case_id": record.case_id},
        )
    if due_soon:
        events.publish(
            session,
            states.CHANNEL,
            [
                {"kind": "freeze_reminder", "id": r.id, "case_id": r.case_id, "status": "active"}
                for r in due_soon
            ],
        )
    return SweepResult(len(lapsed_stops), len(lapsed_freezes), len(due_soon))
