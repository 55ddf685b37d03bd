"""预后被骗率: of the people a warning reached and dissuaded, how many reported a case later.

Counted per unit one level below the viewer's own (the center sees its 分局, a 分局 its 派出所),
by when the warnings were received; flags are set by cases.service.link_earlier_warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.access import Principal
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.warnings.models import Outcome, Warning, WarningStatus


@dataclass
class PrognosisRow:
    unit_id: int
    unit_name: str
    dissuaded: int = 0  # warnings closed 已劝阻
    defrauded_later: int = 0  # of those, the person reported a case afterwards

    @property
    def rate_percent(self) -> str:
        if not self.dissuaded:
            return "—"
        return f"{100 * self.defrauded_later / self.dissuaded:.2f}%"


def prognosis_rates(
    session: Session, principal: Principal, since: date, until: date
) -> tuple[list[PrognosisRow], PrognosisRow]:
    """Rows per child unit (or the viewer's unit alone when it has none), and the total."""
    own = session.get(Unit, principal.unit_id)
    assert own is not None
    children = list(
        session.scalars(select(Unit).where(Unit.parent_id == own.id).order_by(Unit.code))
    ) or [own]
    rows = {c.path: PrognosisRow(c.id, c.name) for c in children}
    counts = session.execute(
        select(
            Unit.path,
            func.count().filter(Warning.outcome == Outcome.dissuaded),
            func.count().filter(Warning.outcome == Outcome.dissuaded, Warning.defrauded_later),
        )
        .join(Unit, Unit.id == Warning.unit_id)
        .where(
            scope.scope_clause(Warning.unit_id, principal),
            Warning.status != WarningStatus.duplicate,
            Warning.received_at >= clock.day_start(since),
            Warning.received_at < clock.day_start(until),
        )
        .group_by(Unit.path)
    ).all()
    total = PrognosisRow(own.id, own.name)
    for path, dissuaded, later in counts:
        total.dissuaded += dissuaded
        total.defrauded_later += later
        row = next((r for p, r in rows.items() if path.startswith(p)), None)
        if row is not None:  # warnings filed on the viewer's own unit count in the total only
            row.dissuaded += dissuaded
            row.defrauded_later += later
    return list(rows.values()), total
