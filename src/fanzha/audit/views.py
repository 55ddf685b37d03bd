from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import service
from fanzha.fields import Day, Maybe
from fanzha.i18n import lists as lists_i18n
from fanzha.i18n import zh_CN
from fanzha.listing import EXPORT_CAP
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.templating import render

router = APIRouter()

Auditor = Annotated[Principal, Depends(require(Permission.audit_read))]


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
) -> Response:
    """Browse the audit log; dates are whole days in Asia/Shanghai, `until` inclusive; paged
    and filtered through the list component; `?export=xlsx` exports the filtered entries."""
    end = clock.day_start(until + timedelta(days=1)) if until else None
    filters = {
        "action": action or "",
        "actor_name": actor_name or "",
        "target_type": target_type or "",
        "target_id": target_id or "",
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
    }
    view = lists.list_view(request, tuple(filters), values=filters)
    criteria = {
        "action": action or None,
        "actor_name": actor_name or None,
        "target_type": target_type or None,
        "target_id": target_id or None,
        "since": clock.day_start(since) if since else None,
        "until": end,
    }
    if lists.wants_export(request):
        rows, _ = service.search(
            session, **criteria, query=replace(view.query, page=1, size=EXPORT_CAP)
        )
        return lists.export(
            session,
            actor,
            view,
            name="audit",
            headers=lists_i18n.AUDIT_EXPORT,
            rows=[_line(e) for e in rows],
        )
    rows, total = service.search(session, **criteria, query=view.query)
    return render(
        request,
        "audit/audit.html",
        actor,
        rows=rows,
        pg=listing.Page(rows=rows, total=total, query=view.query),
        lv=view,
        filters=filters,
        action_options=list(zh_CN.AUDIT_ACTIONS.items()),
        target_options=list(lists_i18n.AUDIT_TARGETS.items()),
        target_label=target_label,
    )


def target_label(entry) -> tuple[str, str]:
    """对象 as officers read it: (案件 3334, its page or "")."""
    if not entry.target_type:
        return "", ""
    kind = lists_i18n.AUDIT_TARGETS.get(entry.target_type, entry.target_type)
    text = f"{kind} {entry.target_id}" if entry.target_id else kind
    link = lists_i18n.AUDIT_TARGET_LINKS.get(entry.target_type, "")
    return text, link.format(id=entry.target_id) if link and entry.target_id else ""


def _line(e) -> list[object]:
    return [
        clock.local(e.at, "%Y-%m-%d %H:%M:%S"),
        e.actor_name or "",
        zh_CN.ACTOR_KINDS.get(e.actor_kind, e.actor_kind),
        zh_CN.AUDIT_ACTIONS.get(e.action, e.action),
        target_label(e)[0],
        e.summary,
        e.ip or "",
    ]
