"""The workspace (home) page and the health check."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.desk import mywork
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.web import health as health_check
from fanzha.web.deps import Anyone, DbSession, require, threads_of
from fanzha.web.nav import landing_for
from fanzha.web.templating import render

router = APIRouter()

Staffer = Annotated[Principal, Depends(require(Permission.workspace_view))]


@router.get("/")
def workspace(request: Request, session: DbSession, actor: Staffer) -> Response:
    """我的待办 first (the landing page of every role), then the scope's figures. A 劝阻员
    works from a phone: the desktop workspace sends them to their field page (我的任务)."""
    if landing_for(actor.role) != "/":
        return RedirectResponse(landing_for(actor.role), status_code=303)
    unit = scope.own_unit(session, actor)
    now = clock.now()
    return render(
        request,
        "workspace.html",
        actor,
        unit=unit,
        summary=org.scope_summary(session, actor),
        work=mywork.my_work(session, actor, now),
        now=now,
    )


async def database_answers(session: DbSession) -> None:
    """The database answers. A served process answers from its own watch of the database
    (fanzha.web.health: no thread hop, no round trip); otherwise a SELECT 1 is asked on
    threads and connections of the health check's own, so a burst of slow requests filling
    the routes' threadpool or the connection pool does not make the process look dead. The
    request's session only names the database (no I/O)."""
    if health_check.watching():
        health_check.require_recent_answer()
        return
    url = session.get_bind().engine.url.render_as_string(hide_password=False)
    await anyio.to_thread.run_sync(health_check.select_one, url, limiter=threads_of("health", 2))


@router.get("/healthz", response_class=JSONResponse)
async def health(_: Anyone, __: Annotated[None, Depends(database_answers)]) -> dict[str, str]:
    return {"status": "ok"}
