from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.audit import service
from fanzha.fields import Day, Maybe, Offset
from fanzha.i18n import zh_CN
from fanzha.web.deps import DbSession, require
from fanzha.web.templating import render

router = APIRouter()

Auditor = Annotated[Principal, Depends(require(Permission.audit_read))]
PAGE = 50


@router.get("/admin/audit")
def audit_page(
    request: Request,
    session: DbSession,
    actor: Auditor,
    action: Maybe[str] = None,
    actor_name: Maybe[str] = None,
    target_type: Maybe[str] = None,
    target_id: Maybe[str] = None,
    since: Maybe[Day] = None,
    until: Maybe[Day] = None,
    offset: Offset = 0,
) -> Response:
    """Browse the audit log; dates are whole days in Asia/Shanghai, `until` inclusive."""
    end = clock.day_start(until + timedelta(days=1)) if until else None
    rows, total = service.search(
        session,
        action=action or None,
        actor_name=actor_name or None,
        target_type=target_type or None,
        target_id=target_id or None,
        since=clock.day_start(since) if since else None,
        until=end,
        limit=PAGE,
        offset=offset,
    )
    filters = {
        "action": action or "",
        "actor_name": actor_name or "",
        "target_type": target_type or "",
        "target_id": target_id or "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    base = "?" + urlencode({k: v for k, v in filters.items() if v}) + "&"
    return render(
        request,
        "audit/audit.html",
        actor,
        rows=rows,
        total=total,
        offset=offset,
        limit=PAGE,
        filters=filters,
        base=base,
        action_options=list(zh_CN.AUDIT_ACTIONS.items()),
    )
