"""The reward register (奖励台账): the applications list and the year's figures per ground —
counts, amounts, days from the foundation's confirmation to payment, lapsed clocks. The
leaders' dashboard reads `figures`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, extract, func, select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, listing
from fanzha.access import Principal
from fanzha.org import scope
from fanzha.rewards.models import RewardApplication, RewardGround, RewardStatus

A = RewardApplication
SORTS: listing.Sorts = {
    "number": [A.number],
    "amount": [A.amount_fen],
    "created": [A.created_at],
    "due": [A.pay_due_at],
}
DEFAULT_ORDER = (A.id.desc(),)


def applications(principal: Principal, query: listing.ListQuery) -> Select:
    """The applications the principal may see, filtered by status, ground and text."""
    # The list and its export name each application's beneficiaries: one query for all rows.
    stmt = scope.scoped_select(A, principal).options(selectinload(A.beneficiaries))
    if query.get("status") in RewardStatus.__members__:
        stmt = stmt.where(A.status == RewardStatus(query.get("status")))
    if query.get("ground") in RewardGround.__members__:
        stmt = stmt.where(A.ground == RewardGround(query.get("ground")))
    if query.get("lapsed") == "1":
        stmt = stmt.where(A.status == RewardStatus.confirmed, A.pay_due_at < clock.now())
    where = [*listing.day_window(A.created_at, query), *listing.text_match(query, A.number, A.deed)]
    return stmt.where(*where)


def page(session: Session, principal: Principal, query: listing.ListQuery) -> listing.Page:
    return listing.paginate(session, applications(principal, query), query, SORTS, DEFAULT_ORDER)


@dataclass(frozen=True)
class GroundFigures:
    ground: RewardGround
    applied: int  # every application but drafts
    confirmed: int  # confirmed or paid
    paid: int
    paid_fen: int
    rejected: int
    mean_days_to_pay: float | None  # confirmation → payment, in days
    lapsed: int  # paid late, or confirmed and past due unpaid


def figures(
    session: Session, principal: Principal, year: int, now: datetime
) -> list[GroundFigures]:
    """Per ground, the applications submitted in `year` (Asia/Shanghai), in the principal's
    scope. Counted in the database; a ground with none shows zeros."""
    local_year = extract("year", func.timezone("Asia/Shanghai", A.submitted_at))
    late = case(
        (A.pay_due_at.is_not(None) & (func.coalesce(A.paid_at, now) > A.pay_due_at), 1), else_=0
    )
    days = extract("epoch", A.paid_at - A.confirmed_at) / 86400.0
    stmt = (
        select(
            A.ground,
            func.count(),
            func.count().filter(A.status.in_([RewardStatus.confirmed, RewardStatus.paid])),
            func.count().filter(A.status == RewardStatus.paid),
            func.coalesce(func.sum(A.amount_fen).filter(A.status == RewardStatus.paid), 0),
            func.count().filter(A.status == RewardStatus.rejected),
            func.avg(days).filter(A.status == RewardStatus.paid),
            func.coalesce(func.sum(late), 0),
        )
        .where(scope.owner_clause(A, principal), local_year == year, A.submitted_at.is_not(None))
        .group_by(A.ground)
    )
    found = {row[0]: row for row in session.execute(stmt)}
    result = []
    for ground in RewardGround:
        row = found.get(ground)
        if row is None:
            result.append(GroundFigures(ground, 0, 0, 0, 0, 0, None, 0))
            continue
        _, applied, confirmed, paid, paid_fen, rejected, mean, lapsed = row
        result.append(
            GroundFigures(
                ground,
                applied,
                confirmed,
                paid,
                int(paid_fen),
                rejected,
                None if mean is None else round(float(mean), 1),
                int(lapsed),
            )
        )
    return result


def this_year() -> int:
    return clock.now().astimezone(clock.SHANGHAI).year


def default_paid_on() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()
