"""What boards and pages show: open warnings in scope, counts, overdue clocks, masked people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.masking import Person, mask_address, person_view
from fanzha.org import scope
from fanzha.org.models import Grid
from fanzha.warnings.errors import (
    WarningPersonUnmaskDenied,
)
from fanzha.warnings.models import (
    ContactAttempt,
    DoorVisitTask,
    Grade,
    TaskStatus,
    Warning,
    WarningStatus,
)

OPEN = Warning.status.not_in([WarningStatus.closed, WarningStatus.duplicate])
GRADE_RANK = case(
    {Grade.urgent: 0, Grade.high: 1, Grade.medium: 2, Grade.low: 3}, value=Warning.grade
)


def _clock_rules(now: datetime) -> list[tuple[ColumnElement[bool], str]]:
    """Each clock as (has run out, its name), most urgent first: one rule for the board's
    filter, its counts and the escalation sweep."""
    late = zh_CN.LATE_CLOCKS
    return [
        (and_(Warning.signed_at.is_(None), Warning.sign_due_at < now), late["sign"]),
        (
            and_(
                Warning.routed.is_(False),
                Warning.out_of_area_at.is_(None),
                Warning.route_due_at < now,
            ),
            late["route"],
        ),
        (and_(Warning.first_contact_at.is_(None), Warning.contact_due_at < now), late["contact"]),
        (
            and_(
                Warning.face_due_at.is_not(None),
                Warning.face_to_face_at.is_(None),
                Warning.face_due_at < now,
            ),
            late["face"],
        ),
    ]


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """A clock has run out: not signed, not contacted, or not seen face to face in time."""
    return or_(*(ran_out for ran_out, _ in _clock_rules(now)))


def late_clock(now: datetime) -> ColumnElement[str | None]:
    """The name of the most urgent clock that has run out; NULL when none has."""
    return case(*_clock_rules(now))


def overdue_clocks(warning: Warning, now: datetime) -> list[str]:
    """Which clocks of one loaded warning have run out, in words (the same rules, in Python)."""
    late = zh_CN.LATE_CLOCKS
    return [
        name
        for ran_out, name in (
            (warning.signed_at is None and warning.sign_due_at < now, late["sign"]),
            (
                not warning.routed
                and warning.out_of_area_at is None
                and warning.route_due_at is not None
                and warning.route_due_at < now,
                late["route"],
            ),
            (warning.first_contact_at is None and warning.contact_due_at < now, late["contact"]),
            (
                warning.face_due_at is not None
                and warning.face_to_face_at is None
                and warning.face_due_at < now,
                late["face"],
            ),
        )
        if ran_out
    ]


@dataclass
class Filters:
    grade: str | None = None
    status: str | None = None
    overdue: bool = False
    unrouted: bool = False


@dataclass
class BoardPage:
    rows: list[Warning]
    counts: dict[str, int]
    total: int
    page: listing.Page[Warning] | None = None


# The clock that runs next: signing, then first contact, then face to face; NULL when none.
# The clock that runs next: a column the database keeps (Warning.next_due_at), indexed with
# "signed yet" for the board's default order.
NEXT_DUE = Warning.next_due_at

BOARD_ORDER = (
    Warning.signed_at.is_not(None),
    NEXT_DUE.asc().nulls_last(),
    GRADE_RANK,
    Warning.received_at.desc(),
    Warning.id.desc(),
)
BOARD_SORTS: listing.Sorts = {
    "grade": [GRADE_RANK],
    "received": [Warning.received_at],
    "due": [NEXT_DUE],
    "amount": [Warning.amount_fen],
    "status": [Warning.status],
    "type": [Warning.fraud_type],
}


def _scoped(principal: Principal) -> Select[tuple[Warning]]:
    return select(Warning).where(scope.scope_clause(Warning.unit_id, principal))


def _counts(session: Session, principal: Principal, now: datetime) -> dict[str, int]:
    counts_row = session.execute(
        select(
            func.count(),
            *[func.count().filter(Warning.grade == g) for g in Grade],
            func.count().filter(overdue_clause(now)),
            func.count().filter(Warning.routed.is_(False), Warning.out_of_area_at.is_(None)),
            func.count().filter(Warning.out_of_area_at.is_not(None)),
        )
        .select_from(Warning)
        .where(scope.scope_clause(Warning.unit_id, principal), OPEN)
    ).one()
    return {
        "open": counts_row[0],
        **{g.value: counts_row[i + 1] for i, g in enumerate(Grade)},
        "overdue": counts_row[5],
        "unrouted": counts_row[6],  # still to be routed: 外地对象 are decided, not waiting
        "out_of_area": counts_row[7],
    }


def board_select(
    principal: Principal, filters: Filters, query: listing.ListQuery, now: datetime
) -> Select[tuple[Warning]]:
    """Open warnings in scope with the board's filters, the text filter (name, phone,
    platform number) and the received-day window applied; unordered."""
    stmt = _scoped(principal).where(OPEN)
    if filters.grade:
        stmt = stmt.where(Warning.grade == filters.grade)
    if filters.status:
        stmt = stmt.where(Warning.status == filters.status)
    if filters.overdue:
        stmt = stmt.where(overdue_clause(now))
    if filters.unrouted:
        stmt = stmt.where(Warning.routed.is_(False), Warning.out_of_area_at.is_(None))
    stmt = stmt.where(
        *listing.text_match(query, Warning.person_name, Warning.person_phone, Warning.external_id),
        *listing.day_window(Warning.received_at, query),
    )
    return stmt


def board(
    session: Session,
    principal: Principal,
    filters: Filters,
    *,
    limit: int = 100,
    offset: int = 0,
    query: listing.ListQuery | None = None,
) -> BoardPage:
    """Open warnings in scope, what needs action now first (unsigned, then the nearest
    deadline) unless `query` sorts by a column; counts for the header. `query` (page, size,
    sort, text, days) wins over `limit`/`offset`, which older callers still pass."""
    now = clock.now()
    if query is None:
        query = listing.ListQuery(page=offset // max(limit, 1) + 1, size=limit)
    stmt = board_select(principal, filters, query, now)
    counts = _counts(session, principal, now)
    page = listing.paginate(
        session, stmt, query, BOARD_SORTS, BOARD_ORDER, total=_known_total(filters, query, counts)
    )
    return BoardPage(rows=page.rows, counts=counts, total=page.total, page=page)


def next_due(warning: Warning) -> datetime | None:
    """The clock that runs next for one loaded warning (NEXT_DUE, in Python)."""
    if warning.signed_at is None:
        return warning.sign_due_at
    if warning.first_contact_at is None:
        return warning.contact_due_at
    if warning.face_due_at is not None and warning.face_to_face_at is None:
        return warning.face_due_at
    return None


def _known_total(filters: Filters, query: listing.ListQuery, counts: dict[str, int]) -> int | None:
    """The total when the header's counts already hold it (no filter, or only the one a
    counter stands for): one scan of the board fewer. None when it must be counted."""
    if query.q or query.since or query.until or filters.status:
        return None
    asked = [k for k in (filters.grade, filters.overdue, filters.unrouted) if k]
    if not asked:
        return counts["open"]
    if len(asked) > 1:
        return None
    if filters.grade:
        return counts[filters.grade]
    return counts["overdue"] if filters.overdue else counts["unrouted"]


def board_export_rows(
    session: Session, principal: Principal, filters: Filters, query: listing.ListQuery
) -> list[Warning]:
    """Every warning the board's filters keep, in the board's order, for the export."""
    stmt = board_select(principal, filters, query, clock.now())
    return listing.every_row(session, stmt, query, BOARD_SORTS, BOARD_ORDER)


def person(warning: Warning, *, masked: bool = True) -> Person:
    # Masked, the address is shown only down to the street: enough to know where, not who.
    return person_view(
        warning.person_name,
        warning.person_phone,
        warning.person_id_number,
        warning.address,
        masked=masked,
        masked_address=mask_address(warning.address),
    )


@dataclass(frozen=True)
class RouteChoice:
    grid_id: int
    label: str  # the address as the gazetteer knows it: 新港区石家庄路378号明珠苑
    where: str  # 海棠派出所 / 曙光社区警务室 / 曙光社区第1网格


def route_choices(session: Session, principal: Principal, warning: Warning) -> list[RouteChoice]:
    """The candidate grids intake found for an address fitting several districts, those the
    principal may route to, for a one-click choice; empty once routed."""
    if warning.routed or not warning.route_candidates:
        return []
    labels = {int(c["grid_id"]): str(c["label"]) for c in warning.route_candidates}
    grids = session.scalars(
        scope.scoped_select(Grid, principal).where(Grid.id.in_(labels)).order_by(Grid.id)
    ).all()
    choices = []
    for grid in grids:
        station = grid.unit.parent.name if grid.unit.parent else ""
        where = " / ".join(n for n in (station, grid.unit.name, grid.name) if n)
        choices.append(RouteChoice(grid.id, labels[grid.id], where))
    return sorted(choices, key=lambda c: c.label)


def claimed_by(session: Session, principal: Principal, warning: Warning) -> DoorVisitTask | None:
    """The live door-visit task of this warning claimed by the principal, if any."""
    return session.scalar(
        select(DoorVisitTask).where(
            DoorVisitTask.warning_id == warning.id,
            DoorVisitTask.claimed_by_id == principal.id,
            DoorVisitTask.status == TaskStatus.claimed,
        )
    )


def reveal_person(session: Session, principal: Principal, warning: Warning) -> Person:
    """The unmasked person: for roles that may, and for the dissuader who claimed the visit.
    Every reveal is audited."""
    if not (principal.can(Permission.pii_unmask) or claimed_by(session, principal, warning)):
        raise WarningPersonUnmaskDenied()
    audit.record(
        session,
        principal,
        AuditAction.pii_viewed,
        target_type="warnings",
        target_id=warning.id,
        summary=i18n.AUDIT["person_viewed"],
    )
    return person(warning, masked=False)


def attempts(session: Session, warning: Warning) -> list[ContactAttempt]:
    return list(
        session.scalars(
            select(ContactAttempt)
            .where(ContactAttempt.warning_id == warning.id)
            .order_by(ContactAttempt.id)
        )
    )


def live_task(session: Session, warning: Warning) -> DoorVisitTask | None:
    return session.scalar(
        select(DoorVisitTask).where(
            DoorVisitTask.warning_id == warning.id,
            DoorVisitTask.status.in_([TaskStatus.open, TaskStatus.claimed]),
        )
    )


@dataclass(frozen=True)
class FieldTasks:
    """A dissuader's phone page, one list per tab: 我的任务, 可认领, 已完成."""

    mine: list[DoorVisitTask]  # claimed by me, newest claim first
    open: list[DoorVisitTask]  # in my units, nobody's yet, oldest first (at most 50)
    done: list[DoorVisitTask]  # claimed by me and finished, last 30 days, newest first


def field_tasks(session: Session, principal: Principal) -> FieldTasks:
    """The door visits a dissuader works from the phone, with their warnings loaded."""
    with_warning = selectinload(DoorVisitTask.warning)
    mine = session.scalars(
        select(DoorVisitTask)
        .where(
            DoorVisitTask.claimed_by_id == principal.id, DoorVisitTask.status == TaskStatus.claimed
        )
        .options(with_warning)
        .order_by(DoorVisitTask.claimed_at.desc())
    ).all()
    open_tasks = session.scalars(
        select(DoorVisitTask)
        .where(
            DoorVisitTask.status == TaskStatus.open,
            scope.scope_clause(DoorVisitTask.unit_id, principal),
        )
        .options(with_warning)
        .order_by(DoorVisitTask.created_at)
        .limit(50)
    ).all()
    done = session.scalars(
        select(DoorVisitTask)
        .where(
            DoorVisitTask.claimed_by_id == principal.id,
            DoorVisitTask.status == TaskStatus.done,
            DoorVisitTask.done_at >= clock.now() - timedelta(days=30),
        )
        .options(with_warning)
        .order_by(DoorVisitTask.done_at.desc())
        .limit(50)
    ).all()
    return FieldTasks(list(mine), list(open_tasks), list(done))
