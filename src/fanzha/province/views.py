"""全省研判: the province findings pages (cross-city gangs, 快进快出 accounts, accounts and
holders recurring across cities, the KPI roll-ups) of the last loaded Spark run."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import listing
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.i18n import province as i18n
from fanzha.province import findings, recurring
from fanzha.rules import KPIS
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
    rows = findings.mules(session, actor, run, view.query.q) if run else []
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


@router.get("/analysis/province/recurring")
def recurring_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """两卡复用: accounts (or, with who=holders, holders) recurring across cases and cities,
    masked, local cases linked when openable."""
    view = lists.list_view(request, ("who",))
    holders = view.query.extra.get("who") == "holders"
    run = findings.latest_run(session)
    center = get_settings().center_code
    rows = (
        recurring.recurring(session, actor, run, center, holders=holders, text=view.query.q)
        if run
        else []
    )
    page = listing.in_memory(rows, view.query)
    return render(
        request,
        "province/recurring.html",
        actor,
        run=run,
        rows=page.rows,
        holders=holders,
        page_text=i18n.PAGE,
        pg=page,
        lv=view,
        center=center,
    )


@router.get("/analysis/province/kpis")
def kpis_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """全省指标: the KPI roll-ups by city and month, a table and a chart of one KPI."""
    chosen = request.query_params.get("kpi", "")
    chosen = chosen if chosen in KPIS else next(iter(KPIS))
    run = findings.latest_run(session)
    months = recurring.kpi_months(session, run) if run else []
    return render(
        request,
        "province/kpis.html",
        actor,
        run=run,
        months=months,
        kpis=list(KPIS),
        chosen=chosen,
        labels=i18n.KPI_LABELS,
        money=recurring.MONEY_KPIS,
        chart_json=json.dumps(recurring.kpi_chart(months, chosen), ensure_ascii=False),
        center=get_settings().center_code,
    )
