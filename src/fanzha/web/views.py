"""The workspace (home) page and the health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from fanzha.auth.permissions import Permission, Principal
from fanzha.org import service as org
from fanzha.org.models import Unit
from fanzha.web.deps import Anyone, DbSession, require
from fanzha.web.templating import render

router = APIRouter()

Staffer = Annotated[Principal, Depends(require(Permission.workspace_view))]


@router.get("/")
def workspace(request: Request, session: DbSession, actor: Staffer) -> Response:
    unit = session.get(Unit, actor.unit_id)
    return render(
        request, "workspace.html", actor, unit=unit, summary=org.scope_summary(session, actor)
    )


@router.get("/healthz", response_class=JSONResponse)
def health(session: DbSession, _: Anyone) -> dict[str, str]:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}
