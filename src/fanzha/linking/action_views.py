"""What analysis sets in motion: blocking requests (封停) sent in batches to the operators and
platforms, and leads (线索) sent to units and answered by them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.errors import DomainError, NotFound
from fanzha.fields import RecordId
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.linking import blocking, gangs, leads
from fanzha.linking.errors import (
    ActionMissing,
    LeadArrestsNotInteger,
    LeadDueUnreadable,
    LeadRecoveredUnreadable,
    LeadUnitMissing,
)
from fanzha.linking.models import (
    BlockRequest,
    BlockStatus,
    BlockTarget,
    Gang,
)
from fanzha.linking.pages import attempt, get_shared, optional_int
from fanzha.listing import EXPORT_CAP
from fanzha.money import format_yuan, parse_yuan
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedLead
from fanzha.web.templating import render

router = APIRouter()

Analyst = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.analysis_work))]
Inbox = Annotated[Principal, Depends(require(Permission.leads_answer))]
Reader = Annotated[Principal, Depends(require(Permission.analysis_read))]


def _blocking_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    status = status if status in zh_CN.BLOCK_STATUSES else ""
    target = request.query_params.get("target", "")
    target = target if target in zh_CN.BLOCK_TARGETS else ""
    view = lists.list_view(
        request, ("status", "target"), values={"status": status, "target": target}
    )
    if lists.wants_export(request) and not extra:
        rows, _ = blocking.list_requests(
            session,
            status=status,
            target=target,
            query=replace(view.query, page=1, size=EXPORT_CAP),
        )
        return lists.export(
            session,
            actor,
            view,
            name="blocking",
            headers=i18n.BLOCK_LIST_EXPORT,
            rows=[_block_line(b) for b in rows],
        )
    rows, total = blocking.list_requests(session, status=status, target=target, query=view.query)
    now = clock.now()
    month_start = clock.day_start(now.astimezone(clock.SHANGHAI).date().replace(day=1))
    return render(
        request,
        "linking/blocking.html",
        actor,
        rows=rows,
        total=total,
        pg=listing.Page(rows=rows, total=total, query=view.query),
        lv=view,
        status=status,
        target=target,
        month=blocking.counts(session, month_start, now + timedelta(seconds=1)),
        drafts=blocking.drafts_by_target(session),
        allowed=blocking.MACHINE.moves,
        can_work=actor.can(Permission.analysis_work),
        **extra,
    )


def _block_line(b) -> list[object]:
    return [
        b.id,
        zh_CN.INDICATOR_KINDS[b.indicator.kind],
        b.indicator.value,
        zh_CN.BLOCK_TARGETS[b.target],
        b.reason,
        len(b.case_ids),
        zh_CN.BLOCK_STATUSES[b.status],
        b.batch_no,
        clock.local(b.created_at),
    ]


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


def _block_page(request, session, actor, block: BlockRequest, **extra) -> Response:
    session.flush()
    return render(
        request,
        "linking/block.html",
        actor,
        block=block,
        allowed=blocking.MACHINE.moves,
        can_work=actor.can(Permission.analysis_work),
        history=history.timeline(session, actor, {"block_requests": [block.id]}),
        **extra,
    )


@router.get("/analysis/blocking/{block_id:int}")
def block_page(request: Request, session: DbSession, actor: Reader, block_id: RecordId) -> Response:
    """One 封停申请: what, why, its answers, the transition form and its history."""
    return _block_page(request, session, actor, get_shared(session, BlockRequest, block_id))


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
    block = get_shared(session, BlockRequest, block_id)
    to = str(form.get("to") or "")

    def act() -> str:
        if to not in zh_CN.BLOCK_STATUSES:
            raise ActionMissing()
        blocking.transition(
            session, actor, block, BlockStatus(to), note=str(form.get("note") or "")
        )
        return i18n.DONE["block_moved"].format(id=block.id, status=zh_CN.BLOCK_STATUSES[to])

    return attempt(
        session,
        act,
        lambda **kw: _block_page(request, session, actor, block, **kw),
        request=request,
        back=f"/analysis/blocking/{block.id}",
    )


def _leads_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    status = status if status in zh_CN.LEAD_STATUSES else ""
    view = lists.list_view(request, ("status",), values={"status": status})
    if lists.wants_export(request) and not extra:
        rows = leads.page(
            session,
            inbox_of=actor,
            status=status,
            query=replace(view.query, page=1, size=EXPORT_CAP),
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="leads",
            headers=i18n.LEAD_LIST_EXPORT,
            rows=[_lead_line(lead) for lead in rows],
        )
    page = leads.page(session, inbox_of=actor, status=status, query=view.query)
    return render(
        request,
        "linking/leads.html",
        actor,
        inbox=page.rows,
        pg=page,
        lv=view,
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


def _lead_line(lead) -> list[object]:
    return [
        lead.lead_no,
        lead.title,
        lead.unit.name,
        clock.local(lead.sent_at),
        clock.local(lead.due_at),
        zh_CN.LEAD_STATUSES[lead.status],
        lead.result,
        lead.arrests,
        format_yuan(lead.recovered_fen),
    ]


@router.get("/leads")
def leads_page(request: Request, session: DbSession, actor: Inbox) -> Response:
    """The unit's inbox of leads (overdue in red) and, for the center, the leads it sent."""
    return _leads_page(request, session, actor)


def _lead_page(request, session, actor, lead, **extra) -> Response:
    session.flush()
    return render(
        request,
        "linking/lead.html",
        actor,
        lead=lead,
        now=clock.now(),
        is_overdue=leads.is_overdue,
        can_send=actor.can(Permission.analysis_work),
        history=history.timeline(session, actor, {"leads": [lead.id]}),
        **{"form": {}, **extra},
    )


@router.get("/leads/{lead_id:int}")
def lead_page(request: Request, session: DbSession, actor: Inbox, lead: ScopedLead) -> Response:
    """One 线索 of the caller's units: content, deadline, feedback form or result, history."""
    return _lead_page(request, session, actor, lead)


@router.post("/leads")
def send_lead(request: Request, session: DbSession, actor: Analyst, posted: PostedForm) -> Response:
    form = form_dict(posted)

    def act() -> str:
        unit_id = optional_int(form.get("unit_id"))
        if unit_id is None:
            raise LeadUnitMissing(field="unit_id")
        try:
            due_at = clock.parse_local(str(form.get("due_at") or ""))
        except ValueError as exc:
            raise LeadDueUnreadable(problem=str(exc), field="due_at") from exc
        gang_id = optional_int(form.get("gang_id"))
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

    return attempt(
        session,
        act,
        lambda **kw: _leads_page(request, session, actor, form=form, **kw),
        request=request,
        back="/leads",
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

    return attempt(
        session,
        act,
        lambda **kw: _lead_page(request, session, actor, lead, form=form, **kw),
        request=request,
        back=f"/leads/{lead.id}",
    )
