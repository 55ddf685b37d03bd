"""The tips inbox (/tips): every tip city-wide for tips.read; triage, assignment as a lead,
replies to the reporter and closing for tips.work; tips of 110, letters and visits typed in
on /tips/new (the receipt code shown once, for the officer to hand over). The reporter's
identity is only ever a link to its vault record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.errors import DomainError
from fanzha.fields import RecordId
from fanzha.i18n import public as text
from fanzha.i18n import rewards as i18n
from fanzha.linking.errors import LeadDueUnreadable
from fanzha.org import service as org
from fanzha.public import tips
from fanzha.public.tip_models import TipAttachment
from fanzha.rewards import tips_inbox as inbox
from fanzha.rewards.errors import TipNotFound
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm
from fanzha.web.responses import JpegImage
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/tips")

Reader = Annotated[Principal, Depends(require(Permission.tips_read))]
Worker = Annotated[Principal, Depends(require(Permission.tips_work))]
FILTERS = ("status", "channel", "category")


def _common() -> dict[str, Any]:
    return {
        "tt": i18n.TIPS,
        "categories": text.TIP_CATEGORIES,
        "channels": text.TIP_CHANNELS,
        "statuses": text.TIP_STATUSES,
        "outcomes": text.TIP_OUTCOMES,
    }


@router.get("")
def tips_list(request: Request, session: DbSession, actor: Reader) -> Response:
    view = lists.list_view(request, FILTERS)
    page = inbox.page(session, view.query)
    return render(request, "rewards/tips.html", actor, page=page, view=view, **_common())


def _new(request, actor, *, form=None, errors=None, status_code=200):
    return render(
        request,
        "rewards/tip_new.html",
        actor,
        status_code=status_code,
        form=form or {},
        errors=errors or {},
        **_common(),
    )


@router.get("/new")
def tip_new(request: Request, actor: Worker) -> Response:
    return _new(request, actor)


@router.post("/new")
def tip_enter(request: Request, session: DbSession, actor: Worker, posted: PostedForm) -> Response:
    """Type in a 110 / letter / visit tip; the answer shows its receipt code once."""
    keys = ("channel", "category", "description", "name", "phone", "id_number")
    form = {k: str(posted.get(k) or "") for k in keys}
    named = any(form[k].strip() for k in ("name", "phone", "id_number"))
    reporter = tips.Reporter(form["name"], form["phone"], form["id_number"]) if named else None
    try:
        with session.begin_nested():
            tip, code = inbox.enter(
                session,
                actor,
                channel=form["channel"],
                category=form["category"],
                description=form["description"],
                reporter=reporter,
            )
    except DomainError as exc:
        errors = {exc.field or "description": exc.message}
        return _new(request, actor, form=form, errors=errors, status_code=exc.status_code)
    response = render(
        request, "rewards/tip_code.html", actor, tip=tip, code=tips.group(code), **_common()
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _tip_page(request, session, actor, tip, *, errors=None, form=None, status_code=200):
    return render(
        request,
        "rewards/tip.html",
        actor,
        status_code=status_code,
        tip=tip,
        messages=tips.messages(session, tip),
        attachments=tips.attachments(session, tip),
        found=inbox.duplicates(session, tip),
        title=inbox.lead_title(tip),
        units=org.unit_options(org.list_units(session, actor)),
        can_work=actor.can(Permission.tips_work),
        history=history.timeline(session, actor, {"tips": [tip.id]}),
        errors=errors or {},
        form=form or {},
        **_common(),
    )


@router.get("/{tip_id:int}")
def tip_page(request: Request, session: DbSession, actor: Reader, tip_id: RecordId) -> Response:
    return _tip_page(request, session, actor, inbox.get(session, tip_id))


@router.get("/{tip_id:int}/attachments/{attachment_id:int}", response_class=JpegImage)
def tip_attachment(
    session: DbSession, _: Reader, tip_id: RecordId, attachment_id: RecordId
) -> Response:
    """The stripped copy of a picture (never the sealed original)."""
    found = session.get(TipAttachment, attachment_id)
    if found is None or found.tip_id != tip_id:
        raise TipNotFound()
    return FileResponse(tips.copy_file(found), media_type="image/jpeg")


def _act(
    request: Request,
    session: DbSession,
    actor: Principal,
    tip_id: RecordId,
    posted: Any,
    act: Callable[[Any, dict[str, str]], str],
) -> Response:
    tip = inbox.get(session, tip_id)
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    try:
        with session.begin_nested():
            done = act(tip, form)
    except DomainError as exc:
        errors = {exc.field or "form": exc.message}
        return _tip_page(
            request, session, actor, tip, errors=errors, form=form, status_code=exc.status_code
        )
    return see_other(f"/tips/{tip.id}", done)


@router.post("/{tip_id:int}/reply")
def tip_reply(
    request: Request, session: DbSession, actor: Worker, tip_id: RecordId, posted: PostedForm
) -> Response:
    def act(tip, form):
        inbox.reply(session, actor, tip, form.get("body", ""))
        return i18n.TIPS["replied"]

    return _act(request, session, actor, tip_id, posted, act)


@router.post("/{tip_id:int}/category")
def tip_category(
    request: Request, session: DbSession, actor: Worker, tip_id: RecordId, posted: PostedForm
) -> Response:
    def act(tip, form):
        inbox.set_category(session, actor, tip, form.get("category", ""))
        return i18n.TIPS["filed"]

    return _act(request, session, actor, tip_id, posted, act)


@router.post("/{tip_id:int}/assign")
def tip_assign(
    request: Request, session: DbSession, actor: Worker, tip_id: RecordId, posted: PostedForm
) -> Response:
    def act(tip, form):
        unit = form.get("unit_id", "")
        try:
            due_at = clock.parse_local(form.get("due_at", ""))
        except ValueError as exc:
            raise LeadDueUnreadable(problem=str(exc), field="due_at") from exc
        lead = inbox.assign(
            session,
            actor,
            tip,
            unit_id=int(unit) if unit.isdigit() else 0,
            due_at=due_at,
            title=form.get("title", ""),
            content=form.get("content", ""),
        )
        return i18n.TIPS["assigned"].format(lead_no=lead.lead_no)

    return _act(request, session, actor, tip_id, posted, act)


@router.post("/{tip_id:int}/close")
def tip_close(
    request: Request, session: DbSession, actor: Worker, tip_id: RecordId, posted: PostedForm
) -> Response:
    def act(tip, form):
        earlier = form.get("duplicate_of", "").strip().lstrip("#")
        inbox.close(
            session,
            actor,
            tip,
            form.get("outcome", ""),
            int(earlier) if earlier.isdigit() else None,
        )
        return i18n.TIPS["closed"]

    return _act(request, session, actor, tip_id, posted, act)
