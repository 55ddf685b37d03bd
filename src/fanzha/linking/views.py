"""Pages of analysis (研判): gangs and why they are linked, indicators, the exclusion list and
review queue, a case's indicators, at-risk people, blocking requests, leads, the two-card
watch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from fanzha import clock
from fanzha.auth.permissions import Permission, Principal
from fanzha.cases.models import Case
from fanzha.errors import DomainError, NotFound
from fanzha.fields import RecordId
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.linking import at_risk, blocking, exclusions, gangs, indicators, leads, network, watch
from fanzha.linking.errors import (
    ActionMissing,
    LeadArrestsNotInteger,
    LeadDueUnreadable,
    LeadRecoveredUnreadable,
    LeadUnitMissing,
    NothingToPush,
)
from fanzha.linking.models import (
    BlockRequest,
    BlockStatus,
    BlockTarget,
    Gang,
    Indicator,
    IndicatorKind,
    LinkExclusion,
)
from fanzha.money import format_yuan, parse_yuan
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.warnings.models import Warning
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict
from fanzha.web.imports import import_page, import_upload
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import (
    ScopedAtRiskPerson,
    ScopedCase,
    ScopedGang,
    ScopedLead,
)
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.analysis_read))]
Analyst = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.analysis_work))]
CaseAnalyst = Annotated[
    Principal, Depends(require(Permission.cases_read, Permission.analysis_work))
]
Inbox = Annotated[Principal, Depends(require(Permission.leads_answer))]
Unmasker = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.pii_unmask))]


def _get(session: DbSession, model: type, record_id: RecordId):
    """A record of analysis that belongs to no unit (an indicator, an exclusion): values are
    shared by the city. Unit-owned records go through `scope.get_scoped` / the Scoped*
    dependencies instead (a structural test holds this module to it)."""
    assert model not in scope.UNIT_OWNED, model
    record = session.get(model, record_id)
    if record is None:
        raise NotFound()
    return record


def _attempt(
    session: Session, action: Callable[[], str | None], page: Callable[..., Response]
) -> Response:
    """Run a form's action and show the page again with its message, or with the reason it
    was refused (the officer stays where they were, nothing half-done: the action runs in a
    savepoint, rolled back before the page is shown with the refusal)."""
    try:
        with session.begin_nested():
            message = action()
    except DomainError as exc:
        return page(status_code=exc.status_code, error=exc.message)
    return page(flash=message)


def _int(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@router.get("/analysis")
def analysis_home(actor: Reader) -> Response:
    return RedirectResponse("/analysis/gangs", status_code=303)


# --- gangs -----------------------------------------------------------------------------------


@router.get("/analysis/gangs")
def gangs_page(request: Request, session: DbSession, actor: Reader) -> Response:
    status = request.query_params.get("status", "")
    offset = _int(request.query_params.get("offset")) or 0
    rows, total = gangs.list_gangs(session, actor, status=status, offset=offset)
    return render(
        request,
        "linking/gangs.html",
        actor,
        rows=rows,
        total=total,
        offset=offset,
        status=status,
        review=len(exclusions.review_queue(session)),
    )


def _gang_page(request, session, actor, gang: Gang, **extra) -> Response:
    session.flush()
    session.refresh(gang)
    view = gangs.gang_view(session, gang, actor)
    return render(
        request,
        "linking/gang.html",
        actor,
        view=view,
        gang=gang,
        can_work=actor.can(Permission.analysis_work),
        units=org.unit_options(org.list_units(session, actor)),
        other_gangs=[
            g for g, *_ in gangs.list_gangs(session, actor, limit=200)[0] if g.id != gang.id
        ],
        can_open_cases=actor.can(Permission.cases_read),
        blockable={str(k) for k in blocking.BLOCKABLE},
        **extra,
    )


# Before the page: its path would take "7.xlsx" for a gang id.
@router.get("/analysis/gangs/{gang_id:int}.xlsx", response_class=XlsxFile)
def gang_export(session: DbSession, actor: Reader, gang: ScopedGang) -> Response:
    content = gangs.gang_workbook(session, actor, gangs.gang_view(session, gang, actor))
    return xlsx_response(
        content, i18n.FILES["gang"].format(id=gang.id, name=gang.name or i18n.FILES["gang_unnamed"])
    )


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
                unit_id=_int(form.get("unit_id")),
                note=str(form.get("note") or ""),
            )
            return i18n.DONE["gang_saved"]
        if action == "split":
            indicator = _get(session, Indicator, _int(form.get("indicator_id")) or 0)
            result = gangs.split_gang(
                session, actor, gang, indicator, reason=str(form.get("reason") or "")
            )
            return i18n.DONE["indicator_excluded"].format(
                value=indicator.value, relinked=indicators.relinked_summary(result)
            )
        if action == "merge":
            other = scope.get_scoped(session, actor, Gang, _int(form.get("other_id")) or 0)
            gangs.merge_gangs(session, actor, gang, other, reason=str(form.get("reason") or ""))
            return i18n.DONE["gang_merged"].format(other=other.label, gang=gang.label)
        raise NotFound()

    return _attempt(session, act, lambda **kw: _gang_page(request, session, actor, gang, **kw))


# --- indicators ------------------------------------------------------------------------------


@router.get("/analysis/indicators")
def indicators_page(request: Request, session: DbSession, actor: Reader) -> Response:
    q = request.query_params.get("q", "")
    return render(
        request,
        "linking/indicators.html",
        actor,
        q=q,
        found=indicators.search_indicators(session, q),
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
    return render(
        request,
        "linking/indicator.html",
        actor,
        seen=indicators.sightings(session, indicator, actor),
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
    return _indicator_page(request, session, actor, _get(session, Indicator, indicator_id))


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
    indicator = _get(session, Indicator, indicator_id)

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

    return _attempt(
        session, act, lambda **kw: _indicator_page(request, session, actor, indicator, **kw)
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
    return _attempt(
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


# --- exclusions and review -----------------------------------------------------------------


def _exclusions_page(request, session, actor, **extra) -> Response:
    session.flush()
    return render(
        request,
        "linking/exclusions.html",
        actor,
        rows=exclusions.exclusions(session),
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

    return _attempt(
        session, act, lambda **kw: _exclusions_page(request, session, actor, form=form, **kw)
    )


@router.post("/analysis/exclusions/{exclusion_id:int}/delete")
def remove_exclusion(
    request: Request, exclusion_id: RecordId, session: DbSession, actor: Analyst
) -> Response:
    exclusion = _get(session, LinkExclusion, exclusion_id)
    pattern = exclusion.pattern

    def act() -> str:
        result = exclusions.remove_exclusion(session, actor, exclusion)
        return i18n.DONE["exclusion_removed"].format(
            pattern=pattern, relinked=indicators.relinked_summary(result)
        )

    return _attempt(session, act, lambda **kw: _exclusions_page(request, session, actor, **kw))


# --- at-risk people ----------------------------------------------------------------------------


def _at_risk_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    offset = _int(request.query_params.get("offset")) or 0
    rows, total, by_status = at_risk.list_people(session, actor, status=status, offset=offset)
    warnings = scope.visible_ids(session, actor, Warning, (w.id for _, w in rows if w))
    return render(
        request,
        "linking/at_risk.html",
        actor,
        rows=rows,
        total=total,
        by_status=by_status,
        status=status,
        offset=offset,
        can_work=actor.can(Permission.analysis_work),
        # The warning a person became may be another unit's (pushed to the station by address).
        openable_warnings=warnings if actor.can(Permission.warnings_read) else set(),
        **extra,
    )


@router.get("/analysis/at-risk")
def at_risk_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """高危潜在受害人: found, waiting for contact details, pushed (with their station)."""
    return _at_risk_page(request, session, actor)


@router.get("/analysis/at-risk/calls")
def calls_import_page(request: Request, actor: Analyst) -> Response:
    return import_page(
        request,
        actor,
        action="/analysis/at-risk/calls",
        label=i18n.CALL_SHEET_NAME,
        back="/analysis/at-risk",
    )


@router.get("/analysis/at-risk/calls/template.xlsx", response_class=XlsxFile)
def calls_template(actor: Analyst) -> Response:
    return xlsx_response(at_risk.call_template(), i18n.FILES["call_template"])


@router.post("/analysis/at-risk/calls")
def calls_import(
    request: Request, session: DbSession, actor: Analyst, upload: UploadedFile
) -> Response:
    return import_upload(
        request,
        session,
        actor,
        lambda content: at_risk.import_calls(session, actor, content),
        upload.content,
        action="/analysis/at-risk/calls",
        label=i18n.CALL_SHEET_NAME,
        back="/analysis/at-risk",
    )


@router.post("/analysis/at-risk/{action}")
def at_risk_action(
    request: Request, action: str, session: DbSession, actor: Analyst, posted: PostedForm
) -> Response:
    """研判 the statements for payers, or push the chosen (or every ready) person."""
    form = form_dict(posted, lists=("person_id",))

    def act() -> str:
        if action == "scan":
            found = at_risk.find_payers(session, actor)
            return i18n.DONE["payers_found"].format(count=found)
        if action == "push":
            ids = [int(i) for i in form["person_id"] if str(i).isdigit()]
            people = at_risk.ready_people(session, actor, ids)
            if not people:
                raise NothingToPush()
            created = at_risk.push(session, actor, people)
            return i18n.DONE["pushed"].format(count=created)
        raise NotFound()

    return _attempt(session, act, lambda **kw: _at_risk_page(request, session, actor, **kw))


@router.post("/analysis/at-risk/{person_id:int}/{action}")
def at_risk_person_action(
    request: Request,
    action: str,
    session: DbSession,
    actor: Analyst,
    person: ScopedAtRiskPerson,
    posted: PostedForm,
) -> Response:
    """补充联系方式 or 不推送."""
    form = form_dict(posted)

    def act() -> str:
        if action == "identity":
            at_risk.set_identity(
                session,
                actor,
                person,
                name=str(form.get("name") or ""),
                phone=str(form.get("phone") or ""),
                id_number=str(form.get("id_number") or ""),
                address=str(form.get("address") or ""),
            )
            return i18n.DONE["identity_set"]
        if action == "dismiss":
            at_risk.dismiss(session, actor, person, reason=str(form.get("reason") or ""))
            return i18n.DONE["dismissed"]
        raise NotFound()

    return _attempt(session, act, lambda **kw: _at_risk_page(request, session, actor, **kw))


# --- blocking requests -----------------------------------------------------------------------


def _blocking_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    target = request.query_params.get("target", "")
    offset = _int(request.query_params.get("offset")) or 0
    rows, total = blocking.list_requests(session, status=status, target=target, offset=offset)
    now = clock.now()
    month_start = clock.day_start(now.astimezone(clock.SHANGHAI).date().replace(day=1))
    return render(
        request,
        "linking/blocking.html",
        actor,
        rows=rows,
        total=total,
        offset=offset,
        status=status,
        target=target,
        month=blocking.counts(session, month_start, now + timedelta(seconds=1)),
        drafts=blocking.drafts_by_target(session),
        allowed=blocking.MACHINE.moves,
        can_work=actor.can(Permission.analysis_work),
        **extra,
    )


@router.get("/analysis/blocking")
def blocking_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """封停 requests by status and target, this month's counts per kind, batches to send."""
    return _blocking_page(request, session, actor)


