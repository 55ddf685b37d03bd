"""Domain events of the holiday schedule: the cases domain recomputes its running
working-day deadlines when the schedule in force changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fanzha.kernel.events import DomainEvent


@dataclass(frozen=True)
class HolidayScheduleChanged(DomainEvent):
    """The schedule in force changed for `years` (a year completed, a date of a complete
    year or an override added or removed)."""

    years: tuple[int, ...]
    actor: Any  # the Principal who entered it
