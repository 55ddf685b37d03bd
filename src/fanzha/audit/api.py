from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from fanzha.access import Permission, Principal
from fanzha.audit import service
from fanzha.audit.schemas import AuditEntryOut, AuditPage
from fanzha.fields import Maybe, Offset
from fanzha.web.deps import DbSession, require

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

Auditor = Annotated[Principal, Depends(require(Permission.audit_read))]


@router.get("")
def search_audit(
    session: DbSession,
    actor: Auditor,
    action: Maybe[str] = None,
    actor_name: Maybe[str] = None,
    target_type: Maybe[str] = None,
    target_id: Maybe[str] = None,
    since: Maybe[datetime] = None,
    until: Maybe[datetime] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> AuditPage:
    """The audit log, newest first, filtered."""
    rows, total = service.search(
        session,
        action=action,
        actor_name=actor_name,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return AuditPage(items=[AuditEntryOut.model_validate(r) for r in rows], total=total)