@router.post("/analysis/blocking/submit", response_class=XlsxFile)
def blocking_submit(
    request: Request, session: DbSession, actor: Analyst, posted: PostedForm
) -> Response:
    """报送: every draft for one target becomes 已报送; the batch's Excel is the download."""
    form = form_dict(posted)
    target = str(form.get("target") or "")
    if target not in zh_CN.BLOCK_TARGETS:
        return _blocking_page(
            request, session, actor, status_code=422, error=i18n.BLOCK_TARGET_MISSING
        )
    try:
        with session.begin_nested():
            batch_no, content = blocking.submit_batch(session, actor, BlockTarget(target))
    except DomainError as exc:
        return _blocking_page(
            request, session, actor, status_code=exc.status_code, error=exc.message
        )
    return xlsx_response(
        content,
        i18n.FILES["blocks_for"].format(target=zh_CN.BLOCK_TARGETS[target], batch_no=batch_no),
    )


@router.get("/analysis/blocking/batches/{batch_no}.xlsx", response_class=XlsxFile)
def blocking_batch(batch_no: str, session: DbSession, actor: Reader) -> Response:
    return xlsx_response(
        blocking.batch_workbook(session, batch_no), i18n.FILES["blocks"].format(batch_no=batch_no)
    )


@router.post("/analysis/blocking/{block_id:int}/transition")
def blocking_transition(
    request: Request,
    session: DbSession,
    actor: Analyst,
    block_id: RecordId,
    posted: PostedForm,
) -> Response:
    """The target's answer (受理 / 已封停 / 未采纳), an appeal, its outcome."""
    form = form_dict(posted)
    block = _get(session, BlockRequest, block_id)
    to = str(form.get("to") or "")

    def act() -> str:
        if to not in zh_CN.BLOCK_STATUSES:
            raise ActionMissing()
        blocking.transition(
            session, actor, block, BlockStatus(to), note=str(form.get("note") or "")
        )
        return i18n.DONE["block_moved"].format(id=block.id, status=zh_CN.BLOCK_STATUSES[to])

    return _attempt(session, act, lambda **kw: _blocking_page(request, session, actor, **kw))


