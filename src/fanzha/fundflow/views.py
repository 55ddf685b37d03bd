"""Pages of fund tracing: a case's statements and imports, the fund-flow graph, an
account's details, the hop table export, and stop-payments on accounts still holding money."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.cases import holds, stop_payments
from fanzha.cases.models import Case
from fanzha.errors import InvalidInput, NotFound
from fanzha.fields import RecordId
from fanzha.fundflow import case_trace, continuity, graph, imports, reports, rows, statements
from fanzha.fundflow.errors import (
    AccountNotInTrace,
    AccountsNoLongerHolding,
    FundflowExportWithoutTransfers,
    NoAccountChosen,
)
from fanzha.fundflow.models import ImportStatus, StatementImport
from fanzha.fundflow.tracing import Method, Options
from fanzha.i18n import fundflow as i18n
from fanzha.masking import mask_name
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedCase
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.cases_read))]
Importer = Annotated[
    Principal, Depends(require(Permission.cases_read, Permission.statements_import))
]
Worker = Annotated[Principal, Depends(require(Permission.cases_work))]


def _import(session: DbSession, actor: Principal, import_id: RecordId) -> StatementImport:
    record = scope.get_scoped(session, actor, StatementImport, import_id)
    if record.case_id is None:  # not a case's statement: no page of its own
        raise NotFound()
    return record


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _options(request: Request) -> tuple[dict, Options]:
    q = request.query_params
    chosen = {
        "method": q.get("method") if q.get("method") in {m.value for m in Method} else "fifo",
        "window_hours": _int(q.get("window_hours"), 1),
        "min_yuan": _int(q.get("min_yuan"), 1),
        "hops": _int(q.get("hops"), 5),
    }
    options = case_trace.options_from(**chosen)
    chosen |= {
        "window_hours": int(options.window.total_seconds() // 3600),
        "min_yuan": options.min_amount_fen // 100,
        "hops": options.max_hops,
    }
    return chosen, options


def _traced(session: DbSession, case: Case, request: Request):
    chosen, options = _options(request)
    if not case.transfers:
        return chosen, None
    return chosen, case_trace.trace_case(session, case, options)


def _page(request, session, actor, case, **extra) -> Response:
    chosen, traced = _traced(session, case, request)
    summary = reports.summary(session, traced) if traced else None
    return render(
        request,
        "fundflow/fundflow.html",
        actor,
        case=case,
        options=chosen,
        query=request.url.query,
        traced=traced,
        summary=summary,
        imports=imports.imports_of(session, case),
        **extra,
    )


@router.get("/cases/{case_id:int}/fundflow")
def fundflow_page(
    request: Request, session: DbSession, actor: Reader, case: ScopedCase
) -> Response:
    """资金流向图: the graph, the accounts, the statements to request and to stop."""
    return _page(request, session, actor, case)


@router.get("/cases/{case_id:int}/fundflow/data", response_class=JSONResponse)
def fundflow_data(
    request: Request, session: DbSession, actor: Reader, case: ScopedCase
) -> Response:
    _, traced = _traced(session, case, request)
    if traced is None:
        return JSONResponse({"nodes": [], "links": [], "legend": []})
    names = case_trace.account_names(session, traced.trace.accounts)
    data = graph.build(
        traced.trace,
        traced.victim,
        victim_name=mask_name(case.victim_name),
        names=names,
        shared=traced.shared,
    )
    return JSONResponse(data)


@router.get("/cases/{case_id:int}/fundflow/accounts/{account}")
def account_detail(
    request: Request, account: str, session: DbSession, actor: Reader, case: ScopedCase
) -> Response:
    """One account of the graph: what happened to the victim's money there, and its rows."""
    _, traced = _traced(session, case, request)
    key = statements.account_key(account)
    flow = traced.trace.accounts.get(key) if traced else None
    if flow is None:
        raise AccountNotInTrace()
    return render(
        request,
        "fundflow/_account.html",
        actor,
        case=case,
        flow=flow,
        victim=traced.victim,
        shared=traced.shared.get(key, []),
        level_name=graph.level_name(flow.level),
        rows=case_trace.account_rows(session, key),
        holder=mask_name(case_trace.account_names(session, [key]).get(key, ("", ""))[0]),
        can_stop=actor.can(Permission.cases_work),
        stopped=reports.is_stopped(session, case, key),
        gaps=continuity.gaps_of(session, case.id, key),
        hold=holds.account_hold(session, key),
        query=request.url.query,
    )


@router.get("/cases/{case_id:int}/fundflow.xlsx", response_class=XlsxFile)
def fundflow_export(
    request: Request, session: DbSession, actor: Reader, case: ScopedCase
) -> Response:
    """资金流向表: the accounts and every hop of the victim's money, holders' names masked."""
    _, traced = _traced(session, case, request)
    if traced is None:
        raise FundflowExportWithoutTransfers()
    content = reports.export_hops(session, actor, traced)
    return xlsx_response(content, i18n.EXPORT_FILE.format(case_no=case.case_no))


