"""全省研判: the province findings pages (cross-city gangs, 快进快出 accounts) of the last
loaded Spark run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import listing
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.province import findings
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.templating import render

router = APIRouter()
# A station's officers see the cross-city gangs holding their own cases; the mule list is
# analysis work (masked accounts across the province).
CaseReader = Annotated[Principal, Depends(require(Permission.cases_read))]
Reader = Annotated[Principal, Depends(require(Permission.analysis_read))]


@router.get("/analysis/province")
def gangs_page(request: Request, session: DbSession, actor: CaseReader) -> Response:
    """Cross-city gangs of the last run: cases per city, local ones linked when openable."""
    view = lists.list_view(request)
    run = findings.latest_run(session)
    center = get_settings().center_code
    gangs = findings.cross_city_gangs(session, actor, run, center) if run else []
    if view.query.q:
        gangs = [
            g for g in gangs if any(view.query.q in c.case_no for x in g.cities for c in x.cases)
        ]
    page = listing.in_memory(gangs, view.query)
    return render(
        request,
        "province/gangs.html",
        actor,
        run=run,
        gangs=page.rows,
        pg=page,
        lv=view,
        center=center,
    )


@router.get("/analysis/province/mules")
def mules_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """快进快出 accounts found province-wide, masked, with the cities they touch."""
    view = lists.list_view(request)
    run = findings.latest_run(session)
    rows = findings.mules(session, run, view.query.q) if run else []
    page = listing.in_memory(rows, view.query)
    return render(
        request,
        "province/mules.html",
        actor,
        run=run,
        mules=page.rows,
        pg=page,
        lv=view,
        center=get_settings().center_code,
    )
