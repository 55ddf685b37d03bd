"""The leaders' figures of 跨区域移交: transfers out and in per month, how many were
answered, how long the answers took and how many came (or are still owed) late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.org import scope
from fanzha.warnings.models import TransferDirection, TransferStatus, WarningTransfer


@dataclass
class Flow:
    count: int = 0
    answered: int = 0
    late: int = 0  # answered after the deadline, or unanswered past it
    answer_hours: float | None = None  # mean, over the answered ones


@dataclass
class MonthFigures:
    month: str  # "2026-11", in Shanghai time
    outgoing: Flow
    incoming: Flow


def transfer_figures(
    session: Session, principal: Principal, since: date, until: date, now: datetime | None = None
) -> list[MonthFigures]:
    """Per month of sending (or receiving) in [since, until), in the principal's scope, oldest
    first; months without a transfer are left out. Hours are wall-clock hours."""
    now = now or clock.now()
    t = WarningTransfer
    month = func.to_char(func.timezone(literal("Asia/Shanghai"), t.sent_at), "YYYY-MM")
    rows = session.execute(
        select(
            month,
            t.direction,
            func.count(),
            func.count(t.answered_at),
            func.count().filter(func.coalesce(t.answered_at, now) > t.due_at),
            func.avg(func.extract("epoch", t.answered_at - t.sent_at)) / 3600,
        )
        .where(
            scope.owner_clause(t, principal),
            t.status != TransferStatus.withdrawn,
            t.sent_at >= clock.day_start(since),
            t.sent_at < clock.day_start(until),
        )
        .group_by(month, t.direction)
        .order_by(month)
    ).all()
    months: dict[str, MonthFigures] = {}
    for name, direction, count, answered, late, hours in rows:
        figures = months.setdefault(name, MonthFigures(name, Flow(), Flow()))
        flow = Flow(count, answered, late, None if hours is None else round(float(hours), 1))
        if direction == TransferDirection.outgoing:
            figures.outgoing = flow
        else:
            figures.incoming = flow
    return list(months.values())
