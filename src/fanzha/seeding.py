"""How far the demo city's background fill has got: one row, written by `fanzha demo-backfill`
chunk by chunk (in each chunk's own transaction), read by the console and the admin page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from fanzha.db import Base


class DemoFill(Base):
    __tablename__ = "demo_fill"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: one fill per database
    seed: Mapped[int]
    per_day: Mapped[int]
    planned_at: Mapped[datetime]  # the foreground build's now: the fill's windows end there
    recent_days: Mapped[int]  # the days built in the foreground, before the server started
    days_total: Mapped[int]  # the whole history to reach (the demo year)
    days_done: Mapped[int]  # older days filled so far, counted back from `recent_days`
    step: Mapped[str] = mapped_column(
        String(30)
    )  # a key of fanzha.i18n.cli.DEMO_STEPS: what is being filled now
    finished_at: Mapped[datetime | None]


@dataclass(frozen=True)
class FillStatus:
    """What the admin page shows: `days` of `days_total` exist; `step` is under way."""

    days: int
    days_total: int
    step: str

    @property
    def percent(self) -> int:
        return int(100 * self.days / max(self.days_total, 1))


def status(session: Session) -> FillStatus | None:
    """The background fill still under way, or None (none planned, or finished)."""
    fill = session.scalar(select(DemoFill).where(DemoFill.finished_at.is_(None)))
    if fill is None:
        return None
    return FillStatus(fill.recent_days + fill.days_done, fill.days_total, fill.step)