@router.post("/cases/{case_id:int}/fundflow/stop-payments")
def stop_traced(
    request: Request, session: DbSession, actor: Worker, case: ScopedCase, form: PostedForm
) -> Response:
    """Fire the suggested stop-payments: the chosen accounts that still hold victim money."""
    chosen = {statements.account_key(a) for a in form.getlist("account") if str(a).strip()}
    _, traced = _traced(session, case, request)
    holding = {f.account for f in traced.trace.still_holding([traced.victim])} if traced else set()
    if not chosen:
        raise NoAccountChosen()
    if not chosen <= holding:
        raise AccountsNoLongerHolding()
    names = case_trace.account_names(session, chosen)
    result = stop_payments.stop_accounts(
        session, actor, case, {a: names.get(a, ("", "")) for a in sorted(chosen)}
    )
    message = i18n.STOPPED["created"].format(count=result.created)
    if result.assists:
        message += i18n.STOPPED["assists"].format(count=result.assists)
    if result.already:
        message += i18n.STOPPED["already"].format(count=result.already)
    if result.joined:
        message += i18n.STOPPED["joined"].format(count=result.joined)
    for refusal in result.refused:
        message += i18n.STOPPED["refused"].format(reason=refusal)
    session.flush()
    return _page(request, session, actor, case, flash=message)


# --- statement imports ---------------------------------------------------------------------


@router.post("/cases/{case_id:int}/statements")
def upload_statement(
    request: Request,
    session: DbSession,
    actor: Importer,
    case: ScopedCase,
    form: PostedForm,
    upload: UploadedFile,
) -> Response:
    """Upload a statement file (xlsx, xls, csv) for the case."""
    default_account = str(form.get("default_account") or "")
    try:
        with session.begin_nested():  # a refused file leaves nothing behind
            record = imports.start_import(
                session,
                actor,
                case=case,
                filename=upload.filename,
                content=upload.content,
                default_account=default_account,
            )
    except InvalidInput as exc:
        return _page(request, session, actor, case, upload_error=str(exc))
    imports.import_or_queue(session, actor, record)
    return RedirectResponse(f"/statements/{record.id}", status_code=303)


@router.get("/cases/{case_id:int}/statement-rows")
def statement_rows(
    request: Request, session: DbSession, actor: Reader, case: ScopedCase
) -> Response:
    """流水明细: every row of the case's statements, paged, sortable, filtered by account,
    name, direction and day; `?export=xlsx` exports the filtered rows (names masked)."""
    view = lists.list_view(request, ("direction",))
    if lists.wants_export(request):
        return lists.export(
            session,
            actor,
            view,
            name="statement_rows",
            headers=i18n.ROW_EXPORT,
            rows=[_row_line(r) for r in rows.every_row(session, case, view.query)],
        )
    return render(
        request,
        "fundflow/rows.html",
        actor,
        case=case,
        pg=rows.rows_page(session, case, view.query),
        lv=view,
    )


def _row_line(row) -> list[object]:
    return [
        clock.local(row.at, "%Y-%m-%d %H:%M:%S"),
        row.account,
        mask_name(row.account_name),
        i18n.DIRECTIONS[row.direction],
        format_yuan(row.amount_fen),
        row.counterpart,
        mask_name(row.counterpart_name),
        row.counterpart_bank,
        format_yuan(row.balance_fen) if row.balance_fen is not None else "",
        row.summary,
    ]


@router.get("/statements/{import_id:int}")
def import_page(
    request: Request, import_id: RecordId, session: DbSession, actor: Importer
) -> Response:
    """How an import went: its progress bar, the columns to map, or the rows to fix."""
    record = _import(session, actor, import_id)
    return render(
        request,
        "fundflow/import.html",
        actor,
        record=record,
        gaps=[continuity.describe(g) for g in record.gaps or []],
        fields=statements.FIELD_LABELS,
        layout_labels=statements.LAYOUT_LABELS,
        running=record.status in (ImportStatus.queued, ImportStatus.running),
    )


@router.post("/statements/{import_id:int}/mapping")
def save_mapping(
    request: Request, import_id: RecordId, session: DbSession, actor: Importer, form: PostedForm
) -> Response:
    """The officer's column mapping for an unknown layout, remembered for next time."""
    mapping = {
        name: _int(str(form.get(f"map_{name}") or ""), -1) for name in statements.FIELD_LABELS
    }
    mapping = {name: index for name, index in mapping.items() if index >= 0}
    default_account = str(form.get("default_account") or "")
    record = _import(session, actor, import_id)
    imports.save_mapping(session, actor, record, mapping=mapping, default_account=default_account)
    imports.import_or_queue(session, actor, record)
    return RedirectResponse(f"/statements/{record.id}", status_code=303)


@router.post("/statements/{import_id:int}/cancel")
def cancel_import(
    request: Request, import_id: RecordId, session: DbSession, actor: Importer
) -> Response:
    """取消导入: stop an import that has not finished; nothing of the file is stored."""
    record = _import(session, actor, import_id)
    imports.cancel_import(session, actor, record)
    return RedirectResponse(f"/statements/{record.id}", status_code=303)
