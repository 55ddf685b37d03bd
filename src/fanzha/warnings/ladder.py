"""Working a warning: sign, record each contact attempt, escalate to a door visit, claim it,
feed back the outcome. One transition table; one function applies it, audits and publishes."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.cases import service as cases
from fanzha.errors import Conflict, InvalidInput
from fanzha.i18n import zh_CN
from fanzha.org import service as org
from fanzha.org.models import Grid
from fanzha.warnings import events
from fanzha.warnings.models import (
    AttemptKind,
    AttemptResult,
    ContactAttempt,
    DoorVisitTask,
    Outcome,
    TaskStatus,
    Warning,
    WarningStatus,
)

S = WarningStatus
ALLOWED: dict[WarningStatus, frozenset[WarningStatus]] = {
    S.received: frozenset({S.signed, S.contacting, S.door_visit, S.closed}),
    S.signed: frozenset({S.contacting, S.door_visit, S.closed}),
    S.contacting: frozenset({S.door_visit, S.closed}),
    S.door_visit: frozenset({S.closed}),
    S.closed: frozenset(),
    S.duplicate: frozenset(),
}
# Results that mean nobody was reached: three in a row offer the door visit.
FAILED_RESULTS = frozenset(
    {
        AttemptResult.no_answer,
        AttemptResult.rejected,
        AttemptResult.busy,
        AttemptResult.powered_off,
        AttemptResult.invalid_number,
        AttemptResult.not_reached,
    }
)
ESCALATE_AFTER_FAILURES = 3


class IllegalTransition(Conflict):
    code = "illegal_transition"

    def __init__(self, current: WarningStatus, target: WarningStatus) -> None:
        super().__init__(
            f"预警当前为“{zh_CN.WARNING_STATUSES[current]}”，"
            f"不能变为“{zh_CN.WARNING_STATUSES[target]}”"
        )


class AlreadyClaimed(Conflict):
    code = "already_claimed"
    message = "该任务已被他人认领"


def _publish(session: Session, warning: Warning, kind: str) -> None:
    events.publish(
        session,
        [
            {
                "id": warning.id,
                "unit_path": warning.unit.path,
                "grade": warning.grade.value,
                "kind": kind,
            }
        ],
    )


def lock(session: Session, warning: Warning) -> None:
    """Hold `warning`'s row to the end of the transaction and re-read it. Simultaneous changes
    to one warning (fifty attempts at once, two escalations) take turns, each seeing the one
    before; the wait is bounded by the connection's lock_timeout (503 "系统繁忙" after it)."""
    session.refresh(warning, with_for_update={"key_share": True})  # FOR NO KEY UPDATE


def transition(
    session: Session,
    actor: Principal,
    warning: Warning,
    to: WarningStatus,
    *,
    action: AuditAction,
    summary: str = "",
    detail: dict | None = None,
) -> None:
    """The one place a warning changes status: checked, audited, published."""
    if to != warning.status and to not in ALLOWED[warning.status]:
        raise IllegalTransition(warning.status, to)
    before = warning.status
    warning.status = to
    if warning.signed_at is None and to != S.closed:
        warning.signed_at, warning.signed_by_id = clock.now(), actor.id
    audit.record(
        session,
        actor,
        action,
        target_type="warnings",
        target_id=warning.id,
        summary=summary or f"{zh_CN.WARNING_STATUSES[before]} → {zh_CN.WARNING_STATUSES[to]}",
        detail=detail,
    )
    _publish(session, warning, "changed")


def sign(session: Session, actor: Principal, warning: Warning) -> Warning:
    """签收: the desk or station takes the warning on."""
    lock(session, warning)
    if warning.status != S.received:
        raise IllegalTransition(warning.status, S.signed)
    transition(session, actor, warning, S.signed, action=AuditAction.warning_signed)
    return warning


def record_attempt(
    session: Session,
    actor: Principal,
    warning: Warning,
    *,
    kind: AttemptKind,
    result: AttemptResult,
    note: str = "",
) -> tuple[ContactAttempt, bool]:
    """Log one contact attempt; returns it and whether a door visit should now be offered
    (three failures in a row)."""
    lock(session, warning)
    if warning.status in (S.closed, S.duplicate):
        raise Conflict("该预警已反馈或为重复预警，不能再记录劝阻")
    moment = clock.now()
    attempt = ContactAttempt(
        warning_id=warning.id,
        kind=kind,
        result=result,
        at=moment,
        by_user_id=actor.user_id,
        note=note,
    )
    session.add(attempt)
    warning.attempt_count += 1
    if warning.first_contact_at is None:
        warning.first_contact_at = moment
    if kind == AttemptKind.door_visit and result == AttemptResult.reached:
        warning.face_to_face_at = warning.face_to_face_at or moment
    label = f"{zh_CN.ATTEMPT_KINDS[kind]}：{zh_CN.ATTEMPT_RESULTS[result]}"
    if warning.status in (S.received, S.signed):
        transition(
            session, actor, warning, S.contacting, action=AuditAction.warning_attempt, summary=label
        )
    else:
        audit.record(
            session,
            actor,
            AuditAction.warning_attempt,
            target_type="warnings",
            target_id=warning.id,
            summary=label,
        )
        _publish(session, warning, "changed")
    session.flush()  # the failure streak below counts this attempt
    recent = session.scalars(
        select(ContactAttempt.result)
        .where(ContactAttempt.warning_id == warning.id)
        .order_by(ContactAttempt.id.desc())
        .limit(ESCALATE_AFTER_FAILURES)
    )
    streak = [r for r in recent if r in FAILED_RESULTS]
    offer = len(streak) == ESCALATE_AFTER_FAILURES and warning.status != S.door_visit
    return attempt, offer


