"""Pages of analysis (研判): gangs and why they are linked, indicators, the exclusion list and
review queue, a case's indicators. At-risk people and the two-card watch are in
linking.people_views; blocking requests and leads in linking.action_views."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.cases.models import Case
from fanzha.errors import NotFound
from fanzha.fields import RecordId
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.linking import blocking, exclusions, gangs, indicators, network
from fanzha.linking.models import (
    Gang,
    Indicator,
    IndicatorKind,
    LinkExclusion,
)
from fanzha.linking.pages import attempt, get_shared, optional_int
from fanzha.listing import EXPORT_CAP
from fanzha.masking import mask_name
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.web import confirm, lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict
from fanzha.web.imports import import_page, import_upload
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import (
    ScopedCase,
    ScopedGang,
)
from fanzha.web.templating import render

router = APIRouter()


Reader = Annotated[Principal, Depends(require(Permission.analysis_read))]


Analyst = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.analysis_work))]


CaseAnalyst = Annotated[
    Principal, Depends(require(Permission.cases_read, Permission.analysis_work))
]


@router.get("/analysis")
def analysis_home(actor: Reader) -> Response:
    return RedirectResponse("/analysis/gangs", status_code=303)


@router.get("/analysis/gangs")
def gangs_page(request: Request, session: DbSession, actor: Reader) -> Response:
    status = request.query_params.get("status", "")
    status = status if status in zh_CN.GANG_STATUSES else ""
    view = lists.list_view(request, ("status",), values={"status": status})
    rows, total = gangs.list_gangs(session, actor, status=status, query=view.query)
    return render(
        request,
        "linking/gangs.html",
        actor,
        rows=rows,
        total=total,
        pg=listing.Page(rows=rows, total=total, query=view.query),
        lv=view,
        status=status,
        review=len(exclusions.review_queue(session)),
    )


def _gang_page(request, session, actor, gang: Gang, **extra) -> Response:
    session.flush()
    session.refresh(gang)
    view = gangs.gang_view(session, gang, actor)
    listed = lists.list_view(request, default_size=20)
    shown = _gang_cases(view.cases, listed.query)
    if lists.wants_export(request) and not extra:
        return lists.export(
            session,
            actor,
            listed,
            name="gang_cases",
            headers=i18n.GANG_CASE_EXPORT,
            rows=[
                [
                    c.case_no,
                    clock.local(c.reported_at),
                    c.unit.name,
                    mask_name(c.victim_name),
                    zh_CN.FRAUD_TYPES[c.fraud_type],
                    format_yuan(c.loss_fen),
                ]
                for c in shown
            ],
        )
    return render(
        request,
        "linking/gang.html",
        actor,
        view=view,
        gang=gang,
        lv=listed,
        pg=listing.in_memory(shown, listed.query),
        can_work=actor.can(Permission.analysis_work),
        units=org.unit_options(org.list_units(session, actor)),
        other_gangs=[
            g for g, *_ in gangs.list_gangs(session, actor, limit=200)[0] if g.id != gang.id
        ],
        can_open_cases=actor.can(Permission.cases_read),
        blockable={str(k) for k in blocking.BLOCKABLE},
        history=history.timeline(session, actor, {"gangs": [gang.id]}),
        # The value whose 误串并 panel is open below the reasons (a row's action opens it).
        splitting=next(
            (
                r
                for r in view.reasons
                if r.linking and str(r.indicator.id) == request.query_params.get("split")
            ),
            None,
        ),
        **extra,
    )


# Before the page: its path would take "7.xlsx" for a gang id.
@router.get("/analysis/gangs/{gang_id:int}.xlsx", response_class=XlsxFile)
def gang_export(session: DbSession, actor: Reader, gang: ScopedGang) -> Response:
    content = gangs.gang_workbook(session, actor, gangs.gang_view(session, gang, actor))
    return xlsx_response(
        content, i18n.FILES["gang"].format(id=gang.id, name=gang.name or i18n.FILES["gang_unnamed"])
    )


GANG_CASE_SORTS = {
    "case_no": lambda c: c.case_no,
    "reported": lambda c: c.reported_at,
    "loss": lambda c: c.loss_fen,
    "unit": lambda c: c.unit.name,
}


def _gang_cases(cases: list, query: listing.ListQuery) -> list:
    """The gang's cases the list's text (case number, unit, fraud type) and sort keep."""
    text = query.q.strip()
    if text:
        cases = [
            c
            for c in cases
            if text in c.case_no or text in c.unit.name or text in zh_CN.FRAUD_TYPES[c.fraud_type]
        ]
    key = GANG_CASE_SORTS.get(query.sort)
    return sorted(cases, key=key, reverse=query.desc) if key else list(cases)


@router.get("/analysis/gangs/{gang_id:int}")
def gang_page(request: Request, session: DbSession, actor: Reader, gang: ScopedGang) -> Response:
    """The gang: cases, victims by station, loss, indicators, timeline, network, reasons; of
    a gang that reaches other units, their cases are counted, not shown."""
    return _gang_page(request, session, actor, gang)


@router.get("/analysis/gangs/{gang_id:int}/network", response_class=JSONResponse)
def gang_network(session: DbSession, actor: Reader, gang: ScopedGang) -> Response:
    view = gangs.gang_view(session, gang, actor)
    data = network.build(
        [
            network.CaseNode(c.id, c.case_no, c.unit.name, format_yuan(c.loss_fen))
            for c in view.cases
        ],
        [
            network.ValueNode(
                r.indicator.id,
                zh_CN.INDICATOR_KINDS[r.indicator.kind],
                r.indicator.value,
                r.linking,
                tuple(c.id for c in r.cases),
            )
            for r in view.reasons
        ],
    )
    return JSONResponse(data)


@router.post("/analysis/gangs/{gang_id:int}/{action}")
def gang_action(
    request: Request,
    action: str,
    session: DbSession,
    actor: Analyst,
    gang: ScopedGang,
    posted: PostedForm,
) -> Response:
    """确认 / 命名与主办单位 / 拆分 (exclude a value) / 合并."""
    form = form_dict(posted)

    def act() -> str:
        if action == "confirm":
            gangs.confirm_gang(session, actor, gang)
            return i18n.DONE["gang_confirmed"].format(gang=gang.label)
        if action == "update":
            gangs.update_gang(
                session,
                actor,
                gang,
                name=str(form.get("name") or ""),
                unit_id=optional_int(form.get("unit_id")),
                note=str(form.get("note") or ""),
            )
            return i18n.DONE["gang_saved"]
        if action == "split":
            indicator = get_shared(session, Indicator, optional_int(form.get("indicator_id")) or 0)
            # 误串并 asks first (its panel): the gang and the value as the panel named them.
            confirm.require(form, "gang_split", (gang, indicator))
            result = gangs.split_gang(
                session, actor, gang, indicator, reason=str(form.get("reason") or "")
            )
            return i18n.DONE["indicator_excluded"].format(
                value=indicator.value, relinked=indicators.relinked_summary(result)
            )
        if action == "merge":
            confirm.require(form, "gang_merge", gang)  # what cannot be undone asks first
            other = scope.get_scoped(session, actor, Gang, optional_int(form.get("other_id")) or 0)
            gangs.merge_gangs(session, actor, gang, other, reason=str(form.get("reason") or ""))
            return i18n.DONE["gang_merged"].format(other=other.label, gang=gang.label)
        raise NotFound()

    return attempt(
        session,
        act,
        lambda **kw: _gang_page(request, session, actor, gang, **kw),
        request=request,
        back=f"/analysis/gangs/{gang.id}",
    )


@router.get("/analysis/indicators")
def indicators_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Every indicator, most cases first: paged, sortable, by kind, part of the value and the
    day last seen; `?export=xlsx` is the filtered rows."""
    kind = request.query_params.get("kind", "")
    kind = kind if kind in zh_CN.INDICATOR_KINDS else ""
    view = lists.list_view(request, ("kind",), values={"kind": kind})
    if lists.wants_export(request):
        rows = indicators.page_indicators(
            session, replace(view.query, page=1, size=EXPORT_CAP), kind=kind
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="indicators",
            headers=i18n.INDICATOR_LIST_EXPORT,
            rows=[
                [
                    zh_CN.INDICATOR_KINDS[i.kind],
                    i.value,
                    i.case_count,
                    clock.local(i.first_seen_at),
                    clock.local(i.last_seen_at),
                ]
                for i in rows
            ],
        )
    page = indicators.page_indicators(session, view.query, kind=kind)
    return render(
        request,
        "linking/indicators.html",
        actor,
        found=page.rows,
        pg=page,
        lv=view,
        kind=kind,
        can_work=actor.can(Permission.analysis_work),
    )


