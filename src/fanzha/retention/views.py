"""Pages of the data lifecycle: the legal hold box on warning and case pages, and the data
subject report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from fanzha.access import Permission, Principal
from fanzha.i18n import retention as i18n
from fanzha.retention import holds, subject
from fanzha.retention.models import HoldTarget
from fanzha.web.deps import DbSession, require
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedCase, ScopedWarning
from fanzha.web.templating import render

router = APIRouter()

WarningReader = Annotated[Principal, Depends(require(Permission.warnings_read))]
WarningWorker = Annotated[Principal, Depends(require(Permission.warnings_work))]
CaseReader = Annotated[Principal, Depends(require(Permission.cases_read))]
CaseWorker = Annotated[Principal, Depends(require(Permission.cases_work))]
PrivacyOfficer = Annotated[Principal, Depends(require(Permission.privacy_report))]
Reason = Annotated[str, Form()]

_WORK = {HoldTarget.warning: Permission.warnings_work, HoldTarget.case: Permission.cases_work}
_PAGE = {HoldTarget.warning: "/warnings/{}", HoldTarget.case: "/cases/{}"}


def _box(
    request: Request, session: DbSession, actor: Principal, target: HoldTarget, ref: int
) -> Response:
    return render(
        request,
        "retention/_hold.html",
        actor,
        hold=holds.live_hold(session, target, ref),
        action=f"{_PAGE[target].format(ref)}/hold",
        may_work=actor.can(_WORK[target]),
        text=i18n.PAGE,
    )


def _back(target: HoldTarget, ref: int) -> Response:
    return RedirectResponse(_PAGE[target].format(ref), status_code=303)


@router.get("/warnings/{warning_id:int}/hold")
def warning_hold(
    request: Request, session: DbSession, actor: WarningReader, warning: ScopedWarning
) -> Response:
    """The hold box of a warning page (loaded by htmx)."""
    return _box(request, session, actor, HoldTarget.warning, warning.id)


@router.post("/warnings/{warning_id:int}/hold")
def warning_hold_set(
    session: DbSession, actor: WarningWorker, warning: ScopedWarning, reason: Reason = ""
) -> Response:
    holds.set_hold(session, actor, HoldTarget.warning, warning.id, reason)
    return _back(HoldTarget.warning, warning.id)


@router.post("/warnings/{warning_id:int}/hold/release")
def warning_hold_release(
    session: DbSession, actor: WarningWorker, warning: ScopedWarning, release_reason: Reason = ""
) -> Response:
    holds.release_hold(session, actor, HoldTarget.warning, warning.id, release_reason)
    return _back(HoldTarget.warning, warning.id)


@router.get("/cases/{case_id:int}/hold")
def case_hold(
    request: Request, session: DbSession, actor: CaseReader, case: ScopedCase
) -> Response:
    """The hold box of a case page (loaded by htmx)."""
    return _box(request, session, actor, HoldTarget.case, case.id)


@router.post("/cases/{case_id:int}/hold")
def case_hold_set(
    session: DbSession, actor: CaseWorker, case: ScopedCase, reason: Reason = ""
) -> Response:
    holds.set_hold(session, actor, HoldTarget.case, case.id, reason)
    return _back(HoldTarget.case, case.id)


@router.post("/cases/{case_id:int}/hold/release")
def case_hold_release(
    session: DbSession, actor: CaseWorker, case: ScopedCase, release_reason: Reason = ""
) -> Response:
    holds.release_hold(session, actor, HoldTarget.case, case.id, release_reason)
    return _back(HoldTarget.case, case.id)


@router.get("/admin/subject-report")
def subject_page(request: Request, actor: PrivacyOfficer) -> Response:
    """The form: an ID number or phone, and the reason for the export."""
    return render(request, "retention/subject.html", actor, text=i18n.PAGE)


@router.post("/admin/subject-report/export.xlsx", response_class=XlsxFile)
def subject_export(
    session: DbSession,
    actor: PrivacyOfficer,
    query: Annotated[str, Form()] = "",
    reason: Reason = "",
) -> Response:
    """Everything held on one ID number or phone, audited with the reason."""
    return xlsx_response(subject.export(session, actor, query, reason), i18n.SUBJECT_FILE)
