"""协查: a stop-payment on an account opened in another city asks that city's center to hold the
money, and records its answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import banks, states
from fanzha.cases.models import (
    AssistRequest,
    AssistStatus,
    StopPayment,
)
from fanzha.cases.schemas import AssistAnswerIn
from fanzha.cases.stop_payments import LIVE_STOP
from fanzha.config import get_settings
from fanzha.i18n import cases as i18n
from fanzha.liaison.asks import answer_due, is_late
from fanzha.money import format_yuan


def set_branch_city(session: Session, actor: Principal, sp: StopPayment, city: str) -> StopPayment:
    """The officer corrects where the account was opened; a city other than ours sends a
    协查 if none went out yet."""
    home = get_settings().city_name
    sp.branch_city = "" if banks.same_city(city, home) else city
    if sp.branch_city and sp.assist is None and sp.status in LIVE_STOP:
        now = clock.now()
        sp.assist = AssistRequest(
            city=sp.branch_city,
            sent_at=now,
            due_at=answer_due(now, get_settings().assist_answer_hours),
        )
        session.flush()
        audit.record(
            session,
            actor,
            AuditAction.assist_transition,
            target_type="assist_requests",
            target_id=sp.assist.id,
            summary=i18n.AUDIT["assist_sent"].format(account=sp.account, city=sp.branch_city),
            detail={"case_id": sp.case_id},
        )
    return sp


def answer_assist(
    session: Session, actor: Principal, assist: AssistRequest, data: AssistAnswerIn
) -> AssistRequest:
    """The other city's center reports what it held. Amounts in fen. Raises IllegalMove
    (409) when it was answered already."""
    sp = assist.stop_payment
    states.apply(
        session,
        actor,
        states.ASSIST,
        assist,
        AssistStatus.answered,
        label=i18n.LABELS["assist"].format(city=assist.city, account=sp.account),
        case_id=sp.case_id,
        note=i18n.LABELS["stop_held"].format(held=format_yuan(data.held_fen)),
    )
    assist.held_fen, assist.note, assist.answered_at = data.held_fen, data.note, clock.now()
    return assist


def late(assist: AssistRequest, now: datetime | None = None) -> bool:
    """The other center answered (or still owes its answer) after `due_at`; a withdrawn
    协查 is never late."""
    if assist.status == AssistStatus.withdrawn:
        return False
    return is_late(assist.due_at, assist.answered_at, now or clock.now())
