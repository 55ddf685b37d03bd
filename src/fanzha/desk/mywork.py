"""我的待办: what waits for the signed-in officer or their unit, each with its clock, the
overdue first. The landing page of every role.

Warnings of the scope that are still open (their next clock, fanzha.desk.clocks), door visits
the officer claimed, stop-payments whose 48 hours run, freezes expiring within a week, and
leads sent to the unit awaiting feedback. Each kind is read through the scope layer and only
when the officer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal
from fanzha.cases.models import Case, Freeze, FreezeStatus, StopPayment, StopPaymentStatus
from fanzha.clocks import Clock, clock_of
from fanzha.desk.clocks import RESULT_WITHIN, next_clock
from fanzha.i18n import desk as i18n
from fanzha.linking.models import Lead, LeadStatus
from fanzha.org.scope import owner_clause, scoped_select
from fanzha.warnings.models import DoorVisitTask, TaskStatus, Warning, WarningStatus

PER_KIND = 30  # the most pressing of each kind; the boards list the rest
FREEZE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Item:
    kind: str  # 预警 / 上门 / 止付 / 冻结 / 线索
    title: str
    href: str
    clock: Clock
    clock_label: str = ""
    soon_hours: float = 1 / 6  # amber this long before due (the page's countdown keeps it)


def _warnings(session: Session, me: Principal, now: datetime) -> list[Item]:
    """The PER_KIND open warnings whose next clock runs out first. Two index-friendly reads:
    those with a step clock (next_due_at), nearest first, and those owing only their result
    (a day after receipt), oldest first; the most pressing of both are kept."""
    open_ = scoped_select(Warning, me).where(
        Warning.status.not_in((WarningStatus.closed, WarningStatus.duplicate))
    )
    stepping = open_.where(Warning.next_due_at.is_not(None)).order_by(Warning.next_due_at)
    owing = open_.where(Warning.next_due_at.is_(None)).order_by(Warning.received_at)
    found = [
        *session.scalars(stepping.limit(PER_KIND)),
        *session.scalars(owing.limit(PER_KIND)),
    ]
    found.sort(key=lambda w: w.next_due_at or w.received_at + RESULT_WITHIN)
    items = []
    for w in found[:PER_KIND]:
        n = next_clock(w, now)
        if n is not None:
            title = i18n.MYWORK["warning"].format(id=w.id, status=w.status)
            items.append(
                Item(i18n.MYWORK_KINDS["warning"], title, f"/warnings/{w.id}", n.clock, n.label)
            )
    return items


def _visits(session: Session, me: Principal, now: datetime) -> list[Item]:
    stmt = (
        scoped_select(DoorVisitTask, me)
        .where(
            DoorVisitTask.status == TaskStatus.claimed, DoorVisitTask.claimed_by_id == me.user_id
        )
        .limit(PER_KIND)
    )
    items = []
    for t in session.scalars(stmt):
        n = next_clock(t.warning, now)
        if n is not None:
            title = i18n.MYWORK["visit"].format(id=t.warning_id)
            items.append(
                Item(
                    i18n.MYWORK_KINDS["visit"], title, f"/warnings/{t.warning_id}", n.clock, n.label
                )
            )
    return items


def _holds(session: Session, me: Principal, now: datetime) -> list[Item]:
    stops = session.execute(
        select(StopPayment, Case.case_no)
        .join(Case, Case.id == StopPayment.case_id)
        .where(
            StopPayment.status.in_((StopPaymentStatus.requested, StopPaymentStatus.held)),
            owner_clause(StopPayment, me),
        )
        .order_by(StopPayment.expires_at)
        .limit(PER_KIND)
    ).all()
    freezes = session.execute(
        select(Freeze, Case.case_no)
        .join(Case, Case.id == Freeze.case_id)
        .where(
            Freeze.status == FreezeStatus.active,
            Freeze.expires_at < now + FREEZE_WINDOW,
            owner_clause(Freeze, me),
        )
        .order_by(Freeze.expires_at)
        .limit(PER_KIND)
    ).all()
    return [
        Item(
            i18n.MYWORK_KINDS["stop"],
            i18n.MYWORK["stop"].format(case_no=no),
            f"/cases/{sp.case_id}#money",
            clock_of(sp.expires_at, now, soon=timedelta(hours=6)),
            soon_hours=6,
        )
        for sp, no in stops
    ] + [
        Item(
            i18n.MYWORK_KINDS["freeze"],
            i18n.MYWORK["freeze"].format(case_no=no),
            f"/cases/{f.case_id}#money",
            clock_of(f.expires_at, now, soon=timedelta(days=1)),
            soon_hours=24,
        )
        for f, no in freezes
    ]


def _leads(session: Session, me: Principal, now: datetime) -> list[Item]:
    stmt = (
        scoped_select(Lead, me)
        .where(Lead.status == LeadStatus.sent, Lead.unit_id == me.unit_id)
        .order_by(Lead.due_at)
        .limit(PER_KIND)
    )
    return [
        Item(
            i18n.MYWORK_KINDS["lead"],
            i18n.MYWORK["lead"].format(no=lead.lead_no, title=_short(lead.title)),
            "/leads",
            clock_of(lead.due_at, now, soon=timedelta(hours=24)),
            soon_hours=24,
        )
        for lead in session.scalars(stmt)
    ]


def _short(text: str, limit: int = 24) -> str:
    """A title cut to one line of the list (a lead's title is often a whole tip)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def my_work(session: Session, me: Principal, now: datetime) -> list[Item]:
    """Everything waiting for `me` or my unit, overdue first, then by time left."""
    items: list[Item] = []
    if me.can(Permission.warnings_read):
        items += _warnings(session, me, now)
    if me.can(Permission.warnings_work) and me.user_id is not None:
        items += _visits(session, me, now)
    if me.can(Permission.cases_read):
        items += _holds(session, me, now)
    if me.can(Permission.leads_answer) and me.unit_id is not None:
        items += _leads(session, me, now)
    return sorted(items, key=lambda i: i.clock.seconds_left)
