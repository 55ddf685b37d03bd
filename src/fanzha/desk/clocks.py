"""A warning's next clock, as the board, its page, 我的待办 and the field page show it.

The clocks of `fanzha.warnings.clocks` (sign, first contact, face to face) run out one after
another; once they are met an open warning still owes its result. A warning 劝阻中 a day after
it arrived, with every clock met, is exactly what the issue saw go unflagged: it gets the
result clock below, and is flagged when that runs out too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fanzha.clocks import Clock, clock_of
from fanzha.i18n import desk as i18n
from fanzha.warnings.models import Warning, WarningStatus

RESULT_WITHIN = timedelta(hours=24)  # an open warning's result is due a day after receipt
_CLOSED = (WarningStatus.closed, WarningStatus.duplicate)


@dataclass(frozen=True)
class NamedClock:
    label: str  # 签收 / 首次联系 / 见面劝阻 / 处置反馈
    clock: Clock

    @property
    def flag(self) -> str:
        """What the board says of a warning whose next clock has run out ("" otherwise)."""
        return i18n.CLOCKS["past"].format(label=self.label) if self.clock.overdue else ""


def next_due(warning: Warning) -> tuple[str, datetime] | None:
    """(which clock, its due instant) of the first clock the warning has not met yet; None
    once it is closed."""
    if warning.status in _CLOSED:
        return None
    if warning.signed_at is None:
        return "sign", warning.sign_due_at
    if not warning.routed and warning.out_of_area_at is None and warning.route_due_at is not None:
        return "route", warning.route_due_at  # routed, or marked 外地对象, in time
    if warning.first_contact_at is None:
        return "contact", warning.contact_due_at
    if warning.face_due_at is not None and warning.face_to_face_at is None:
        return "face", warning.face_due_at
    return "result", warning.received_at + RESULT_WITHIN


def next_clock(warning: Warning, now: datetime) -> NamedClock | None:
    """The warning's next clock as shown (amber within 10 minutes, red once past)."""
    due = next_due(warning)
    if due is None:
        return None
    kind, at = due
    return NamedClock(i18n.CLOCKS[kind], clock_of(at, now, soon=timedelta(minutes=10)))
