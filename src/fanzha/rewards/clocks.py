"""The 15-day payment clock: a reminder `reward_remind_days` before it runs out, an alarm once
it has — each once per application and term (stamped, so the job may run any number of times)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit.models import AuditAction
from fanzha.audit.service import record as audit
from fanzha.config import get_settings
from fanzha.i18n import rewards as i18n
from fanzha.rewards.models import RewardApplication, RewardStatus


def chase(session: Session, now: datetime) -> tuple[list[int], list[int]]:
    """Remind of confirmed rewards whose payment is due within the reminder window, and alarm
    on those past due unpaid. Returns (reminded ids, lapsed ids)."""
    system = Principal.system(i18n.ACTOR_CLOCK)
    soon = now + timedelta(days=get_settings().reward_remind_days)
    confirmed = (
        select(RewardApplication)
        .where(RewardApplication.status == RewardStatus.confirmed)
        .with_for_update(skip_locked=True)
    )
    reminded: list[int] = []
    for app in session.scalars(
        confirmed.where(
            RewardApplication.reminded_at.is_(None),
            RewardApplication.pay_due_at <= soon,
            RewardApplication.pay_due_at > now,
        )
    ):
        app.reminded_at = now
        _note(session, system, app, AuditAction.reward_pay_reminded, "reminded")
        reminded.append(app.id)
    lapsed: list[int] = []
    for app in session.scalars(
        confirmed.where(RewardApplication.lapsed_at.is_(None), RewardApplication.pay_due_at <= now)
    ):
        app.lapsed_at = now
        _note(session, system, app, AuditAction.reward_pay_lapsed, "lapsed")
        lapsed.append(app.id)
    return reminded, lapsed


def _note(session, system, app, action, key) -> None:
    audit(
        session,
        system,
        action,
        target_type="reward_applications",
        target_id=app.id,
        summary=i18n.AUDIT[key].format(number=app.number, due=clock.local(app.pay_due_at)),
    )


def is_lapsed(app: RewardApplication, now: datetime) -> bool:
    """Past its payment deadline: unpaid now, or paid after it."""
    if app.pay_due_at is None:
        return False
    return (app.paid_at or now) > app.pay_due_at
