"""The desk's pages: the global search (a plain GET form, so it works without JavaScript)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha.access import Permission, Principal
from fanzha.desk import search as desk_search
from fanzha.web.deps import DbSession, require
from fanzha.web.templating import render

router = APIRouter()

Staffer = Annotated[Principal, Depends(require(Permission.workspace_view))]


@router.get("/search")
def search_page(request: Request, session: DbSession, actor: Staffer, q: str = "") -> Response:
    """Results of the header search, grouped by kind, within the caller's scope."""
    results = desk_search.search(session, actor, q)
    return render(request, "desk/search.html", actor, results=results, q=results.query.text)
