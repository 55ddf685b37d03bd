"""Report pages (月报 / 季报): the reports of my unit and below, one report with its frozen
figures, the notable cases the center writes while 草稿, 报送, 更正 (a new version listing the
differences), and the .xlsx and .pdf downloads (audited as exports)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.fields import RecordId
from fanzha.i18n import reports as i18n
from fanzha.liaison.letters import FontMissing
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.stats import periods, report_files, reports
from fanzha.stats.report_errors import ReportFontMissing, ReportPeriodUnknown
from fanzha.stats.report_models import ReportKind, ReportStatus, UnitReport
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict
from fanzha.web.responses import PdfFile, XlsxFile, pdf_response, xlsx_response
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/reports")

Reader = Annotated[Principal, Depends(require(Permission.reports_read))]
Submitter = Annotated[Principal, Depends(require(Permission.reports_submit))]
FILTERS = ("kind", "status")


def _common() -> dict:
    return {
        "t": i18n.TEXT,
        "kinds": i18n.KINDS,
        "statuses": i18n.STATUSES,
        "value": report_files.text_value,
        "change": report_files.change_text,
        "rank": report_files.rank_text,
        "S": ReportStatus,
    }


@router.get("")
def list_page(request: Request, session: DbSession, actor: Reader) -> Response:
    view = lists.list_view(request, FILTERS)
    page = reports.page(session, actor, view.query)
    units = org.list_units(session, actor)
    return render(
        request,
        "reports/list.html",
        actor,
        page=page,
        view=view,
        titles={r.id: reports.report_title(session, r) for r in page.rows},
        units=org.unit_options(units) if actor.can(Permission.reports_submit) else [],
        # The schedule reports last month; so does the form unless told otherwise.
        day=periods.previous(periods.period_of("month", periods.local_today())).start,
        **_common(),
    )


@router.post("/generate")
def generate(session: DbSession, actor: Submitter, posted: PostedForm) -> Response:
    """Make (or find) the report of a unit, kind and day; 303 to it."""
    form = form_dict(posted)
    kind = form.get("kind", "")
    try:
        day = date.fromisoformat(form.get("day", ""))
        unit_id = int(form.get("unit_id", ""))
    except ValueError:
        raise ReportPeriodUnknown(field="day") from None
    if kind not in ReportKind.__members__:
        raise ReportPeriodUnknown(field="kind")
    report, _ = reports.generate(session, actor, unit_id, kind, day)
    return see_other(f"/reports/{report.id}")


def _scoped(session, actor: Principal, report_id: int) -> UnitReport:
    return scope.get_scoped(session, actor, UnitReport, report_id)


@router.get("/{report_id:int}")
def detail(report_id: RecordId, request: Request, session: DbSession, actor: Reader) -> Response:
    report = _scoped(session, actor, report_id)
    all_versions = reports.versions(session, report)
    restated_from = next((v for v in all_versions if v.id == report.restates_id), None)
    return render(
        request,
        "reports/detail.html",
        actor,
        report=report,
        title=reports.report_title(session, report),
        version=reports.version_label(report),
        versions=all_versions,
        latest=all_versions[-1],
        restated_from=restated_from,
        can_submit=actor.can(Permission.reports_submit),
        reason_limit=reports.REASON_LIMIT,
        local=clock.local,
        **_common(),
    )


@router.post("/{report_id:int}/notable")
def notable(
    report_id: RecordId, session: DbSession, actor: Submitter, posted: PostedForm
) -> Response:
    report = _scoped(session, actor, report_id)
    reports.set_notable(session, actor, report, form_dict(posted).get("notable", ""))
    return see_other(f"/reports/{report.id}")


@router.post("/{report_id:int}/submit")
def submit(report_id: RecordId, session: DbSession, actor: Submitter) -> Response:
    report = _scoped(session, actor, report_id)
    reports.submit(session, actor, report)
    return see_other(f"/reports/{report.id}")


@router.post("/{report_id:int}/restate")
def restate(
    report_id: RecordId, session: DbSession, actor: Submitter, posted: PostedForm
) -> Response:
    report = _scoped(session, actor, report_id)
    new = reports.restate(session, actor, report, form_dict(posted).get("reason", ""))
    return see_other(f"/reports/{new.id}")


def _document(session, report: UnitReport) -> report_files.Document:
    earlier = reports.restated_from(session, report)
    submitted = ""
    if report.submitted_at:
        submitted = i18n.TEXT["submitted_line"].format(
            at=clock.local(report.submitted_at), name=report.submitted_by
        )
    return report_files.Document(
        title=reports.report_title(session, report),
        version_label=reports.version_label(report),
        status_label=i18n.STATUSES[report.status],
        content=report.content,
        notable=report.notable,
        generated_line=i18n.TEXT["generated_line"].format(
            at=clock.local(report.generated_at), name=report.generated_by
        ),
        submitted_line=submitted,
        differences=report.differences,
        restated_from=str(earlier.version) if earlier else "",
    )


def _filename(document: report_files.Document, extension: str) -> str:
    return f"{document.title}-{document.version_label}.{extension}"


@router.get("/{report_id:int}/xlsx", response_class=XlsxFile)
def download_xlsx(report_id: RecordId, session: DbSession, actor: Reader) -> Response:
    report = _scoped(session, actor, report_id)
    document = _document(session, report)
    reports.audit_export(session, actor, report, "xlsx")
    return xlsx_response(report_files.workbook(document), _filename(document, "xlsx"))


@router.get("/{report_id:int}/pdf", response_class=PdfFile)
def download_pdf(report_id: RecordId, session: DbSession, actor: Reader) -> Response:
    report = _scoped(session, actor, report_id)
    document = _document(session, report)
    try:
        content = report_files.pdf(document)
    except FontMissing as exc:
        raise ReportFontMissing() from exc
    reports.audit_export(session, actor, report, "pdf")
    return pdf_response(content, _filename(document, "pdf"))
