"""The state machines of the money loop — case, stop-payment, assist, freeze, return — declared
on the kernel (`fanzha.kernel.states`), and `apply`: the kernel's move plus the live event on
the cases channel, so no step can skip the check, the audit entry or the announcement.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from fanzha import events
from fanzha.access import Principal
from fanzha.audit.models import AuditAction
from fanzha.cases.models import (
    AssistStatus,
    CaseStatus,
    FreezeStatus,
    ReturnStatus,
    StopPaymentStatus,
)
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.kernel.states import Machine, NamedMove, machine
from fanzha.kernel.states import move as kernel_move
from fanzha.liaison.asks import AskStatuses, ask_machine

CHANNEL = "fanzha_cases"  # events: {"kind", "id", "case_id", "status"}

C, SP, F, R, A = CaseStatus, StopPaymentStatus, FreezeStatus, ReturnStatus, AssistStatus

CASE = machine(
    "case",
    i18n.SUBJECTS["case"],
    "cases",
    {
        C.draft: frozenset({C.registered, C.voided}),
        C.registered: frozenset({C.closed}),
        C.closed: frozenset(),
        C.voided: frozenset(),
    },
    initial={C.draft},
    labels=zh_CN.CASE_STATUSES,
    action=AuditAction.case_transition,
    stamps={C.registered: "registered_at", C.closed: "closed_at", C.voided: "closed_at"},
    # Only a warning's outcome corrected back to 已被骗 brings a voided draft back, with the
    # correction's reason: the desk then sees the same case number again, not a second draft.
    named=[
        NamedMove(
            i18n.DRAFT_RESTORED,
            frozenset({C.voided}),
            frozenset({C.draft}),
            AuditAction.case_transition,
        )
    ],
)
STOP_PAYMENT = machine(
    "stop_payment",
    i18n.SUBJECTS["stop_payment"],
    "stop_payments",
    {
        SP.requested: frozenset({SP.held, SP.empty, SP.lapsed, SP.released}),
        SP.held: frozenset({SP.frozen, SP.lapsed, SP.released}),
        SP.empty: frozenset({SP.lapsed, SP.released}),
        SP.frozen: frozenset(),
        SP.lapsed: frozenset(),
        SP.released: frozenset(),
    },
    initial={SP.requested},
    labels=zh_CN.STOP_PAYMENT_STATUSES,
    action=AuditAction.stop_payment_transition,
)
# 协查: asking another city's center and waiting for its answer (the shared shape).
ASSIST = ask_machine(
    "assist",
    i18n.SUBJECTS["assist"],
    "assist_requests",
    AskStatuses(sent=A.sent, answered=A.answered, withdrawn=A.withdrawn),
    labels=zh_CN.ASSIST_STATUSES,
    action=AuditAction.assist_transition,
)
FREEZE = machine(
    "freeze",
    i18n.SUBJECTS["freeze"],
    "freezes",
    {
        F.active: frozenset({F.unfreezing, F.lapsed, F.returned}),
        F.unfreezing: frozenset({F.unfrozen}),
        F.unfrozen: frozenset(),
        F.lapsed: frozenset(),
        F.returned: frozenset(),
    },
    initial={F.active},
    labels=zh_CN.FREEZE_STATUSES,
    action=AuditAction.freeze_transition,
)
RETURN = machine(
    "return",
    i18n.SUBJECTS["return"],
    "fund_returns",
    {
        R.noticed: frozenset({R.ready, R.cancelled}),
        R.ready: frozenset({R.ordered, R.cancelled}),
        R.ordered: frozenset({R.done, R.cancelled}),
        R.done: frozenset(),
        R.cancelled: frozenset(),
    },
    initial={R.noticed, R.ready},
    labels=zh_CN.RETURN_STATUSES,
    action=AuditAction.return_transition,
)


def apply(
    session: Session,
    actor: Principal,
    machine: Machine,
    record: Any,
    to: StrEnum,
    *,
    label: str,
    case_id: int,
    note: str = "",
    via: str | None = None,
) -> StrEnum:
    """The kernel's `move` for the money loop (audited with `case_id`), then announced on the
    cases channel. `label` names the record in the audit summary (a case number, an account).
    `via` names a named move. Returns the status it had before; IllegalMove (409) for an
    undeclared move, ReasonRequired (422) for a named move without its `note`."""
    before = kernel_move(
        session,
        machine,
        record,
        to,
        actor=actor,
        reason=note,
        via=via,
        label=label,
        detail={"case_id": case_id},
    )
    events.publish(
        session,
        CHANNEL,
        [{"kind": machine.target_type, "id": record.id, "case_id": case_id, "status": to.value}],
    )
    return before
