"""The four state machines of the money loop — case, stop-payment, freeze, return — and the one
function that moves any of them: it checks the table, sets the status, writes the audit entry
and emits the live event, so no step can skip one of the three.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from fanzha import events
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.permissions import Principal
from fanzha.cases.models import (
    AssistStatus,
    CaseStatus,
    FreezeStatus,
    ReturnStatus,
    StopPaymentStatus,
)
from fanzha.errors import Conflict
from fanzha.i18n import zh_CN

CHANNEL = "fanzha_cases"  # events: {"kind", "id", "case_id", "status"}


class IllegalTransition(Conflict):
    code = "illegal_transition"


@dataclass(frozen=True)
class StateMachine:
    subject: str  # 案件 / 止付 / 冻结 / 返还 / 协查
    allowed: Mapping[Any, frozenset]
    labels: Mapping[str, str]
    action: AuditAction
    target_type: str

    def check(self, current: StrEnum, to: StrEnum) -> None:
        if to not in self.allowed[current]:
            raise IllegalTransition(
                f"{self.subject}当前为“{self.labels[current]}”，不能变为“{self.labels[to]}”"
            )


C, SP, F, R, A = CaseStatus, StopPaymentStatus, FreezeStatus, ReturnStatus, AssistStatus

CASE = StateMachine(
    "案件",
    {
        C.draft: frozenset({C.registered, C.voided}),
        C.registered: frozenset({C.closed}),
        C.closed: frozenset(),
        C.voided: frozenset(),
    },
    zh_CN.CASE_STATUSES,
    AuditAction.case_transition,
    "cases",
)
STOP_PAYMENT = StateMachine(
    "止付",
    {
        SP.requested: frozenset({SP.held, SP.empty, SP.lapsed, SP.released}),
        SP.held: frozenset({SP.frozen, SP.lapsed, SP.released}),
        SP.empty: frozenset({SP.lapsed, SP.released}),
        SP.frozen: frozenset(),
        SP.lapsed: frozenset(),
        SP.released: frozenset(),
    },
    zh_CN.STOP_PAYMENT_STATUSES,
    AuditAction.stop_payment_transition,
    "stop_payments",
)
ASSIST = StateMachine(
    "协查",
    {
        A.sent: frozenset({A.answered, A.withdrawn}),
        A.answered: frozenset(),
        A.withdrawn: frozenset(),
    },
    zh_CN.ASSIST_STATUSES,
    AuditAction.assist_transition,
    "assist_requests",
)
FREEZE = StateMachine(
    "冻结",
    {
        F.active: frozenset({F.unfreezing, F.lapsed, F.returned}),
        F.unfreezing: frozenset({F.unfrozen}),
        F.unfrozen: frozenset(),
        F.lapsed: frozenset(),
        F.returned: frozenset(),
    },
    zh_CN.FREEZE_STATUSES,
    AuditAction.freeze_transition,
    "freezes",
)
RETURN = StateMachine(
    "返还",
    {
        R.noticed: frozenset({R.ready, R.cancelled}),
        R.ready: frozenset({R.ordered, R.cancelled}),
        R.ordered: frozenset({R.done, R.cancelled}),
        R.done: frozenset(),
        R.cancelled: frozenset(),
    },
    zh_CN.RETURN_STATUSES,
    AuditAction.return_transition,
    "fund_returns",
)


def move(
    session: Session,
    actor: Principal,
    machine: StateMachine,
    record: Any,
    to: StrEnum,
    *,
    label: str,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> StrEnum:
    """Check the table, set `record.status` (anything with `id` and `status`) and write the
    audit entry; the status it had before. `label` names it in the summary."""
    machine.check(record.status, to)
    before, record.status = record.status, to
    audit.record(
        session,
        actor,
        machine.action,
        target_type=machine.target_type,
        target_id=record.id,
        summary=f"{label}：{machine.labels[before]} → {machine.labels[to]}"
        + (f"（{note}）" if note else ""),
        detail={"from": before.value, "to": to.value, **(detail or {})},
    )
    return before


def apply(
    session: Session,
    actor: Principal,
    machine: StateMachine,
    record: Any,
    to: StrEnum,
    *,
    label: str,
    case_id: int,
    note: str = "",
) -> None:
    """`move` for the money loop, announced on the cases channel. `label` names the record in
    the audit summary (a case number, an account)."""
    move(session, actor, machine, record, to, label=label, note=note, detail={"case_id": case_id})
    events.publish(
        session,
        CHANNEL,
        [{"kind": machine.target_type, "id": record.id, "case_id": case_id, "status": to.value}],
    )
