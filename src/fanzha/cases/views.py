"""Pages of the cases domain: the case list, taking a report, a case and its transfers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.audit import history
from fanzha.cases import arrests, board, paste, service
from fanzha.cases.errors import ReasonForOpenHolds
from fanzha.cases.models import Case, CaseStatus
from fanzha.cases.schemas import ArrestIn, CaseIn, TransferIn
from fanzha.errors import DomainError
from fanzha.fraud import FraudType
from fanzha.i18n import cases as i18n
from fanzha.i18n import zh_CN
from fanzha.i18n.validation import field_errors
from fanzha.money import format_yuan
from fanzha.org import service as org
from fanzha.web import confirm as confirmation
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.scoped import ScopedCase
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.cases_read))]
Worker = Annotated[Principal, Depends(require(Permission.cases_work))]
Revealer = Annotated[Principal, Depends(require(Permission.cases_read, Permission.pii_unmask))]


@router.get("/cases")
def case_list(
    request: Request,
    session: DbSession,
    actor: Reader,
    status: str | None = None,
    fraud_type: str | None = None,
) -> Response:
    """The cases in scope: paged, sortable, filtered by the URL; `?export=xlsx` exports."""
    status = status if status in CaseStatus.__members__ else None
    fraud_type = fraud_type if fraud_type in FraudType.__members__ else None
    filters = service.CaseFilters(status=status, fraud_type=fraud_type)
    view = lists.list_view(
        request, ("status", "fraud_type"), values={"status": status, "fraud_type": fraud_type}
    )
    if lists.wants_export(request):
        rows = service.export_cases(session, actor, filters, view.query)
        return lists.export(
            session,
            actor,
            view,
            name="cases",
            headers=i18n.LIST_EXPORT,
            rows=[_case_line(c) for c in rows],
        )
    page = service.list_cases(session, actor, filters, view.query)
    return render(
        request,
        "cases/list.html",
        actor,
        cases=[(c, service.victim(c)) for c in page.rows],
        pg=page,
        lv=view,
        status=status or "",
        fraud_type=fraud_type or "",
        alarms=board.alarm_count(session, actor),
    )


def _case_line(case: Case) -> list[object]:
    person = service.victim(case)
    return [
        case.case_no,
        clock.local(case.reported_at),
        person.name,
        person.phone or "",
        zh_CN.FRAUD_TYPES[case.fraud_type],
        format_yuan(case.loss_fen),
        zh_CN.CASE_STATUSES[case.status],
        case.unit.name,
    ]


def _new_page(request: Request, session: DbSession, actor: Principal, **extra) -> Response:
    return render(
        request,
        "cases/new.html",
        actor,
        units=org.unit_options(org.list_units(session, actor)),
        columns=paste.PASTE_COLUMNS,
        **{"form": {"unit_id": str(actor.unit_id)}, "errors": {}, "row_errors": []} | extra,
    )


@router.get("/cases/new")
def new_page(request: Request, session: DbSession, actor: Worker) -> Response:
    return _new_page(request, session, actor)


@router.post("/cases/new")
def new_submit(request: Request, session: DbSession, actor: Worker, posted: PostedForm) -> Response:
    """接警登记: the victim, the story and every transfer (pasted from Excel or typed)."""
    form = form_dict(posted)
    pasted = str(form.pop("transfers_text", "") or "")
    rows, row_errors = paste.parse_transfers(pasted)
    transfers: list[TransferIn] = []
    for row in rows:
        try:
            transfers.append(TransferIn.model_validate(row.fields))
        except ValidationError as exc:
            row_errors += [(row.line, m) for m in field_errors(exc).values()]
    unit_id = str(form.pop("unit_id", "") or "")
    data, errors = validate_form(CaseIn, form)
    if not unit_id.isdigit():
        errors["unit_id"] = i18n.FORM["unit_missing"]
    if not form.get("fraud_type"):  # the API may leave it to 其他; the desk chooses
        errors["fraud_type"] = i18n.FORM["fraud_type_missing"]
    if data is None or errors or row_errors:
        form |= {"transfers_text": pasted, "unit_id": unit_id}
        return _new_page(
            request,
            session,
            actor,
            status_code=422,
            form=form,
            errors=errors,
            row_errors=sorted(row_errors),
        )
    data.transfers = transfers
    case = service.create_case(session, actor, data, unit_id=int(unit_id))
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def _detail(request: Request, session: DbSession, actor: Principal, case: Case, **extra):
    money = board.case_money(session, case)
    targets = {
        "cases": [case.id],
        "stop_payments": [sp.id for sp in money["stops"]],
        "freezes": [f.id for f in money["freezes"]],
    }
    return render(
        request,
        "cases/detail.html",
        actor,
        person=service.victim(case),
        allowed=service.ALLOWED[case.status],
        history=history.timeline(session, actor, targets),
        arrests=arrests.arrests_of(session, case),
        arrest_text=i18n.ARRESTS,
        **money,
        **extra,
    )


@router.get("/cases/{case_id:int}")
def detail_page(request: Request, session: DbSession, actor: Reader, case: ScopedCase) -> Response:
    return _detail(request, session, actor, case)


@router.post("/cases/{case_id:int}/reveal")
def reveal(request: Request, session: DbSession, actor: Revealer, case: ScopedCase) -> Response:
    person = service.reveal_victim(session, actor, case)
    return render(request, "cases/_revealed.html", actor, person=person, case=case)


# The confirmation (fanzha.web.confirm) each final status asks for.
_CONFIRM_ACTIONS = {CaseStatus.closed: "case_close", CaseStatus.voided: "case_void"}


@router.post("/cases/{case_id:int}/status")
def change_status(
    request: Request, session: DbSession, actor: Worker, case: ScopedCase, posted: PostedForm
) -> Response:
    """受理 a draft, 作废 it, or 结案."""
    form = form_dict(posted)
    target = str(form.get("to") or "")
    if target not in CaseStatus.__members__:
        return _detail(
            request, session, actor, case, status_code=422, error=i18n.FORM["action_missing"]
        )
    to, note = CaseStatus(target), str(form.get("note") or "")[:500]
    if to in (CaseStatus.closed, CaseStatus.voided):
        # 结案 / 作废 cannot be undone: the first post shows what it leaves behind; the
        # confirmed one (confirmed=1, from that page) does it, and only with that page's
        # `confirm` of the case and its holds as shown (422 without, 409 if either changed).
        holds = service.open_holds(session, case)
        confirm = {"to": to, "note": note, "holds": holds, "case": case}
        if form.get("confirmed") != "1":
            return render(request, "cases/confirm.html", actor, **confirm)
        try:
            with session.begin_nested():
                confirmation.require(form, _CONFIRM_ACTIONS[to], (case, holds))
                service.transition(session, actor, case, to, note=note)
        except (
            ReasonForOpenHolds,
            confirmation.ConfirmationMissing,
            confirmation.ConfirmationStale,
        ) as refused:
            return render(
                request,
                "cases/confirm.html",
                actor,
                status_code=refused.status_code,
                error=refused.message,
                **confirm,
            )
        return RedirectResponse(f"/cases/{case.id}", status_code=303)
    service.transition(session, actor, case, to, note=note)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


@router.post("/cases/{case_id:int}/arrests")
def enter_arrest(
    request: Request, session: DbSession, actor: Worker, case: ScopedCase, posted: PostedForm
) -> Response:
    """登记抓获嫌疑人: the day, how many, a note; back to the case (422 with the form's errors)."""
    form = form_dict(posted)
    data, errors = validate_form(ArrestIn, form)
    if data is not None:
        try:
            with session.begin_nested():
                arrests.enter_arrest(session, actor, case, data)
        except DomainError as refused:
            errors = {refused.field or "form": refused.message}
            status = refused.status_code
        else:
            return RedirectResponse(f"/cases/{case.id}#arrests", status_code=303)
    else:
        status = 422
    return _detail(
        request, session, actor, case, status_code=status, arrest_form=form, arrest_errors=errors
    )
