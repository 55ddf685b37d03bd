"""Pages of the warnings domain: the live board, a warning's ladder, the field phone page,
manual entry, the center's routing queue and the feedback export."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.config import get_settings
from fanzha.db import libpq_url
from fanzha.fields import Day, Maybe, RecordId
from fanzha.i18n import warnings as i18n
from fanzha.i18n import zh_CN
from fanzha.liaison import centers, letters
from fanzha.money import InvalidAmount, format_yuan, parse_yuan
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.warnings import (
    board,
    feedback,
    figures,
    importer,
    intake,
    ladder,
    stats,
    transfer_letters,
    transfers,
)
from fanzha.warnings.errors import TransferLetterFontMissing
from fanzha.warnings.live import hub_for
from fanzha.warnings.models import Grade, TransferDirection, Warning, WarningStatus, WarningTransfer
from fanzha.warnings.schemas import (
    AttemptIn,
    CorrectionIn,
    OutcomeIn,
    TransferAnswerIn,
    TransferOutIn,
    WarningIn,
)
from fanzha.web import imports, lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict, validate_form
from fanzha.web.responses import PdfFile, XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedDoorVisit, ScopedWarning
from fanzha.web.templating import is_htmx, render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.warnings_read))]
Worker = Annotated[Principal, Depends(require(Permission.warnings_work))]
Sender = Annotated[Principal, Depends(require(Permission.warnings_intake))]
FeedbackReader = Annotated[Principal, Depends(require(Permission.warnings_feedback))]
Revealer = Annotated[Principal, Depends(require(Permission.warnings_read, Permission.pii_unmask))]
PAGE = 100


def _filters(grade: str | None, status: str | None, overdue: bool, unrouted: bool):
    return board.Filters(
        grade=grade or None, status=status or None, overdue=overdue, unrouted=unrouted
    )


@router.get("/warnings")
def board_page(
    request: Request,
    session: DbSession,
    actor: Reader,
    grade: Maybe[Grade] = None,
    status: Maybe[WarningStatus] = None,
    overdue: bool = False,
    unrouted: bool = False,
) -> Response:
    """The live board of the caller's unit: open warnings, unsigned first then the nearest
    deadline, counts on top; paged, sortable, filtered by the URL; `?export=xlsx` exports."""
    filters = _filters(grade, status, overdue, unrouted)
    view = lists.list_view(
        request,
        BOARD_FILTERS,
        values={
            "grade": grade,
            "status": status,
            "overdue": "true" if overdue else None,
            "unrouted": "true" if unrouted else None,
        },
    )
    if lists.wants_export(request):
        rows = board.board_export_rows(session, actor, filters, view.query)
        return lists.export(
            session,
            actor,
            view,
            name="warnings",
            headers=i18n.BOARD_EXPORT,
            rows=[_board_line(w) for w in rows],
        )
    page = board.board(session, actor, filters, query=view.query)
    template = "warnings/_board.html" if is_htmx(request) else "warnings/board.html"
    return render(
        request,
        template,
        actor,
        page=page,
        pg=page.page,
        lv=view,
        now=clock.now(),
        filters={k: view.query.get(k) for k in BOARD_FILTERS},
        overdue_clocks=board.overdue_clocks,
        next_due=board.next_due,
        person=board.person,
    )


BOARD_FILTERS = ("grade", "status", "overdue", "unrouted")


def _board_line(w: Warning) -> list[object]:
    p = board.person(w)
    due = board.next_due(w)
    return [
        w.external_id,
        zh_CN.GRADES[w.grade],
        p.name or "",
        p.phone or "",
        zh_CN.FRAUD_TYPES[w.fraud_type],
        format_yuan(w.amount_fen) if w.amount_fen else "",
        zh_CN.WARNING_STATUSES[w.status],
        clock.local(w.received_at),
        clock.local(due) if due else "",
        w.unit.name,
    ]


@router.get("/warnings/stream", include_in_schema=False)  # an event stream, not JSON
def board_stream(request: Request, session: DbSession, actor: Reader) -> StreamingResponse:
    """Server-Sent Events for the caller's subtree: `warning` events, and a heartbeat.

    The route itself is plain (it reads the session's bind); only the stream is async, and it
    runs on the event loop, where the hub lives."""
    url = libpq_url(session.get_bind().engine.url.render_as_string(hide_password=False))
    unit_path = actor.unit_path

    async def events():
        yield "retry: 2000\n\n"
        async for event in hub_for(url).subscribe(unit_path):
            if await request.is_disconnected():
                break
            if event is None:
                yield ": heartbeat\n\n"
            else:
                yield f"event: warning\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _detail(
    request: Request,
    session: DbSession,
    actor: Principal,
    warning: Warning,
    *,
    status_code: int = 200,
    **extra,
) -> Response:
    task = board.live_task(session, warning)
    mine = bool(task and task.claimed_by_id == actor.id)
    shown = board.person(warning)
    if mine:  # the dissuader who claimed the visit needs the number and the door
        shown = board.reveal_person(session, actor, warning)
    template = "warnings/_ladder.html" if is_htmx(request) else "warnings/detail.html"
    return render(
        request,
        template,
        actor,
        status_code=status_code,
        warning=warning,
        person=shown,
        attempts=board.attempts(session, warning),
        task=task,
        mine=mine,
        now=clock.now(),
        late=board.overdue_clocks(warning, clock.now()),
        case=warning.draft_case if warning.outcome else None,  # opened by cases.reactions
        grids=[] if warning.routed else _grids_by_unit(session, actor),
        choices=board.route_choices(session, actor, warning),
        history=history.timeline(session, actor, {"warnings": [warning.id]}),
        history_oob=is_htmx(request),
        transfers=transfers.of_warning(session, warning),
        live_transfer=transfers.live_outgoing(session, warning),
        evidence=transfers.evidence(warning),
        centers=centers.list_centers(session, active_only=True),
        suggested=transfers.suggested_center(session, warning),
        transfer_late=transfers.late,
        answers=transfers.ANSWERS,
        transfer_text=i18n,
        # From the phone page, or on a visit of one's own: the way back to 我的任务.
        from_field=mine or request.query_params.get("from") == "field",
        **{"offer_door_visit": False, "form": {}, "errors": {}, "correction": {}, "saved": None}
        | extra,
    )


@router.get("/warnings/new")
def new_page(request: Request, actor: Sender) -> Response:
    return render(request, "warnings/new.html", actor, form={"source": "walk_in"}, errors={})


@router.post("/warnings/new")
def new_submit(request: Request, session: DbSession, actor: Sender, posted: PostedForm) -> Response:
    """Manual entry for walk-ins and bank counters: the same intake as the platforms use."""
    form = form_dict(posted)
    form.setdefault("issued_at", clock.now().isoformat())
    if form.get("amount_yuan"):
        try:
            form["amount_fen"] = parse_yuan(str(form["amount_yuan"]))
        except InvalidAmount as exc:
            return render(
                request,
                "warnings/new.html",
                actor,
                status_code=422,
                form=form,
                errors={"amount_yuan": str(exc)},
            )
    typed = {k: v for k, v in form.items() if k != "amount_yuan"}
    typed.setdefault("external_id", f"MANUAL-{clock.now():%Y%m%d%H%M%S%f}")
    for flag in ("money_moving", "on_call"):
        typed[flag] = form[flag] = form.get(flag) in ("true", "on")
    data, errors = validate_form(WarningIn, typed)
    if data is None:
        # The amount is typed in yuan: its error (negative, too large) goes beside that field.
        if "amount_fen" in errors:
            errors["amount_yuan"] = errors.pop("amount_fen")
        return render(
            request, "warnings/new.html", actor, status_code=422, form=form, errors=errors
        )
    [(warning_id, _)] = intake.store(session, actor, [data])
    return RedirectResponse(f"/warnings/{warning_id}", status_code=303)


_IMPORT = {"action": "/warnings/import", "label": i18n.SUBJECT, "back": "/warnings"}


@router.get("/warnings/import/template", response_class=XlsxFile)
def import_template(actor: Sender) -> Response:
    return xlsx_response(importer.template(), i18n.FILES["template"])


@router.get("/warnings/import")
def import_page(request: Request, actor: Sender) -> Response:
    """Excel import of a platform's export, for days when the interface is down."""
    return imports.import_page(request, actor, **_IMPORT)


@router.post("/warnings/import")
def import_upload(
    request: Request, session: DbSession, actor: Sender, upload: UploadedFile
) -> Response:
    return imports.import_upload(
        request,
        session,
        actor,
        lambda content: importer.import_warnings(session, actor, content),
        upload.content,
        **_IMPORT,
    )


@router.get("/warnings/prognosis")
def prognosis_page(
    request: Request,
    session: DbSession,
    actor: Reader,
    since: Maybe[Day] = None,
    until: Maybe[Day] = None,
) -> Response:
    """预后被骗率 per unit for warnings received in [since, until] (default: this year)."""
    today = clock.now().astimezone(clock.SHANGHAI).date()
    since = since or today.replace(month=1, day=1)
    until = until or today
    rows, total = stats.prognosis_rates(session, actor, since, until + timedelta(days=1))
    return render(
        request,
        "warnings/prognosis.html",
        actor,
        rows=rows,
        total=total,
        transfer_months=figures.transfer_figures(session, actor, since, until + timedelta(days=1)),
        since=since,
        until=until,
    )


@router.get("/warnings/feedback.xlsx", response_class=XlsxFile)
def feedback_export(
    session: DbSession, actor: FeedbackReader, since: Maybe[Day] = None, until: Maybe[Day] = None
) -> Response:
    """平台反馈 as Excel: every closed warning in scope for the days asked (default today)."""
    first = since or clock.now().astimezone(clock.SHANGHAI).date()
    last = until or first
    content = feedback.export(
        session, actor, clock.day_start(first), clock.day_start(last + timedelta(days=1))
    )
    return xlsx_response(content, i18n.FILES["feedback"].format(first=first, last=last))


def _grids_by_unit(session, actor) -> list[tuple[str, list]]:
    """Manual routing's choices grouped by community ("江滨派出所 / 春晖社区警务室"), in tree
    order: a 600-grid drop-down one can scan by station instead of one flat list."""
    units = org.list_units(session, actor)
    grids, _ = org.list_grids(session, actor, limit=2000)
    by_unit: dict[int, list] = {}
    for grid in grids:
        by_unit.setdefault(grid.unit_id, []).append(grid)
    return [(org.unit_label(u), by_unit[u.id]) for u in units if u.id in by_unit]


@router.get("/warnings/{warning_id:int}")
def detail_page(
    request: Request, session: DbSession, actor: Reader, warning: ScopedWarning
) -> Response:
    return _detail(request, session, actor, warning)


@router.post("/warnings/{warning_id:int}/reveal")
def reveal(
    request: Request, session: DbSession, actor: Revealer, warning: ScopedWarning
) -> Response:
    return render(
        request, "warnings/_person.html", actor, person=board.reveal_person(session, actor, warning)
    )


@router.post("/warnings/{warning_id:int}/sign")
def sign(request: Request, session: DbSession, actor: Worker, warning: ScopedWarning) -> Response:
    ladder.sign(session, actor, warning)
    return _detail(request, session, actor, warning)


@router.post("/warnings/{warning_id:int}/attempts")
def attempt(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    """Record one attempt (two taps on the phone page: kind, then result)."""
    data, errors = validate_form(AttemptIn, form_dict(posted))
    if data is None:
        return _detail(request, session, actor, warning, status_code=422, errors=errors)
    saved, offer = ladder.record_attempt(
        session, actor, warning, kind=data.kind, result=data.result, note=data.note
    )
    return _detail(request, session, actor, warning, offer_door_visit=offer, saved=saved)


@router.post("/warnings/{warning_id:int}/door-visit")
def door_visit(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning
) -> Response:
    """联系不上，转上门."""
    ladder.escalate_to_door_visit(session, actor, warning)
    return _detail(request, session, actor, warning)


@router.post("/warnings/tasks/{task_id:int}/claim")
def claim(request: Request, session: DbSession, actor: Worker, task: ScopedDoorVisit) -> Response:
    ladder.claim(session, actor, task)
    # On to the visit, with the way back to 我的任务 shown there.
    return RedirectResponse(f"/warnings/{task.warning_id}?from=field", status_code=303)


@router.post("/warnings/{warning_id:int}/outcome")
def outcome(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(OutcomeIn, form)
    if data is None:
        return _detail(request, session, actor, warning, status_code=422, errors=errors, form=form)
    ladder.close(
        session,
        actor,
        warning,
        outcome=data.outcome,
        protected_fen=data.protected_fen,
        note=data.note,
    )
    return _detail(request, session, actor, warning)


@router.post("/warnings/{warning_id:int}/outcome/correct")
def correct_outcome(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    """更正反馈: a closed warning's outcome replaced, with the reason (the platform is told
    again; a draft case opened by 已被骗 is voided when the outcome no longer is)."""
    form = form_dict(posted)
    data, errors = validate_form(CorrectionIn, form)
    if data is None:
        return _detail(
            request, session, actor, warning, status_code=422, errors=errors, correction=form
        )
    ladder.correct_outcome(
        session,
        actor,
        warning,
        outcome=data.outcome,
        protected_fen=data.protected_fen,
        note=data.note,
        reason=data.reason,
    )
    return _detail(request, session, actor, warning)


@router.post("/warnings/{warning_id:int}/route")
def route(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    """The center's manual routing of an address that did not match."""
    grid_id = str(posted.get("grid_id", ""))
    if not grid_id.isdigit():
        return _detail(
            request, session, actor, warning, status_code=422, errors={"grid_id": i18n.GRID_MISSING}
        )
    ladder.route_manually(session, actor, warning, int(grid_id))
    return _detail(request, session, actor, warning)


# --- 外地对象 and 跨区域移交 ---------------------------------------------------------------


@router.post("/warnings/{warning_id:int}/out-of-area")
def out_of_area(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    """外地对象: the person is elsewhere; the routing clock stops, the ladder goes on."""
    transfers.mark_out_of_area(session, actor, warning, str(posted.get("note", "")))
    return _detail(request, session, actor, warning)


@router.post("/warnings/{warning_id:int}/transfer")
def transfer_out(
    request: Request, session: DbSession, actor: Worker, warning: ScopedWarning, posted: PostedForm
) -> Response:
    """移交 to the center where the person is: the letter is then downloadable."""
    form = form_dict(posted)
    data, errors = validate_form(TransferOutIn, form)
    if data is None:
        return _detail(request, session, actor, warning, status_code=422, errors=errors)
    transfers.transfer_out(
        session, actor, warning, center_id=data.center_id, reason=data.reason, tried=data.tried
    )
    return _detail(request, session, actor, warning)


def _transfer(session: DbSession, actor: Principal, transfer_id: int) -> WarningTransfer:
    return scope.get_scoped(session, actor, WarningTransfer, transfer_id)


@router.post("/warnings/transfers/{transfer_id:int}/received")
def transfer_received(
    request: Request, session: DbSession, actor: Worker, transfer_id: RecordId
) -> Response:
    """已接收: the other center confirmed it took the transfer."""
    transfer = _transfer(session, actor, transfer_id)
    transfers.acknowledge(session, actor, transfer)
    return _detail(request, session, actor, transfer.warning)


@router.post("/warnings/transfers/{transfer_id:int}/answer")
def transfer_answer(
    request: Request, session: DbSession, actor: Worker, transfer_id: RecordId, posted: PostedForm
) -> Response:
    """已反馈: the other center's answer closes the warning with its outcome."""
    transfer = _transfer(session, actor, transfer_id)
    data, errors = validate_form(TransferAnswerIn, form_dict(posted))
    if data is None:
        return _detail(request, session, actor, transfer.warning, status_code=422, errors=errors)
    transfers.record_answer(
        session,
        actor,
        transfer,
        outcome=data.outcome,
        note=data.note,
        protected_fen=data.protected_fen,
    )
    return _detail(request, session, actor, transfer.warning)


@router.get("/warnings/transfers/{transfer_id:int}/letter.pdf", response_class=PdfFile)
def transfer_letter_pdf(session: DbSession, actor: Worker, transfer_id: RecordId) -> Response:
    """跨区域预警移交函 as PDF (the person unmasked: audited)."""
    transfer = _transfer(session, actor, transfer_id)
    try:
        font = letters.find_font(get_settings().pdf_font)
    except letters.FontMissing as exc:
        raise TransferLetterFontMissing() from exc
    number = transfer_letters.number(transfer)
    content = transfer_letters.pdf(transfer, transfer.warning.unit.name, actor.name, font)
    transfers.letter_issued(session, actor, transfer, number)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{number}.pdf"'},
    )


@router.get("/warnings/transfers/{transfer_id:int}/letter.xlsx", response_class=XlsxFile)
def transfer_letter_xlsx(session: DbSession, actor: Worker, transfer_id: RecordId) -> Response:
    transfer = _transfer(session, actor, transfer_id)
    number = transfer_letters.number(transfer)
    content = transfer_letters.workbook(transfer)
    transfers.letter_issued(session, actor, transfer, number)
    return xlsx_response(content, i18n.TRANSFER_FILES["xlsx"].format(number=number))


@router.get("/warnings/transfers")
def transfers_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Transfers out (waiting for the other center) or in (our answer owed), one direction a
    tab, paged, late flagged; `?export=xlsx` is the tab's filtered rows."""
    args = request.query_params
    way = args.get("direction", "")
    way = way if way in i18n.TRANSFER_DIRECTIONS else TransferDirection.outgoing.value
    status = args.get("status", "") if args.get("status") in i18n.TRANSFER_STATUSES else ""
    view = lists.list_view(
        request, ("direction", "status"), values={"direction": way, "status": status}
    )
    now = clock.now()
    if lists.wants_export(request):
        query = replace(view.query, page=1, size=listing.EXPORT_CAP)
        rows = transfers.page(session, actor, TransferDirection(way), query, status=status).rows
        return lists.export(
            session,
            actor,
            view,
            name="transfers",
            headers=i18n.TRANSFER_EXPORT,
            rows=[_transfer_line(t, now) for t in rows],
        )
    return render(
        request,
        "warnings/transfers.html",
        actor,
        pg=transfers.page(session, actor, TransferDirection(way), view.query, status=status),
        lv=view,
        direction=way,
        status=status,
        late=transfers.late,
        transfer_text=i18n,
        now=now,
    )


def _transfer_line(t, now) -> list[object]:
    late = i18n.TRANSFER_LATE[bool(t.answered_at)] if transfers.late(t, now) else ""
    status = i18n.TRANSFER_STATUSES[t.status]
    return [
        t.warning_id,
        t.center_name,
        status,
        clock.local(t.sent_at),
        clock.local(t.due_at),
        clock.local(t.answered_at),
        late,
    ]


@router.get("/field")
def field_page(request: Request, session: DbSession, actor: Worker) -> Response:
    """The dissuader's phone page: 我的任务 / 可认领 / 已完成 (?tab=open, ?tab=done)."""
    tab = request.query_params.get("tab", "mine")
    if tab not in i18n.FIELD_TABS:
        tab = "mine"
    return render(
        request,
        "warnings/field.html",
        actor,
        tab=tab,
        tabs=i18n.FIELD_TABS,
        empty=i18n.FIELD_EMPTY,
        tasks=board.field_tasks(session, actor),
        person=board.person,
        now=clock.now(),
    )
