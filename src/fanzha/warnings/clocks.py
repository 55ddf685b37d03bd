"""The warning clocks: when it must be signed, first contacted and seen face to face.

Pure. Minutes per grade are a policy a city may change; the defaults follow DOMAIN.md:
紧急 handled like a 110 call (face to face at once), 高危 face to face within 24 h, 中危 and
低危 by phone first with a scheduled visit by community staff (no face-to-face clock).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta


def _minutes(**values: int | None) -> dict[str, int | None]:
    return values


@dataclass(frozen=True)
class ClockPolicy:
    sign: dict[str, int | None] = field(
        default_factory=lambda: _minutes(urgent=1, high=5, medium=15, low=30)
    )
    first_contact: dict[str, int | None] = field(
        default_factory=lambda: _minutes(urgent=3, high=15, medium=60, low=240)
    )
    face_to_face: dict[str, int | None] = field(
        default_factory=lambda: _minutes(urgent=30, high=24 * 60, medium=None, low=None)
    )
    # Only for a warning the gazetteer could not place: routed, or marked 外地对象, in time.
    route: dict[str, int | None] = field(
        default_factory=lambda: _minutes(urgent=3, high=10, medium=30, low=60)
    )


@dataclass(frozen=True)
class Deadlines:
    sign_due_at: datetime
    contact_due_at: datetime
    face_due_at: datetime | None
    route_due_at: datetime | None = None


def deadlines(
    grade: str, received_at: datetime, policy: ClockPolicy, *, routed: bool = True
) -> Deadlines:
    """The clocks of a warning of `grade` received at `received_at`; the routing clock only
    when the gazetteer could not place it (`routed` False)."""

    def due(table: dict[str, int | None]) -> datetime | None:
        minutes = table.get(grade)
        return None if minutes is None else received_at + timedelta(minutes=minutes)

    sign, contact = due(policy.sign), due(policy.first_contact)
    assert sign is not None and contact is not None  # every grade has these two clocks
    return Deadlines(
        sign_due_at=sign,
        contact_due_at=contact,
        face_due_at=due(policy.face_to_face),
        route_due_at=None if routed else due(policy.route),
    )
