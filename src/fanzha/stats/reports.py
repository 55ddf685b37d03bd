"""Monthly and quarterly reports of a unit (月报 / 季报): made from the KPI figures, stored
with those figures frozen, edited (the center's notable cases) while 草稿, then 报送. A
submitted report keeps its figures whatever late data arrives; a restatement (更正) is a new
version, recomputed, that lists each figure that differs from the submitted one.

Services never commit: the request (or the job) owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fanzha import clock, listing
from fanzha.access import Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.fields import visible_text
from fanzha.i18n import reports as i18n
from fanzha.kernel import states
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import periods
from fanzha.stats.report_content import snapshot
from fanzha.stats.report_errors import (
    ReportAlreadyRestated,
    ReportFrozen,
    ReportNotableTooLong,
    ReportNotSubmitted,
    ReportPeriodNotBegun,
    ReportPeriodUnknown,
    ReportReasonMissing,
    ReportReasonTooLong,
)
from fanzha.stats.report_models import ReportKind, ReportStatus, UnitReport

S = ReportStatus
R = UnitReport
NOTABLE_LIMIT = 20_000  # characters of notable cases: several pages of the PDF
REASON_LIMIT = 500  # characters of a restatement's reason (the form's maxlength)

MACHINE = states.machine(
    "unit_report",
    i18n.SUBJECT,
    "unit_reports",
    {S.draft: {S.submitted}, S.submitted: {S.superseded}, S.superseded: set()},
    initial={S.draft},
    labels=i18n.STATUSES,
    action=AuditAction.report_transition,
    stamps={S.submitted: "submitted_at", S.superseded: "superseded_at"},
)

SORTS: listing.Sorts = {"period": [R.period_start], "generated": [R.generated_at]}
DEFAULT_ORDER = (R.period_start.desc(), R.kind, R.unit_id, R.version.desc())


def period_of(report: UnitReport) -> periods.Period:
    return periods.Period(str(report.kind), report.period_start, report.period_end)


def title(unit_name: str, kind: str, start: date) -> str:
    """ "江北分局 2026年11月 月报"."""
    when = i18n.PERIOD[kind].format(
        year=start.year, month=start.month, quarter=(start.month - 1) // 3 + 1
    )
    return i18n.TITLE.format(unit=unit_name, period=when, kind=i18n.KINDS[kind])


def report_title(session: Session, report: UnitReport) -> str:
    unit = session.get(Unit, report.unit_id)
    return title(unit.name if unit else "", str(report.kind), report.period_start)


def version_label(report: UnitReport) -> str:
    return i18n.VERSION.format(version=report.version)


# --- reading ---------------------------------------------------------------------------------


def reports(principal: Principal, query: listing.ListQuery) -> Select:
    """The reports of the principal's unit and the units below it, filtered by kind, status
    and period start (local days)."""
    stmt = scope.scoped_select(R, principal)
    if query.get("kind") in ReportKind.__members__:
        stmt = stmt.where(R.kind == ReportKind(query.get("kind")))
    if query.get("status") in ReportStatus.__members__:
        stmt = stmt.where(R.status == ReportStatus(query.get("status")))
    if query.since:
        stmt = stmt.where(R.period_start >= query.since)
    if query.until:
        stmt = stmt.where(R.period_start <= query.until)
    return stmt


def page(session: Session, principal: Principal, query: listing.ListQuery) -> listing.Page:
    return listing.paginate(session, reports(principal, query), query, SORTS, DEFAULT_ORDER)


def versions(session: Session, report: UnitReport) -> list[UnitReport]:
    """Every version of the report's unit, kind and period, oldest first (the caller already
    holds `report` through the scope layer; the others share its unit)."""
    stmt = (
        select(R)
        .where(
            R.unit_id == report.unit_id,
            R.kind == report.kind,
            R.period_start == report.period_start,
        )
        .order_by(R.version)
    )
    return list(session.scalars(stmt))


def restated_from(session: Session, report: UnitReport) -> UnitReport | None:
    """The version a restatement corrects (same unit: in scope when `report` is)."""
    return session.get(R, report.restates_id) if report.restates_id else None


def _latest(session: Session, unit_id: int, kind: str, start: date) -> UnitReport | None:
    stmt = (
        select(R)
        .where(R.unit_id == unit_id, R.kind == ReportKind(kind), R.period_start == start)
        .order_by(R.version.desc())
        .limit(1)
    )
    return session.scalar(stmt)


# --- making and changing ---------------------------------------------------------------------


def _hold(session: Session, report: UnitReport) -> None:
    """Lock the report's row to the end of the transaction and re-read it, so an edit or a
    更正 racing a 报送 (or another 更正) is checked against the other's result."""
    session.flush()
    session.execute(select(R.id).where(R.id == report.id).with_for_update(key_share=True))
    session.refresh(report)