# --- leads -------------------------------------------------------------------------------------


def _leads_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    return render(
        request,
        "linking/leads.html",
        actor,
        inbox=leads.listed(session, inbox_of=actor, status=status),
        sent=leads.listed(session, inbox_of=actor, status=status, limit=200)
        if actor.can(Permission.analysis_read)
        else [],
        status=status,
        now=clock.now(),
        is_overdue=leads.is_overdue,
        can_send=actor.can(Permission.analysis_work),
        units=org.unit_options(org.list_units(session, actor)),
        gangs=[g for g, *_ in gangs.list_gangs(session, actor, limit=200)[0]]
        if actor.can(Permission.analysis_read)
        else [],
        **{"form": {}, **extra},
    )


@router.get("/leads")
def leads_page(request: Request, session: DbSession, actor: Inbox) -> Response:
    """The unit's inbox of leads (overdue in red) and, for the center, the leads it sent."""
    return _leads_page(request, session, actor)


@router.post("/leads")
def send_lead(request: Request, session: DbSession, actor: Analyst, posted: PostedForm) -> Response:
    form = form_dict(posted)

    def act() -> str:
        unit_id = _int(form.get("unit_id"))
        if unit_id is None:
            raise LeadUnitMissing(field="unit_id")
        try:
            due_at = clock.parse_local(str(form.get("due_at") or ""))
        except ValueError as exc:
            raise LeadDueUnreadable(problem=str(exc), field="due_at") from exc
        gang_id = _int(form.get("gang_id"))
        lead = leads.send_lead(
            session,
            actor,
            unit_id=unit_id,
            title=str(form.get("title") or ""),
            content=str(form.get("content") or ""),
            due_at=due_at,
            gang=scope.get_scoped(session, actor, Gang, gang_id) if gang_id else None,
        )
        return i18n.DONE["lead_sent"].format(lead_no=lead.lead_no, unit=lead.unit.name)

    return _attempt(
        session, act, lambda **kw: _leads_page(request, session, actor, form=form, **kw)
    )