def escalate_to_door_visit(session: Session, actor: Principal, warning: Warning) -> DoorVisitTask:
    """联系不上，转上门: one live door-visit task for the grid's staff and the station."""
    lock(session, warning)
    live = session.scalar(
        select(DoorVisitTask).where(
            DoorVisitTask.warning_id == warning.id,
            DoorVisitTask.status.in_([TaskStatus.open, TaskStatus.claimed]),
        )
    )
    if live is not None:
        return live
    if not warning.routed:
        raise InvalidInput("该预警尚未分派到辖区，请先人工分派再转上门")
    transition(
        session,
        actor,
        warning,
        S.door_visit,
        action=AuditAction.warning_door_visit,
        summary="联系不上，转上门",
    )
    task = DoorVisitTask(
        warning_id=warning.id,
        unit_id=warning.unit_id,
        grid_id=warning.grid_id,
        created_by_id=actor.user_id,
    )
    session.add(task)
    session.flush()  # the caller links to the task
    return task


def claim(session: Session, actor: Principal, task: DoorVisitTask) -> DoorVisitTask:
    """Take a door-visit task. One conditional UPDATE: of simultaneous claims one wins."""
    won = session.execute(
        update(DoorVisitTask)
        .where(DoorVisitTask.id == task.id, DoorVisitTask.status == TaskStatus.open)
        .values(status=TaskStatus.claimed, claimed_by_id=actor.id, claimed_at=func.now())
        .returning(DoorVisitTask.id)
    ).scalar()
    if won is None:
        raise AlreadyClaimed()
    session.refresh(task)
    audit.record(
        session,
        actor,
        AuditAction.warning_claimed,
        target_type="warnings",
        target_id=task.warning_id,
        summary="认领上门任务",
        detail={"task_id": task.id},
    )
    _publish(session, task.warning, "changed")
    return task


def close(
    session: Session,
    actor: Principal,
    warning: Warning,
    *,
    outcome: Outcome,
    protected_fen: int = 0,
    note: str = "",
) -> Warning:
    """平台反馈: the outcome, with the money protected when dissuaded; ends live tasks."""
    outcome = Outcome(outcome)
    lock(session, warning)
    if outcome != Outcome.dissuaded and protected_fen:
        raise InvalidInput("只有“已劝阻”可以填写挽回金额", field="protected_yuan")
    transition(
        session,
        actor,
        warning,
        S.closed,
        action=AuditAction.warning_closed,
        summary=f"反馈：{zh_CN.OUTCOMES[outcome]}",
        detail={"outcome": outcome.value, "protected_fen": protected_fen},
    )
    warning.outcome, warning.protected_fen, warning.outcome_note = outcome, protected_fen, note
    warning.closed_at, warning.closed_by_id = clock.now(), actor.id
    if outcome == Outcome.defrauded:
        cases.open_draft_from_warning(session, actor, warning)
    session.execute(
        update(DoorVisitTask)
        .where(
            DoorVisitTask.warning_id == warning.id,
            DoorVisitTask.status.in_([TaskStatus.open, TaskStatus.claimed]),
        )
        .values(status=TaskStatus.done, done_at=func.now())
    )
    return warning


def route_manually(session: Session, actor: Principal, warning: Warning, grid_id: int) -> Warning:
    """The center places a warning whose address did not match: to a grid and its station."""
    grid = session.get(Grid, grid_id)
    if grid is None or not org.unit_in_scope(session, actor, grid.unit_id):
        raise InvalidInput("所选网格不存在或不在您的管辖范围", field="grid_id")
    warning.unit, warning.grid, warning.routed = grid.unit, grid, True
    warning.route_note = zh_CN.ROUTE_NOTES["manual"]
    warning.duty_team = org.team_on_duty(session, grid.unit_id)  # on duty now, not at receipt
    audit.record(
        session,
        actor,
        AuditAction.warning_rerouted,
        target_type="warnings",
        target_id=warning.id,
        summary=f"分派至{grid.unit.name} {grid.code}",
    )
    _publish(session, warning, "new")
    return warning
