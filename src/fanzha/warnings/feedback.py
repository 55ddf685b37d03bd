"""平台反馈: outcomes going back to the upper platform, as Excel and as a pull API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from fanzha import clock, excel
from fanzha.access import Principal
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.warnings.models import Warning, WarningStatus
from fanzha.warnings.schemas import FeedbackOut

_FED_BACK = Warning.status.in_([WarningStatus.closed, WarningStatus.duplicate])


def closed_between(
    session: Session,
    principal: Principal,
    start: datetime,
    end: datetime,
    *,
    limit: int = 10_000,
) -> list[Warning]:
    """Warnings in scope fed back, or corrected (更正反馈), in [start, end), by id: a day's
    sheet carries the corrections made that day with their new outcome."""
    stmt = (
        select(Warning)
        .where(
            scope.scope_clause(Warning.unit_id, principal),
            _FED_BACK,
            or_(
                and_(Warning.closed_at >= start, Warning.closed_at < end),
                and_(Warning.corrected_at >= start, Warning.corrected_at < end),
            ),
        )
        .order_by(Warning.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def pull(session: Session, principal: Principal, *, after: int, limit: int) -> list[FeedbackOut]:
    """Every change fed back since the platform's cursor (the highest `cursor` it has taken),
    in the order made: a warning whose outcome was corrected (更正反馈) comes again, with a
    higher cursor. Each change takes the next `warnings.feedback_seq` (a trigger, migration
    0011); rows fed back before that kept their id, so an old saved cursor still works."""
    stmt = (
        select(Warning)
        .where(
            scope.scope_clause(Warning.unit_id, principal),
            _FED_BACK,
            Warning.feedback_seq > after,
        )
        .order_by(Warning.feedback_seq)
        .limit(limit)
    )
    return [
        FeedbackOut(
            cursor=w.feedback_seq,
            id=w.id,
            source=w.source,
            external_id=w.external_id,
            outcome=w.outcome,
            protected_fen=w.protected_fen,
            closed_at=w.closed_at,
            note=w.outcome_note,
            corrected=w.corrected_at is not None,
        )
        for w in session.scalars(stmt)
    ]


def export(session: Session, principal: Principal, start: datetime, end: datetime) -> bytes:
    """The feedback sheet platforms accept: one row per warning, no personal data beyond
    the platform's own reference."""
    rows = [
        [
            zh_CN.WARNING_SOURCES[w.source],
            w.external_id,
            zh_CN.GRADES[w.grade],
            zh_CN.OUTCOMES[w.outcome] if w.outcome else "",
            format_yuan(w.protected_fen),
            clock.local(w.closed_at, "%Y-%m-%d %H:%M:%S"),
            w.unit.name,
            w.outcome_note,
        ]
        for w in closed_between(session, principal, start, end)
    ]
    headers = list(i18n.FEEDBACK_COLUMNS)
    return excel.workbook_from_rows(
        i18n.FEEDBACK_SHEET, headers, rows, [14, 22, 8, 12, 14, 20, 22, 40]
    )