@router.get("/analysis/indicators/import")
def indicators_import_page(request: Request, actor: Analyst) -> Response:
    return import_page(
        request,
        actor,
        action="/analysis/indicators/import",
        label=i18n.INDICATOR_SHEET_NAME,
        back="/analysis/indicators",
    )


@router.get("/analysis/indicators/import/template.xlsx", response_class=XlsxFile)
def indicators_template(actor: Analyst) -> Response:
    return xlsx_response(indicators.import_template(), i18n.FILES["indicator_template"])


@router.post("/analysis/indicators/import")
def indicators_import(
    request: Request, session: DbSession, actor: Analyst, upload: UploadedFile
) -> Response:
    return import_upload(
        request,
        session,
        actor,
        lambda content: indicators.import_indicators(session, actor, content),
        upload.content,
        action="/analysis/indicators/import",
        label=i18n.INDICATOR_SHEET_NAME,
        back="/analysis/indicators",
    )


def _indicator_page(request, session, actor, indicator: Indicator, **extra) -> Response:
    session.flush()
    blocks, _ = blocking.list_requests(session, indicator_id=indicator.id, limit=20)
    listed = lists.list_view(request)
    seen = indicators.sightings(session, indicator, actor, listed.query)
    return render(
        request,
        "linking/indicator.html",
        actor,
        seen=seen,
        lv=listed,
        pg=seen.case_page,
        can_open_cases=actor.can(Permission.cases_read),
        can_open_warnings=actor.can(Permission.warnings_read),
        indicator=indicator,
        can_work=actor.can(Permission.analysis_work),
        blockable=indicator.kind in blocking.BLOCKABLE,
        blocks=blocks,
        **extra,
    )


