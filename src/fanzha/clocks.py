"""How every deadline and elapsed time is shown: one place, so the board, the record and the
field page say the same thing ("至 11-30 14:05 · 剩余 1天3小时", "已过 2天4小时").

Pure: instants in, text out. The arithmetic of the deadlines themselves lives in
`fanzha.deadlines`; this module only displays them, reusing its countdown and its spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fanzha import clock, deadlines
from fanzha.i18n import common as i18n


@dataclass(frozen=True)
class Clock:
    """One deadline as shown: its due time in Shanghai and the time left or overdue."""

    due_at: datetime
    due_text: str  # 11-30 14:05 (with the year only when it is not this year)
    state: str  # ok / soon / overdue
    left_text: str  # 剩余 1天3小时 / 已超时 5分钟
    seconds_left: int  # negative once overdue; for ordering "overdue first"

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def due_text(due_at: datetime, now: datetime) -> str:
    """The due instant as a wall-clock reading; the year only when it differs from now's."""
    same_year = due_at.astimezone(clock.SHANGHAI).year == now.astimezone(clock.SHANGHAI).year
    return clock.local(due_at, "%m-%d %H:%M" if same_year else "%Y-%m-%d %H:%M")


def clock_of(due_at: datetime, now: datetime, *, soon: timedelta = timedelta(hours=1)) -> Clock:
    """A deadline as the clocks show it: due time, amber within `soon`, red once past."""
    countdown = deadlines.countdown(due_at, now, soon=soon)
    return Clock(
        due_at=due_at,
        due_text=due_text(due_at, now),
        state=countdown.state,
        left_text=countdown.text,
        seconds_left=int((due_at - now).total_seconds()),
    )


def span(delta: timedelta) -> str:
    """A duration in 天/小时/分钟 (never "47743 分钟"); negative durations count as zero."""
    return deadlines._span(max(delta, timedelta(0)))  # the one span format


def elapsed(since: datetime | None, now: datetime) -> str:
    """Time since an instant: 已过 2天4小时."""
    if since is None:
        return ""
    return i18n.CLOCKS["elapsed"].format(span=span(now - since))
