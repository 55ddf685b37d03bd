"""The vault's pages: one identity record (ask to see it; see it while a grant runs) and the
custodians' page (approve or refuse, the log of requests and views)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.fields import RecordId
from fanzha.i18n import vault as i18n
from fanzha.vault import queries, service
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/vault")

Reader = Annotated[Principal, Depends(require(Permission.tips_read))]
Custodian = Annotated[Principal, Depends(require(Permission.vault_custodian))]


def _record_page(
    request: Request, session: DbSession, actor: Principal, record_id: int, status_code=200, **extra
) -> Response:
    row = service.get_record(session, record_id)
    grant = service.active_grant(session, actor, record_id)
    identity = service.reveal(session, actor, record_id) if grant else None
    response = render(
        request,
        "vault/record.html",
        actor,
        status_code=status_code,
        record=row,
        grant=grant,
        identity=identity,
        waiting=service.pending_request(session, actor, record_id),
        minutes=get_settings().vault_grant_minutes,
        t=i18n.TEXT,
        kinds=i18n.SUBJECT_KINDS,
        fields=i18n.FIELDS,
        **extra,
    )
    # Never kept by the browser: Back after the grant expired must not show the identity.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/records/{record_id}")
def record_page(
    record_id: RecordId, request: Request, session: DbSession, actor: Reader
) -> Response:
    """The identity stays hidden unless the viewer holds an approved, unexpired request; each
    showing is an audited view."""
    return _record_page(request, session, actor, record_id)


@router.post("/records/{record_id}/requests")
def ask(
    record_id: RecordId, request: Request, session: DbSession, actor: Reader, posted: PostedForm
) -> Response:
    """Raises VaultReasonMissing/TooLong (422), VaultRequestPending (409)."""
    service.request_view(session, actor, record_id, form_dict(posted).get("reason", ""))
    return see_other(f"/vault/records/{record_id}", i18n.TEXT["requested_flash"])


@router.get("/requests")
def requests_page(request: Request, session: DbSession, actor: Custodian) -> Response:
    return render(
        request,
        "vault/requests.html",
        actor,
        pending=queries.requests(session, pending=True),
        log=queries.requests(session, pending=False),
        now=clock.now(),
        minutes=get_settings().vault_grant_minutes,
        t=i18n.TEXT,
        kinds=i18n.SUBJECT_KINDS,
        statuses=i18n.REQUEST_STATUSES,
    )


@router.post("/requests/{request_id}/approve")
def approve(
    request_id: RecordId, session: DbSession, actor: Custodian, posted: PostedForm
) -> Response:
    """Raises VaultOwnRequest (403), IllegalMove (409) when already decided."""
    service.approve(session, actor, request_id, form_dict(posted).get("note", ""))
    return see_other("/vault/requests", i18n.TEXT["approved_flash"])


@router.post("/requests/{request_id}/refuse")
def refuse(
    request_id: RecordId, session: DbSession, actor: Custodian, posted: PostedForm
) -> Response:
    """Raises VaultOwnRequest (403), IllegalMove (409) when already decided."""
    service.refuse(session, actor, request_id, form_dict(posted).get("note", ""))
    return see_other("/vault/requests", i18n.TEXT["refused_flash"])