@router.post("/leads/{lead_id:int}/{action}")
def lead_action(
    request: Request,
    action: str,
    session: DbSession,
    actor: Inbox,
    lead: ScopedLead,
    posted: PostedForm,
) -> Response:
    """反馈 (the receiving unit) or 办结 (the center)."""
    form = form_dict(posted)

    def act() -> str:
        if action == "answer":
            try:
                recovered = parse_yuan(str(form.get("recovered_yuan") or "0"))
            except ValueError as exc:
                raise LeadRecoveredUnreadable(problem=str(exc), field="recovered_yuan") from exc
            arrests = str(form.get("arrests") or "0").strip()
            if not arrests.isdigit():
                raise LeadArrestsNotInteger(field="arrests")
            leads.answer(
                session,
                actor,
                lead,
                result=str(form.get("result") or ""),
                arrests=int(arrests),
                recovered_fen=recovered,
            )
            return i18n.DONE["lead_answered"].format(lead_no=lead.lead_no)
        if action == "close":
            if not actor.can(Permission.analysis_work):
                raise NotFound()
            leads.close(session, actor, lead)
            return i18n.DONE["lead_closed"].format(lead_no=lead.lead_no)
        raise NotFound()

    return _attempt(session, act, lambda **kw: _leads_page(request, session, actor, **kw))


# --- two-card watch ------------------------------------------------------------------------------


@router.get("/analysis/mules")
def mules_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """两卡: accounts in several cases or passing money straight through, by holder."""
    return render(
        request,
        "linking/mules.html",
        actor,
        holders=watch.holders(session, actor, limit=500),
        can_unmask=actor.can(Permission.pii_unmask),
        fast_minutes=watch.FAST_MINUTES,
    )


@router.get("/analysis/mules.xlsx", response_class=XlsxFile)
def mules_export(session: DbSession, actor: Reader) -> Response:
    return xlsx_response(watch.export(session, actor, unmasked=False), i18n.FILES["watch"])


@router.post("/analysis/mules.xlsx", response_class=XlsxFile)
def mules_export_full(
    session: DbSession, actor: Unmasker, reason: Annotated[str, Form()] = ""
) -> Response:
    """With full names and ID numbers, for the 两卡 enforcement team; audited with the stated
    reason."""
    return xlsx_response(
        watch.export(session, actor, unmasked=True, reason=reason),
        i18n.FILES["watch_full"],
    )
