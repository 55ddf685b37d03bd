"""Writing and reading the audit log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Select, func, insert, select
from sqlalchemy.orm import Session

from fanzha import listing
from fanzha.access import Principal
from fanzha.audit.models import AuditAction, AuditEntry

DETACHED_WRITER = "fanzha.audit.detached_writer"
"""Key in `Session.info` for a `(session, statement) -> None` that writes detached entries.
Unset in the app: they get a transaction of their own. The tests set it so that the entry
survives the request's rollback but not the test's."""

DetachedWriter = Callable[[Session, Executable], None]


def _row(
    actor: Principal | None,
    action: AuditAction,
    target_type: str | None,
    target_id: object,
    summary: str,
    detail: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "actor_kind": actor.kind if actor else "anonymous",
        "actor_id": actor.id if actor else None,
        "actor_name": actor.name if actor else "",
        "actor_unit_id": actor.unit_id if actor else None,
        "action": action.value,
        "target_type": target_type,
        "target_id": None if target_id is None else str(target_id),
        "summary": summary,
        "detail": detail or {},
        "ip": actor.ip if actor else None,
        "user_agent": (actor.user_agent or "")[:300] if actor else None,
    }


def record(
    session: Session,
    actor: Principal | None,
    action: AuditAction,
    *,
    target_type: str | None = None,
    target_id: object = None,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    detached: bool = False,
) -> None:
    """Append one entry in the caller's transaction, so it lands exactly when the change does.

    `detached` writes it in a transaction of its own instead: for refusals, whose request is
    rolled back but must still leave a trace.
    """
    statement = insert(AuditEntry).values(
        **_row(actor, action, target_type, target_id, summary, detail)
    )
    if not detached:
        session.execute(statement)
        return
    writer: DetachedWriter = session.info.get(DETACHED_WRITER, _own_transaction)
    writer(session, statement)


def _own_transaction(session: Session, statement: Executable) -> None:
    with session.get_bind().engine.begin() as conn:
        conn.execute(statement)


def search(
    session: Session,
    *,
    action: str | None = None,
    actor_name: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
    query: listing.ListQuery | None = None,
) -> tuple[list[AuditEntry], int]:
    """Entries matching the filters, newest first, with the total count. `query` (the list
    component's page, size, sort and text on the summary) wins over `limit`/`offset`."""
    stmt: Select[tuple[AuditEntry]] = select(AuditEntry)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if actor_name:
        stmt = stmt.where(AuditEntry.actor_name.contains(actor_name, autoescape=True))
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    if target_id:
        stmt = stmt.where(AuditEntry.target_id == target_id)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    if query is not None:
        stmt = stmt.where(*listing.text_match(query, AuditEntry.summary))
        page = listing.paginate(session, stmt, query, AUDIT_SORTS, (AuditEntry.id.desc(),))
        return page.rows, page.total
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), total


AUDIT_SORTS: listing.Sorts = {"at": [AuditEntry.id], "action": [AuditEntry.action]}


def last_at(session: Session, action: AuditAction) -> datetime | None:
    """When the newest entry of `action` was written (None: never), e.g. the last good backup."""
    return session.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.action == action.value))