@router.get("/analysis/indicators/{indicator_id:int}")
def indicator_page(
    request: Request, indicator_id: RecordId, session: DbSession, actor: Reader
) -> Response:
    """Every case, warning and statement the value appears in, first and last seen."""
    return _indicator_page(request, session, actor, get_shared(session, Indicator, indicator_id))


@router.post("/analysis/indicators/{indicator_id:int}/{action}")
def indicator_action(
    request: Request,
    indicator_id: RecordId,
    action: str,
    session: DbSession,
    actor: Analyst,
    posted: PostedForm,
) -> Response:
    """继续串并 (a reviewed value over the cap) or 申请封停."""
    form = form_dict(posted)
    indicator = get_shared(session, Indicator, indicator_id)

    def act() -> str:
        if action == "keep-linking":
            result = exclusions.keep_linking(session, actor, indicator)
            return i18n.DONE["over_cap_approved"].format(
                value=indicator.value, relinked=indicators.relinked_summary(result)
            )
        if action == "block":
            block = blocking.request_block(
                session,
                actor,
                indicator,
                reason=str(form.get("reason") or ""),
                unit_id=actor.unit_id or 0,
            )
            return i18n.DONE["block_drafted"].format(target=zh_CN.BLOCK_TARGETS[block.target])
        raise NotFound()

    return attempt(
        session,
        act,
        lambda **kw: _indicator_page(request, session, actor, indicator, **kw),
        request=request,
        back=f"/analysis/indicators/{indicator.id}",
    )


