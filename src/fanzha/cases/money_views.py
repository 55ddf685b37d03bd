"""Pages and actions of the money loop: one-click stop-payment, bank feedback, 协查, freeze,
returns, the bank letters, the return register and the center's board of legal clocks.

Actions are htmx posts that answer with the case's money section re-rendered; a refusal
(a third stop-payment, a lapsed term) comes back as a toast with the reason.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.cases import assists, board, classifier, freezes, letters, returns, stop_payments
from fanzha.cases import service as cases
from fanzha.cases.errors import LetterFontMissing, NoStopPaymentYet
from fanzha.cases.models import AssistRequest, Case, Freeze, FundReturn, StopPayment
from fanzha.cases.schemas import (
    AssistAnswerIn,
    BankFeedbackIn,
    BranchCityIn,
    FreezeIn,
    PoolIn,
    ReasonIn,
    TraceableReturnIn,
)
from fanzha.config import get_settings
from fanzha.errors import NotFound
from fanzha.fields import Maybe, RecordId
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN as i18n_zh
from fanzha.i18n.validation import describe
from fanzha.masking import mask_bank_account
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.web import confirm, lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import FormInvalid, PostedForm, form_dict, validate_form
from fanzha.web.responses import PdfFile, XlsxFile, pdf_response, xlsx_response
from fanzha.web.scoped import ScopedCase
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.cases_read))]
Worker = Annotated[Principal, Depends(require(Permission.cases_work))]
Unmasker = Annotated[Principal, Depends(require(Permission.cases_read, Permission.pii_unmask))]
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def _form(posted: FormData, schema: type[M]) -> M:
    data, errors = validate_form(schema, form_dict(posted))
    if data is None:
        raise FormInvalid(problems=describe(errors))
    return data


def _section(
    request: Request,
    session: DbSession,
    actor: Principal,
    case: Case,
    notes: tuple[str, ...] = (),
) -> Response:
    session.flush()
    session.expire_all()  # bulk inserts bypass the identity map: read the section afresh
    return render(
        request, "cases/_money.html", actor, **board.case_money(session, case, stop_notes=notes)
    )


# --- stop-payment ------------------------------------------------------------------------


@router.post("/cases/{case_id:int}/stop-payments")
def stop_all(request: Request, session: DbSession, actor: Worker, case: ScopedCase) -> Response:
    """一键止付: accounts another case holds are joined, used-up ones named."""
    result = stop_payments.stop_all(session, actor, case)
    notes = result.refused
    if result.joined:
        notes = (i18n.STOP_NOTES["joined"].format(count=result.joined), *notes)
    return _section(request, session, actor, case, notes)


@router.post("/cases/{case_id:int}/stop-payments/{sp_id:int}/feedback")
def feedback(
    request: Request,
    sp_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, BankFeedbackIn)
    stop_payments.record_feedback(
        session, actor, scope.get_child(session, StopPayment, sp_id, case), data
    )
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/stop-payments/{sp_id:int}/renew")
def renew(
    request: Request,
    sp_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    """续止付, only as confirmed on the page (the last term: a `confirm` of the record as shown)."""
    sp = scope.get_child(session, StopPayment, sp_id, case)
    confirm.require(posted, "stop_renew", sp)
    stop_payments.renew(session, actor, sp)
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/stop-payments/{sp_id:int}/release")
def release(
    request: Request,
    sp_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, ReasonIn)
    stop_payments.release(
        session, actor, scope.get_child(session, StopPayment, sp_id, case), data.reason
    )
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/stop-payments/{sp_id:int}/city")
def branch_city(
    request: Request,
    sp_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, BranchCityIn)
    assists.set_branch_city(
        session, actor, scope.get_child(session, StopPayment, sp_id, case), data.branch_city
    )
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/assists/{assist_id:int}/answer")
def answer_assist(
    request: Request,
    assist_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    assist = scope.get_scoped(session, actor, AssistRequest, assist_id)
    if assist.stop_payment.case_id != case.id:
        raise NotFound()
    assists.answer_assist(session, actor, assist, _form(posted, AssistAnswerIn))
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/stop-payments/{sp_id:int}/freeze")
def freeze(
    request: Request,
    sp_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    """止付转冻结, only as confirmed on the page (a `confirm` of the stop-payment as shown)."""
    sp = scope.get_child(session, StopPayment, sp_id, case)
    confirm.require(posted, "stop_freeze", sp)
    data = _form(posted, FreezeIn)
    freezes.freeze(session, actor, sp, data)
    return _section(request, session, actor, case)


# --- freeze ------------------------------------------------------------------------------


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/renew")
def renew_freeze(
    request: Request,
    freeze_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    """续冻, only as confirmed on the page (a reloaded form must not add a second term)."""
    record = scope.get_child(session, Freeze, freeze_id, case)
    confirm.require(posted, "freeze_renew", record)
    freezes.renew_freeze(session, actor, record)
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/unfreeze")
def unfreeze(
    request: Request,
    freeze_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    """解冻, only as confirmed on the page: its reason and a `confirm` of the freeze as shown."""
    record = scope.get_child(session, Freeze, freeze_id, case)
    confirm.require(posted, "unfreeze", record)
    data = _form(posted, ReasonIn)
    freezes.decide_unfreeze(session, actor, record, data.reason)
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/unfrozen")
def unfrozen(
    request: Request, freeze_id: RecordId, session: DbSession, actor: Worker, case: ScopedCase
):
    freezes.confirm_unfrozen(session, actor, scope.get_child(session, Freeze, freeze_id, case))
    return _section(request, session, actor, case)


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/alarm")
def handle_alarm(
    request: Request,
    freeze_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, ReasonIn)
    freezes.handle_alarm(
        session, actor, scope.get_child(session, Freeze, freeze_id, case), data.reason
    )
    return _section(request, session, actor, case)


# --- returns -----------------------------------------------------------------------------


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/return")
def return_traceable(
    request: Request,
    freeze_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, TraceableReturnIn)
    returns.return_traceable(
        session, actor, scope.get_child(session, Freeze, freeze_id, case), data
    )
    return _section(request, session, actor, case)


@router.get("/cases/{case_id:int}/freezes/{freeze_id:int}/pool")
def pool_page(
    request: Request, freeze_id: RecordId, session: DbSession, actor: Worker, case: ScopedCase
):
    """按比例返还: the cases whose victims paid into the account, proposed as sharers."""
    record = scope.get_child(session, Freeze, freeze_id, case)
    candidates = returns.pool_candidates(session, actor, record)
    return render(
        request,
        "cases/pool.html",
        actor,
        case=case,
        freeze=record,
        candidates=candidates,
        left=returns.unallocated(session, record),
    )


@router.post("/cases/{case_id:int}/freezes/{freeze_id:int}/pool")
def open_pool(
    request: Request,
    freeze_id: RecordId,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    data = _form(posted, PoolIn)
    returns.open_pool(session, actor, scope.get_child(session, Freeze, freeze_id, case), data)
    return Response(status_code=204, headers={"HX-Redirect": f"/cases/{case.id}#money"})


@router.post("/cases/{case_id:int}/returns/{return_id:int}/{step}")
def return_step(
    request: Request,
    return_id: RecordId,
    step: str,
    session: DbSession,
    actor: Worker,
    case: ScopedCase,
    posted: PostedForm,
) -> Response:
    """下达 (order), 已返还 (done) or 撤销 (cancel, with a reason)."""
    ret = scope.get_child(session, FundReturn, return_id, case)
    if step == "order":
        returns.order(session, actor, ret)
    elif step == "done":
        returns.confirm_done(session, actor, ret)
    elif step == "cancel":
        returns.cancel(session, actor, ret, (_form(posted, ReasonIn)).reason)
    else:
        raise NotFound()
    return _section(request, session, actor, case)


# --- letters -----------------------------------------------------------------------------


def _letter(session: DbSession, actor: Principal, case: Case) -> letters.Letter:
    stops = stop_payments.stop_payments_of(session, case)
    if not stops:
        raise NoStopPaymentYet()
    return stop_payments.stop_payment_letter(session, actor, case, stops)


@router.get("/cases/{case_id:int}/letters/stop-payment.pdf", response_class=PdfFile)
def letter_pdf(session: DbSession, actor: Worker, case: ScopedCase) -> Response:
    letter = _letter(session, actor, case)
    try:
        font = letters.find_font(get_settings().pdf_font)
    except letters.FontMissing as exc:
        raise LetterFontMissing() from exc
    content = letters.stop_payment_pdf(letter, font)
    return pdf_response(content, i18n.FILES["stop_letter_pdf"].format(case_no=case.case_no))


@router.get("/cases/{case_id:int}/letters/stop-payment.xlsx", response_class=XlsxFile)
def letter_xlsx(session: DbSession, actor: Worker, case: ScopedCase) -> Response:
    content = letters.stop_payment_workbook(_letter(session, actor, case))
    return xlsx_response(content, i18n.FILES["stop_letter"].format(case_no=case.case_no))


# --- the register, the board, the type suggestion ----------------------------------------


def _register_filters(status: str | None, victim: str | None) -> returns.RegisterFilters:
    return returns.RegisterFilters(
        status=status if status in returns.R.__members__ else None,
        victim=(victim or "").strip() or None,
    )


@router.get("/cases/returns")
def register_page(
    request: Request,
    session: DbSession,
    actor: Reader,
    status: str | None = None,
    victim: Maybe[str] = None,
    by: str | None = None,
) -> Response:
    """The return register, paged; `by=victim` sums it per victim; `?export=xlsx` exports the
    filtered rows (masked)."""
    filters = _register_filters(status, victim)
    by = "victim" if by == "victim" else None
    view = lists.list_view(
        request, ("status", "victim", "by"), values={"status": filters.status, "by": by}
    )
    if lists.wants_export(request):
        rows = returns.register(session, actor, filters, query=view.query)
        content = returns.export_register(session, actor, rows, unmasked=False)
        return lists.export(session, actor, view, name="returns", content=content, count=len(rows))
    if by:
        everything = returns.register(session, actor, filters, query=view.query)
        victims = listing.in_memory(list(returns.by_victim(everything)), view.query)
        page = listing.Page(rows=[], total=victims.total, query=victims.query)
    else:
        page = returns.register_page(session, actor, filters, view.query)
        victims = None
    return render(
        request,
        "cases/returns.html",
        actor,
        rows=[(r, cases.victim(r.case)) for r in page.rows],
        victims=[(v, cases.victim(v.case)) for v in victims.rows] if victims else [],
        pg=victims or page,
        lv=view,
        by=by or "",
        now=clock.now(),
        status=filters.status or "",
        victim=victim or "",
    )


@router.get("/cases/returns.xlsx", response_class=XlsxFile)
def register_export(
    session: DbSession, actor: Reader, status: str | None = None, victim: Maybe[str] = None
) -> Response:
    """The register with victims masked (a link's `full=true` is ignored: see the POST)."""
    filters = _register_filters(status, victim)
    content = returns.export_register(
        session, actor, returns.register(session, actor, filters, limit=None), unmasked=False
    )
    return xlsx_response(
        content, i18n.FILES["returns"].format(day=clock.local(clock.now(), "%Y%m%d"))
    )


@router.post("/cases/returns.xlsx", response_class=XlsxFile)
def register_export_full(
    session: DbSession,
    actor: Unmasker,
    reason: Annotated[str, Form()] = "",
    status: Annotated[str | None, Form()] = None,
    victim: Annotated[str | None, Form()] = None,
) -> Response:
    """With victims in full, for pii.unmask holders who state why; audited with the reason."""
    filters = _register_filters(status, victim)
    content = returns.export_register(
        session,
        actor,
        returns.register(session, actor, filters, limit=None),
        unmasked=True,
        reason=reason,
    )
    return xlsx_response(
        content, i18n.FILES["returns_full"].format(day=clock.local(clock.now(), "%Y%m%d"))
    )


@router.get("/cases/deadlines")
def deadlines_board(
    request: Request, session: DbSession, actor: Reader, section: str | None = None
) -> Response:
    """The center's board of the money loop's clocks, one tab per kind, each a paged list:
    lapsed freezes (the red alarm) first; `?export=xlsx` exports the tab's filtered rows."""
    now = clock.now()
    counts = board.money_counts(session, actor, now)
    if section not in board.SECTIONS:
        section = next((k for k in board.SECTIONS if counts[k]), board.SECTIONS[0])
    # Accounts masked, as on every list; `accounts=full` shows them to roles that may unmask
    # (audited), and is ignored for the others. The export is always masked.
    full = request.query_params.get("accounts") == "full" and actor.can(Permission.pii_unmask)
    view = lists.list_view(
        request, ("section", "accounts"), values={"section": section, "accounts": full and "full"}
    )
    if lists.wants_export(request):
        rows = board.money_section(
            session, actor, section, now, replace(view.query, page=1, size=listing.EXPORT_CAP)
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="deadlines",
            headers=i18n.DEADLINE_EXPORT,
            rows=[_deadline_line(section, r) for r in rows],
        )
    page = board.money_section(session, actor, section, now, view.query)
    if full and page.rows:
        audit.record(
            session,
            actor,
            AuditAction.pii_viewed,
            target_type="deadlines",
            summary=i18n.AUDIT["deadline_accounts_viewed"].format(
                section=i18n.DEADLINE_SECTIONS[section], count=len(page.rows)
            ),
            detail={"section": section, "rows": len(page.rows), "filters": view.params()},
        )
    return render(
        request,
        "cases/deadlines.html",
        actor,
        counts=counts,
        late_assists=board.late_assists(session, actor, now),
        assist_late=assists.late,
        section=section,
        i18n_sections=i18n.DEADLINE_SECTIONS,
        pg=page,
        lv=view,
        board_now=now,
        full_accounts=full,
        show_account=(lambda account: account) if full else mask_bank_account,
        may_unmask=actor.can(Permission.pii_unmask),
    )


def _deadline_line(section: str, row) -> list[object]:
    """One row of any tab: case, account (masked), amount, due, what it is."""
    if section == "assists":
        sp = row.stop_payment
        late = i18n.ASSIST_LATE if assists.late(row) else ""
        due = clock.local(row.due_at) if row.due_at else ""
        account = mask_bank_account(sp.account)
        return [sp.case.case_no, account, "", due, f"{row.city} {late}".strip()]
    if section == "returns":
        return [row.case.case_no, "", format_yuan(row.amount_fen), clock.local(row.bank_due_at), ""]
    account = mask_bank_account(row.account)
    if section == "stops":
        held = format_yuan(row.held_fen) if row.held_fen is not None else ""
        status = i18n_zh.STOP_PAYMENT_STATUSES[row.status]
        return [row.case.case_no, account, held, clock.local(row.expires_at), status]
    due = row.unfreeze_due_at if section == "unfreezing" else row.expires_at
    return [row.case.case_no, account, format_yuan(row.amount_fen), clock.local(due), row.bank]


@router.post("/cases/suggest-type")
def suggest_type(request: Request, actor: Worker, posted: PostedForm) -> Response:
    """The fraud type the story's red flags point to, for the officer to confirm."""
    story = str(posted.get("story") or "")[:10_000]
    return render(
        request,
        "cases/_suggestion.html",
        actor,
        suggestions=classifier.suggest(story)[:3],
    )
