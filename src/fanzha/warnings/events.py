"""The warnings' events: live ones for the board (a new or changed warning, delivered on
commit), and domain events for other domains to react to in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fanzha import events
from fanzha.kernel.events import DomainEvent

CHANNEL = "fanzha_warnings"


def publish(session: Session, batch: Iterable[dict]) -> None:
    """Queue events {"id", "unit_path", "grade", "kind"} for delivery when the caller commits."""
    events.publish(session, CHANNEL, batch)


@dataclass(frozen=True)
class WarningClosed(DomainEvent):
    """平台反馈 recorded: the warning is closed with `outcome` (an Outcome)."""

    warning_id: int
    outcome: Any
    actor: Any  # the Principal who fed it back


@dataclass(frozen=True)
class WarningOutcomeCorrected(DomainEvent):
    """更正反馈: a closed warning's outcome went from `before` to `after`, for `reason`."""

    warning_id: int
    before: Any
    after: Any
    reason: str
    actor: Any
