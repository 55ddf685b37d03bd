"""Asking another center and waiting for its answer: one state machine shape, one deadline
and one lateness rule for every 协查 (a stop-payment on an account in another city, a warning
transferred to the city where the person is).

Pure apart from the kernel: each asking record declares its own statuses (its enum, its
table) and gets its machine from `ask_machine`; `answer_due` and `is_late` are the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fanzha.kernel.states import Machine, machine


@dataclass(frozen=True)
class AskStatuses:
    """The record's own values for each step: sent (已发送/已移交), received by the other
    center (已接收; None when that step is not recorded), answered (已反馈), withdrawn."""

    sent: Any
    answered: Any
    withdrawn: Any
    received: Any = None


def ask_machine(
    name: str,
    subject: str,
    target_type: str,
    statuses: AskStatuses,
    *,
    labels: Mapping[str, str],
    action: str | Mapping[Any, str] | None,
    stamps: Mapping[Any, str] | None = None,
) -> Machine:
    """sent → (received →) answered, and withdrawn while no answer came. Created sent."""
    s = statuses
    moves: dict[Any, set[Any]] = {
        s.sent: {s.answered, s.withdrawn},
        s.answered: set(),
        s.withdrawn: set(),
    }
    if s.received is not None:
        moves[s.sent].add(s.received)
        moves[s.received] = {s.answered, s.withdrawn}
    return machine(
        name,
        subject,
        target_type,
        moves,
        initial={s.sent, s.received} - {None},
        labels=labels,
        action=action,
        stamps=stamps,
    )


def answer_due(sent_at: datetime, hours: int) -> datetime:
    """When the answer is owed: `hours` after the ask went out (or came in)."""
    return sent_at + timedelta(hours=hours)


def is_late(due_at: datetime | None, answered_at: datetime | None, now: datetime) -> bool:
    """Answered after its deadline, or not answered and the deadline has passed."""
    if due_at is None:
        return False
    return (answered_at or now) > due_at


def answer_hours(sent_at: datetime, answered_at: datetime | None) -> float | None:
    """How long the answer took, in hours (None while unanswered)."""
    if answered_at is None:
        return None
    return (answered_at - sent_at).total_seconds() / 3600
