"""The admin page of the holiday schedule (节假日安排): dates typed one by one or a year
imported from the template, a year marked complete, a date removed."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fanzha.access import Permission, Principal
from fanzha.excel import ImportFailed
from fanzha.fields import RecordId
from fanzha.holidays import service, sheet
from fanzha.holidays.schemas import HolidayDayIn
from fanzha.i18n import holidays as i18n
from fanzha.listing import EXPORT_CAP
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict, validate_form
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.templating import render

router = APIRouter(prefix="/admin/holidays")

Manager = Annotated[Principal, Depends(require(Permission.org_manage))]
PAGE = "/admin/holidays"


def _page(request: Request, session: DbSession, actor: Principal, status_code=200, **extra):
    years = service.years(session)
    year = request.query_params.get("year", "")
    year = int(year) if year.isdigit() and int(year) in {y.year for y in years} else None
    kind = request.query_params.get("kind", "")
    kind = kind if kind in i18n.KINDS else ""
    view = lists.list_view(request, ("year", "kind"), values={"year": year, "kind": kind})
    if lists.wants_export(request) and status_code == 200 and not extra:
        rows = service.page_days(
            session, replace(view.query, page=1, size=EXPORT_CAP), year=year, kind=kind
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="holidays",
            headers=tuple(i18n.SHEET.values()),  # the import template's own columns
            rows=[[d.day.isoformat(), i18n.KINDS[d.kind], d.reason] for d in rows],
        )
    return render(
        request,
        "holidays/index.html",
        actor,
        status_code=status_code,
        years=years,
        pg=service.page_days(session, view.query, year=year, kind=kind),
        lv=view,
        year=year,
        kind=kind,
        kinds=i18n.KINDS,
        **extra,
    )


@router.get("")
def holidays_page(request: Request, session: DbSession, actor: Manager) -> Response:
    return _page(request, session, actor)


@router.post("/days")
def add_day(request: Request, session: DbSession, actor: Manager, posted: PostedForm) -> Response:
    """One date typed in; a covered year's date needs the reason for the override."""
    form = form_dict(posted)
    data, errors = validate_form(HolidayDayIn, form)
    if data is None:
        return _page(request, session, actor, 422, errors=errors, form=form)
    service.add_day(session, actor, data.year, data.day, data.kind, data.reason)
    return RedirectResponse(PAGE, status_code=303)


@router.post("/days/{day_id:int}/remove")
def remove_day(day_id: RecordId, session: DbSession, actor: Manager) -> Response:
    service.remove_day(session, actor, day_id)
    return RedirectResponse(PAGE, status_code=303)


@router.post("/{year:int}/complete")
def complete_year(year: RecordId, session: DbSession, actor: Manager) -> Response:
    """Raises HolidayYearOutOfRange (422), HolidayYearCovered or HolidayYearEmpty (409)."""
    service.complete_year(session, actor, year)
    return RedirectResponse(PAGE, status_code=303)


@router.get("/template", response_class=XlsxFile)
def template(actor: Manager) -> Response:
    return xlsx_response(sheet.template(), i18n.FILE_NAME)


@router.post("/import")
def import_file(
    request: Request,
    session: DbSession,
    actor: Manager,
    posted: PostedForm,
    upload: UploadedFile,
) -> Response:
    """A year's dates from the template (xlsx or CSV): the good rows entered, each bad row
    listed with its row number, column and reason; 422 when no row could be taken."""
    form = form_dict(posted)
    year = form.get("year", "")
    if not str(year).isdigit():
        return _page(request, session, actor, 422, errors={"year": i18n.PAGE["year_needed"]})
    try:
        with session.begin_nested():  # a file refused as a whole leaves nothing behind
            report = sheet.import_schedule(
                session,
                actor,
                upload.content,
                year=int(year),
                complete=form.get("complete") == "true",
            )
    except ImportFailed as failed:
        return _page(request, session, actor, 422, failure=failed)
    status = 422 if report.errors and not report.accepted else 200
    return _page(request, session, actor, status, report=report)