def generate(
    session: Session,
    actor: Principal,
    unit_id: int,
    kind: str,
    day: date,
    *,
    today: date | None = None,
) -> tuple[UnitReport, bool]:
    """The report of `kind` ("month"/"quarter") of the period holding `day`, for the unit:
    made now (version 1, 草稿, figures frozen as counted in the unit's own scope — the
    recipient's) unless one exists already, in which case that one (its latest version) is
    returned untouched. Returns (report, made now?). Running it twice, or two runs at once,
    makes one report. The unit must be in the actor's scope (UnitOutOfScope, 422); `day` in
    1900..2099 (ReportPeriodUnknown, 422) and its period begun by `today`
    (ReportPeriodNotBegun, 422)."""
    scope.require_unit_in_scope(session, actor, unit_id)
    if not periods.FIRST_DAY <= day <= periods.LAST_DAY:
        raise ReportPeriodUnknown(field="day")
    period = periods.period_of(kind, day)
    if period.start > (today or periods.local_today()):
        raise ReportPeriodNotBegun(field="day")
    found = _latest(session, unit_id, kind, period.start)
    if found is not None:
        return found, False
    content = snapshot(session, unit_id, period, today=today)
    report = _new(actor, unit_id, period, version=1, content=content)
    try:
        with session.begin_nested():  # a concurrent run made it first: keep theirs
            session.add(report)
            session.flush()
    except IntegrityError:
        found = _latest(session, unit_id, kind, period.start)
        assert found is not None
        return found, False
    _audit_generated(session, actor, report)
    return report, True


def _new(
    actor: Principal, unit_id: int, period: periods.Period, *, version: int, content: dict
) -> UnitReport:
    report = R(
        unit_id=unit_id,
        kind=ReportKind(period.kind),
        period_start=period.start,
        period_end=period.end,
        version=version,
        content=content,
        notable="",
        differences=[],
        reason="",
        generated_at=clock.now(),
        generated_by_id=actor.user_id,
        generated_by=actor.name,
        submitted_by="",
    )
    states.begin(MACHINE, report, S.draft)
    return report


def _audit_generated(session: Session, actor: Principal, report: UnitReport) -> None:
    audit.record(
        session,
        actor,
        AuditAction.report_generated,
        target_type="unit_reports",
        target_id=report.id,
        summary=i18n.AUDIT["generated"].format(
            title=report_title(session, report), version=version_label(report)
        ),
        detail={"unit_id": report.unit_id, "kind": str(report.kind), "version": report.version},
    )


def set_notable(session: Session, actor: Principal, report: UnitReport, text: str) -> None:
    """Write the center's notable cases (典型案例) of a draft. ReportFrozen (409) once
    submitted; ReportNotableTooLong (422) over NOTABLE_LIMIT characters."""
    _hold(session, report)
    if report.status != S.draft:
        raise ReportFrozen()
    text = (text or "").strip()
    if len(text) > NOTABLE_LIMIT:
        raise ReportNotableTooLong(limit=NOTABLE_LIMIT, field="notable")
    report.notable = text
    audit.record(
        session,
        actor,
        AuditAction.report_notable,
        target_type="unit_reports",
        target_id=report.id,
        summary=i18n.AUDIT["notable"].format(title=report_title(session, report)),
    )


def submit(session: Session, actor: Principal, report: UnitReport) -> None:
    """报送: the draft's figures are final from now on. A restatement submitted puts the
    version it corrects to 已更正. IllegalMove (409) unless a draft."""
    states.move(
        session,
        MACHINE,
        report,
        S.submitted,
        actor=actor,
        label=f"{report_title(session, report)} {version_label(report)}",
    )
    report.submitted_by_id = actor.user_id
    report.submitted_by = actor.name
    if report.restates_id is not None:
        earlier = session.get(R, report.restates_id)
        if earlier is not None and earlier.status == S.submitted:
            states.move(
                session,
                MACHINE,
                earlier,
                S.superseded,
                actor=actor,
                label=f"{report_title(session, earlier)} {version_label(earlier)}",
            )


