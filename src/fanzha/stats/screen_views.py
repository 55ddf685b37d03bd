"""The command big screen (指挥大屏): the page, its snapshot and map figures as JSON, and its
live stream (the warnings' LISTEN/NOTIFY hub, scoped to the unit shown, as the board's)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from fanzha.access import Permission, Principal
from fanzha.db import libpq_url
from fanzha.errors import NotFound
from fanzha.i18n import screen as i18n
from fanzha.org import scope
from fanzha.org.models import Unit
from fanzha.stats import screen
from fanzha.warnings.live import hub_for
from fanzha.web.deps import DbSession, require
from fanzha.web.scoped import ScopedUnit
from fanzha.web.templating import render

router = APIRouter(prefix="/screen")

Viewer = Annotated[Principal, Depends(require(Permission.screen_view))]
# The browser's EventSource waits this long before reconnecting after the stream drops.
RETRY_MS = 2000
# A stream ends itself after this long and the page opens a new one: a wall left on for
# weeks re-checks its sign-in (a revoked session stops there) and moves to a restarted or
# another app host, and the reconnection path is exercised daily, not only on failures.
STREAM_SECONDS = 600
NO_STORE = {"Cache-Control": "no-store"}


def _page(request: Request, actor: Principal, unit: Unit) -> Response:
    return render(
        request,
        "stats/screen.html",
        actor,
        unit=unit,
        script_text=json.dumps(i18n.SCRIPT, ensure_ascii=False),
    )


@router.get("")
def own_screen(request: Request, session: DbSession, actor: Viewer) -> Response:
    """The big screen of the viewer's own unit."""
    unit = scope.own_unit(session, actor)
    if unit is None:
        raise NotFound()
    return _page(request, actor, unit)


@router.get("/{unit_id:int}")
def unit_screen(request: Request, actor: Viewer, unit: ScopedUnit) -> Response:
    """The big screen of a unit in the viewer's scope (the center shows a 分局's)."""
    return _page(request, actor, unit)


@router.get("/{unit_id:int}/snapshot.json", response_class=JSONResponse)
def unit_snapshot(session: DbSession, actor: Viewer, unit: ScopedUnit) -> Response:
    """Every panel's figures at this moment (fanzha.stats.screen.snapshot)."""
    return JSONResponse(screen.snapshot(session, unit), headers=NO_STORE)


@router.get("/{unit_id:int}/map.json", response_class=JSONResponse)
def unit_map(session: DbSession, actor: Viewer, unit: ScopedUnit) -> Response:
    """The map's regions with today's warnings and coverage (fanzha.stats.screen_map)."""
    return JSONResponse(screen.regions(session, unit), headers=NO_STORE)


@router.get("/{unit_id:int}/stream", include_in_schema=False)  # an event stream, not JSON
def unit_stream(
    request: Request, session: DbSession, actor: Viewer, unit: ScopedUnit
) -> StreamingResponse:
    """Server-Sent Events for the unit's subtree: `warning` events as the board gets them, and
    a `ping` every heartbeat so the page can tell a silent stream from a dead one; the stream
    ends at the first event or heartbeat after STREAM_SECONDS (the page reconnects).

    The route itself is plain (it reads the session's bind); only the stream is async, and it
    runs on the event loop, where the hub lives."""
    url = libpq_url(session.get_bind().engine.url.render_as_string(hide_password=False))
    unit_path = unit.path

    async def events():
        yield f"retry: {RETRY_MS}\n\n"
        ends = asyncio.get_running_loop().time() + STREAM_SECONDS
        async with contextlib.aclosing(hub_for(url).subscribe(unit_path)) as stream:
            async for event in stream:  # an event, or None at each heartbeat
                if await request.is_disconnected():
                    break
                if event is None:
                    yield "event: ping\ndata: {}\n\n"
                else:
                    yield f"event: warning\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"
                if asyncio.get_running_loop().time() >= ends:
                    break  # time to end: the page reconnects (and re-reads its snapshot)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
