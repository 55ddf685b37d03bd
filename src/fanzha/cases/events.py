"""What the cases domain announces (`fanzha.kernel.events`): other domains react to these in the
same transaction without cases importing them (the links follow a case's accounts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fanzha.kernel.events import DomainEvent


@dataclass(frozen=True)
class TransfersAdded(DomainEvent):
    """Transfers were recorded on a case: the accounts the victim paid into, the earliest
    transfer's time, and the user who entered them (None for the system)."""

    case_id: int
    receiving_accounts: tuple[str, ...]
    first_at: datetime
    added_by_id: int | None


@dataclass(frozen=True)
class CaseVoided(DomainEvent):
    """A case was voided: whatever was derived from it no longer stands."""

    case_id: int