def restate(
    session: Session,
    actor: Principal,
    report: UnitReport,
    reason: str,
    *,
    today: date | None = None,
) -> UnitReport:
    """更正: a new draft version of a submitted report, its figures counted again now, with
    the differences from `report` listed (indicator, old, new). ReportNotSubmitted (409)
    unless `report` is submitted; ReportAlreadyRestated (409) when a later version exists;
    ReportReasonMissing (422) without a reason, ReportReasonTooLong (422) over REASON_LIMIT."""
    reason = visible_text(reason)
    if not reason:
        raise ReportReasonMissing(field="reason")
    if len(reason) > REASON_LIMIT:
        raise ReportReasonTooLong(limit=REASON_LIMIT, field="reason")
    _hold(session, report)  # two 更正 at once: the second sees the first's version
    latest = _latest(session, report.unit_id, str(report.kind), report.period_start)
    if latest is not None and latest.id != report.id:
        raise ReportAlreadyRestated(version=latest.version)
    if report.status != S.submitted:
        raise ReportNotSubmitted()
    content = snapshot(session, report.unit_id, period_of(report), today=today)
    new = _new(
        actor, report.unit_id, period_of(report), version=report.version + 1, content=content
    )
    new.restates_id = report.id
    new.reason = reason
    new.notable = report.notable  # the center's text carries over; it may edit it again
    new.differences = differences(report.content, content)
    session.add(new)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.report_generated,
        target_type="unit_reports",
        target_id=new.id,
        summary=i18n.AUDIT["restated"].format(
            title=report_title(session, new),
            version=version_label(new),
            count=len(new.differences),
        ),
        detail={"restates": report.id, "reason": reason[:200]},
    )
    return new


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The headline figures whose value changed between two contents, in the new one's
    order: [{key, name, format, old, new}] (None when a side has no figure)."""
    before = {f["key"]: f for f in old.get("figures", [])}
    found = []
    for figure in new.get("figures", []):
        was = before.get(figure["key"], {}).get("value")
        if was != figure["value"]:
            found.append(
                {
                    "key": figure["key"],
                    "name": figure["name"],
                    "format": figure["format"],
                    "old": was,
                    "new": figure["value"],
                }
            )
    return found


def audit_export(session: Session, actor: Principal, report: UnitReport, fmt: str) -> None:
    """A download of the report (.xlsx or .pdf) is an export: audited."""
    audit.record(
        session,
        actor,
        AuditAction.report_exported,
        target_type="unit_reports",
        target_id=report.id,
        summary=i18n.AUDIT["exported"].format(
            title=report_title(session, report), version=version_label(report), format=fmt
        ),
        detail={"format": fmt, "version": report.version},
    )


@dataclass(frozen=True)
class Scheduled:
    made: list[int]  # ids of the reports made by this run
    kept: int  # reports that already existed


def reported_periods(day: date) -> list[periods.Period]:
    """The periods whose reports are due on `day`: last month, and last quarter when `day`
    is in a quarter's first month."""
    month = periods.previous(periods.period_of("month", day))
    due = [month]
    if day.month in (1, 4, 7, 10):
        due.append(periods.previous(periods.period_of("quarter", day)))
    return due


def first_working_day(session: Session, day: date) -> date:
    """The first working day of `day`'s month, by the holiday calendar in force (the State
    Council's schedule and the center's entries)."""
    from fanzha.deadlines import is_working_day
    from fanzha.holidays.service import schedule

    calendar = schedule(session)
    first = day.replace(day=1)
    while not is_working_day(first, calendar)[0]:
        first = first.fromordinal(first.toordinal() + 1)
    return first


def due_units(session: Session) -> list[int]:
    """Every unit gets its reports, in tree order (the city first)."""
    return list(session.scalars(select(Unit.id).order_by(Unit.path)))


def schedule_unit(session: Session, unit_id: int, day: date) -> Scheduled:
    """The reports due on `day` for one unit (last month's, and last quarter's in a quarter's
    first month), made by the system in the unit's own scope; those already made are kept.
    Nothing is due before the month's first working day."""
    if day < first_working_day(session, day):
        return Scheduled(made=[], kept=0)
    system = Principal.system(i18n.ACTOR_SCHEDULE)
    made, kept = [], 0
    for period in reported_periods(day):
        report, new = generate(session, system, unit_id, period.kind, period.start, today=day)
        if new:
            made.append(report.id)
        else:
            kept += 1
    return Scheduled(made=made, kept=kept)