@router.post("/cases/{case_id:int}/indicators")
def add_case_indicators(
    request: Request, session: DbSession, actor: CaseAnalyst, case: ScopedCase, posted: PostedForm
) -> Response:
    """Enter the fraud-side values of a case (the fraudster's phone, WeChat, site)."""
    form = form_dict(posted)
    kind = str(form.get("kind") or "")

    def page(**kw) -> Response:
        return _case_indicators_page(request, session, actor, case, form=form, **kw)

    if kind not in zh_CN.INDICATOR_KINDS:
        return page(status_code=422, error=i18n.ERRORS["indicator_kind_missing"])
    return attempt(
        session,
        lambda: indicators.add_case_indicators(
            session,
            actor,
            case,
            kind=IndicatorKind(kind),
            raw=str(form.get("values") or ""),
            note=str(form.get("note") or ""),
        ),
        page,
        request=request,
        back=f"/cases/{case.id}/indicators",
    )


def _case_indicators_page(request, session, actor, case: Case, **extra) -> Response:
    session.flush()
    return render(
        request,
        "linking/case_indicators.html",
        actor,
        case=case,
        rows=indicators.case_indicators(session, case),
        gang=gangs.gang_of_case(session, case.id),
        can_work=actor.can(Permission.analysis_work),
        # The case is the viewer's, so its gang is too; the pages of analysis need the right.
        can_analyse=actor.can(Permission.analysis_read),
        **extra,
    )


@router.get("/cases/{case_id:int}/indicators")
def case_indicators_page(
    request: Request,
    session: DbSession,
    actor: Annotated[Principal, Depends(require(Permission.cases_read))],
    case: ScopedCase,
) -> Response:
    """The case's indicators and its gang (shown on the case page)."""
    return _case_indicators_page(request, session, actor, case)


def _exclusions_page(request, session, actor, **extra) -> Response:
    session.flush()
    view = lists.list_view(request)
    if lists.wants_export(request) and not extra:
        rows = exclusions.exclusions(session, replace(view.query, page=1, size=EXPORT_CAP)).rows
        return lists.export(
            session,
            actor,
            view,
            name="exclusions",
            headers=i18n.EXCLUSION_LIST_EXPORT,
            rows=[
                [zh_CN.INDICATOR_KINDS[e.kind], e.pattern, e.reason, n, clock.local(e.created_at)]
                for e, n in rows
            ],
        )
    page = exclusions.exclusions(session, view.query)
    return render(
        request,
        "linking/exclusions.html",
        actor,
        rows=page.rows,
        pg=page,
        lv=view,
        queue=exclusions.review_queue(session),
        can_work=actor.can(Permission.analysis_work),
        **{"form": {}, **extra},
    )


@router.get("/analysis/exclusions")
def exclusions_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """The exclusion list (values never linked on) and the review queue (values over the cap)."""
    return _exclusions_page(request, session, actor)


@router.post("/analysis/exclusions")
def add_exclusion(
    request: Request, session: DbSession, actor: Analyst, posted: PostedForm
) -> Response:
    form = form_dict(posted)

    def act() -> str:
        exclusion, result = exclusions.add_exclusion(
            session,
            actor,
            kind=str(form.get("kind") or ""),  # type: ignore[arg-type]
            pattern=str(form.get("pattern") or ""),
            reason=str(form.get("reason") or ""),
        )
        return i18n.DONE["exclusion_added"].format(
            pattern=exclusion.pattern, relinked=indicators.relinked_summary(result)
        )

    return attempt(
        session,
        act,
        lambda **kw: _exclusions_page(request, session, actor, form=form, **kw),
        request=request,
        back="/analysis/exclusions",
    )


@router.post("/analysis/exclusions/{exclusion_id:int}/delete")
def remove_exclusion(
    request: Request, exclusion_id: RecordId, session: DbSession, actor: Analyst
) -> Response:
    exclusion = get_shared(session, LinkExclusion, exclusion_id)
    pattern = exclusion.pattern

    def act() -> str:
        result = exclusions.remove_exclusion(session, actor, exclusion)
        return i18n.DONE["exclusion_removed"].format(
            pattern=pattern, relinked=indicators.relinked_summary(result)
        )

    return attempt(
        session,
        act,
        lambda **kw: _exclusions_page(request, session, actor, **kw),
        request=request,
        back="/analysis/exclusions",
    )
