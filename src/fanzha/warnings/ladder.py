"""Working a warning: sign, record each contact attempt, escalate to a door visit, claim it,
feed back the outcome, correct it (更正反馈). The warning's machine is declared on the kernel
(`fanzha.kernel.states`); `transition` moves it (checked, stamped, audited) and publishes.

A closed outcome is told to the cases domain by a domain event (WarningClosed,
WarningOutcomeCorrected), not by calling it: `fanzha.cases.reactions` opens or voids the draft."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.errors import Conflict
from fanzha.fields import visible_text
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel import states
from fanzha.kernel.events import dispatch
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.org.models import Grid
from fanzha.warnings import events
from fanzha.warnings.errors import (
    CorrectionChangesNothing,
    GridOutOfScope,
    ProtectedOnlyWhenDissuaded,
    WarningAlreadyClosed,
    WarningFinished,
    WarningFinishedNoRouting,
    WarningNotRouted,
)
from fanzha.warnings.events import WarningClosed, WarningOutcomeCorrected
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
CORRECTION = i18n.CORRECTION
MACHINE = states.machine(
    "warning",
    i18n.SUBJECT,
    "warnings",
    {
        S.received: {S.signed, S.contacting, S.door_visit, S.closed},
        S.signed: {S.contacting, S.door_visit, S.closed},
        S.contacting: {S.door_visit, S.closed},
        S.door_visit: {S.closed},
        S.closed: set(),
        S.duplicate: set(),
    },
    initial={S.received, S.duplicate},
    labels=zh_CN.WARNING_STATUSES,
    action={
        S.signed: AuditAction.warning_signed,
        S.contacting: AuditAction.warning_attempt,
        S.door_visit: AuditAction.warning_door_visit,
        S.closed: AuditAction.warning_closed,
    },
    stamps={S.closed: "closed_at"},
    named=[
        # A closed outcome corrected: the warning stays closed, the platform is told again.
        states.NamedMove(
            CORRECTION,
            frozenset({S.closed}),
            frozenset({S.closed}),
            AuditAction.warning_outcome_corrected,
            stamp="corrected_at",
        )
    ],
)
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


class AlreadyClaimed(Conflict):
    code = "already_claimed"


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
    summary: str = "",
    detail: dict | None = None,
    via: str | None = None,
    reason: str = "",
) -> WarningStatus:
    """The one place a warning changes status: the kernel checks, stamps and audits it; the
    first step taken signs it; the board hears of it. Returns the status before.
    IllegalMove (409) for an undeclared move (a closed warning closed again)."""
    before = states.move(
        session,
        MACHINE,
        warning,
        to,
        actor=actor,
        via=via,
        reason=reason,
        summary=summary,
        detail=detail,
    )
    if warning.signed_at is None and to != S.closed:
        warning.signed_at, warning.signed_by_id = clock.now(), actor.id
    _publish(session, warning, "changed")
    return before


def sign(session: Session, actor: Principal, warning: Warning) -> Warning:
    """签收: the desk or station takes the warning on."""
    lock(session, warning)
    transition(session, actor, warning, S.signed)
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
        raise WarningFinished()
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
    label = i18n.AUDIT["attempt"].format(
        kind=zh_CN.ATTEMPT_KINDS[kind], result=zh_CN.ATTEMPT_RESULTS[result]
    )
    if warning.status in (S.received, S.signed):
        transition(session, actor, warning, S.contacting, summary=label)
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
        raise WarningNotRouted()
    if warning.status == S.door_visit:  # its task was lost (imported data): a new one
        audit.record(
            session,
            actor,
            AuditAction.warning_door_visit,
            target_type="warnings",
            target_id=warning.id,
            summary=i18n.AUDIT["to_door_visit"],
        )
    else:
        transition(session, actor, warning, S.door_visit, summary=i18n.AUDIT["to_door_visit"])
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
        summary=i18n.AUDIT["task_claimed"],
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
    """平台反馈: the outcome, with the money protected when dissuaded; ends live tasks.
    WarningAlreadyClosed (409) when it was fed back already (更正反馈 changes an outcome),
    ProtectedOnlyWhenDissuaded (422), IllegalMove (409) from any other status that may not close."""
    outcome = Outcome(outcome)
    lock(session, warning)
    if warning.status == S.closed:  # the kernel would refuse too; this says what to do instead
        raise WarningAlreadyClosed()
    if outcome != Outcome.dissuaded and protected_fen:
        raise ProtectedOnlyWhenDissuaded(field="protected_yuan")
    transition(
        session,
        actor,
        warning,
        S.closed,
        summary=i18n.AUDIT["outcome"].format(outcome=zh_CN.OUTCOMES[outcome]),
        detail={"outcome": outcome.value, "protected_fen": protected_fen},
    )
    warning.outcome, warning.protected_fen, warning.outcome_note = outcome, protected_fen, note
    warning.closed_by_id = actor.user_id  # None for the system; never an API key's id
    _end_live_tasks(session, warning)
    dispatch(session, WarningClosed(warning_id=warning.id, outcome=outcome, actor=actor))
    return warning


def correct_outcome(
    session: Session,
    actor: Principal,
    warning: Warning,
    *,
    outcome: Outcome,
    protected_fen: int = 0,
    note: str = "",
    reason: str,
) -> Warning:
    """更正反馈: replace a closed warning's outcome (and amount protected); `reason` is required
    and kept. The platform's feed sends the warning again; WarningOutcomeCorrected lets the
    cases domain void or keep the draft the old outcome opened. IllegalMove (409) when
    the warning is not closed; ReasonRequired (422) without a reason; InvalidInput (422) for an
    amount on an outcome other than 已劝阻 or a correction that changes nothing."""
    outcome = Outcome(outcome)
    lock(session, warning)
    if outcome != Outcome.dissuaded and protected_fen:
        raise ProtectedOnlyWhenDissuaded(field="protected_yuan")
    before, before_fen = warning.outcome, warning.protected_fen
    if warning.status == S.closed and (before, before_fen) == (outcome, protected_fen):
        raise CorrectionChangesNothing(field="outcome")
    reason = visible_text(reason)
    was = zh_CN.OUTCOMES[before] if before else ""
    transition(
        session,
        actor,
        warning,
        S.closed,
        via=CORRECTION,
        reason=reason,
        summary=i18n.AUDIT["corrected"].format(
            move=CORRECTION, was=was, now=zh_CN.OUTCOMES[outcome], reason=reason[:80]
        ),
        detail={
            "outcome_before": before.value if before else None,
            "protected_fen_before": before_fen,
            "outcome": outcome.value,
            "protected_fen": protected_fen,
        },
    )
    warning.outcome, warning.protected_fen = outcome, protected_fen
    warning.outcome_note = note.strip() or warning.outcome_note
    warning.correction_reason = reason[:1000]
    dispatch(
        session,
        WarningOutcomeCorrected(
            warning_id=warning.id, before=before, after=outcome, reason=reason, actor=actor
        ),
    )
    return warning


def _end_live_tasks(session: Session, warning: Warning) -> None:
    session.execute(
        update(DoorVisitTask)
        .where(
            DoorVisitTask.warning_id == warning.id,
            DoorVisitTask.status.in_([TaskStatus.open, TaskStatus.claimed]),
        )
        .values(status=TaskStatus.done, done_at=func.now())
    )


def route_manually(session: Session, actor: Principal, warning: Warning, grid_id: int) -> Warning:
    """The center places a warning whose address did not match: to a grid and its station.
    Raises GridOutOfScope (422); WarningFinishedNoRouting (409) once the warning is closed or a
    duplicate (its outcome stays with the unit that worked it, and no board sees it as new)."""
    lock(session, warning)
    if warning.status in (S.closed, S.duplicate):
        raise WarningFinishedNoRouting()
    grid = session.get(Grid, grid_id)
    if grid is None or not scope.unit_in_scope(session, actor, grid.unit_id):
        raise GridOutOfScope(field="grid_id")
    warning.unit, warning.grid, warning.routed = grid.unit, grid, True
    warning.route_note = zh_CN.ROUTE_NOTES["manual"]
    warning.duty_team = org.team_on_duty(session, grid.unit_id)  # on duty now, not at receipt
    audit.record(
        session,
        actor,
        AuditAction.warning_rerouted,
        target_type="warnings",
        target_id=warning.id,
        summary=i18n.AUDIT["routed"].format(unit=grid.unit.name, grid=grid.code),
    )
    _publish(session, warning, "new")
    return warning
