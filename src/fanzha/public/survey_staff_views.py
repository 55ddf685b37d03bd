"""Staff pages of the awareness survey (知晓率调查): surveys, batches of single-use codes per
grid or event (a printable slip list and its Excel), and the awareness rate per place with
its sample size and 95% interval, the public quiz's self-selected takers of the same weeks
shown apart (they are not a sample). citizens.manage issues codes; outreach.read reads rates.
Here, above the questionnaire engine, because it reads the public site's quiz too."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fanzha import excel
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.errors import DomainError
from fanzha.fields import RecordId
from fanzha.i18n import questionnaires as i18n
from fanzha.org import service as org
from fanzha.org.scope import get_scoped, scoped_select, unit_in_scope
from fanzha.public import quiz
from fanzha.questionnaires import awareness, exports, surveys
from fanzha.questionnaires.errors import SurveyNotFound
from fanzha.questionnaires.models import Purpose, Questionnaire, Survey, SurveyBatch
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict
from fanzha.web.responses import xlsx_response
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Manager = Annotated[Principal, Depends(require(Permission.citizens_manage))]

BASE = "/outreach/surveys"


def _int(text: object) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def _list(request: Request, session, actor: Principal, *, error: str = "", status_code=200):
    choices = session.scalars(
        scoped_select(Questionnaire, actor)
        .where(Questionnaire.purpose == Purpose.awareness, Questionnaire.retired_at.is_(None))
        .order_by(Questionnaire.id.desc())
    ).all()
    return render(
        request,
        "questionnaires/surveys.html",
        actor,
        status_code=status_code,
        surveys=surveys.list_surveys(session, actor),
        choices=choices,
        can_manage=actor.can(Permission.citizens_manage),
        error=error,
    )


@router.get(BASE)
def survey_list(request: Request, session: DbSession, actor: Reader) -> Response:
    """The surveys of the caller's unit and below; a form to start one."""
    return _list(request, session, actor)


@router.post(BASE)
def survey_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    """Start a survey on an awareness questionnaire's current version."""
    form = form_dict(posted)
    try:
        with session.begin_nested():
            survey = surveys.create_survey(
                session,
                actor,
                questionnaire_id=_int(form.get("questionnaire_id")) or 0,
                title=str(form.get("title") or ""),
                aware_min_right=_int(form.get("aware_min_right")),
            )
    except DomainError as exc:
        return _list(request, session, actor, error=exc.message, status_code=exc.status_code)
    return RedirectResponse(f"{BASE}/{survey.id}", status_code=303)


def _survey_page(request, session, actor, survey: Survey, *, error="", status_code=200):
    level = request.query_params.get("level", "grid")
    level = level if level in i18n.LEVELS else "grid"
    grids, _ = org.list_grids(session, actor, limit=2000)
    return render(
        request,
        "questionnaires/survey.html",
        actor,
        status_code=status_code,
        survey=survey,
        level=level,
        levels=i18n.LEVELS,
        rates=_labelled(awareness.awareness(session, survey, level, actor)),
        takers=quiz.takers_between(session, survey.created_at, survey.closed_at),
        batches=surveys.batches(session, actor, survey),
        grids=grids,
        small=get_settings().survey_small_sample,
        can_manage=actor.can(Permission.citizens_manage)
        and unit_in_scope(session, actor, survey.unit_id),
        error=error,
    )


@router.get(BASE + "/{survey_id:int}")
def survey_page(request: Request, session: DbSession, actor: Reader, survey_id: RecordId):
    """知晓率 per grid/event, community, station or overall (`?level=`), each with its sample
    size and 95% Wilson interval, small samples flagged; the batches; `?export=xlsx`."""
    survey = surveys.get_survey(session, actor, survey_id)
    if request.query_params.get("export") == "xlsx":
        level = request.query_params.get("level", "grid")
        level = level if level in i18n.LEVELS else "grid"
        rates = awareness.awareness(session, survey, level, actor)
        content = excel.workbook_from_rows(
            i18n.LEVELS[level], i18n.AWARENESS_HEADERS, exports.rates_rows(_labelled(rates))
        )
        exports.audit_file(session, actor, "survey_awareness", survey.id, len(rates))
        return xlsx_response(content, i18n.AWARENESS_FILE.format(title=survey.title))
    return _survey_page(request, session, actor, survey)


def _labelled(rates: list[awareness.Rate]) -> list[awareness.Rate]:
    return [
        replace(r, label=i18n.EVENT_LABEL.format(ref=r.label))
        if isinstance(r.key, tuple) and r.key[0] == "event"
        else r
        for r in rates
    ]


@router.post(BASE + "/{survey_id:int}/batches")
def survey_issue(
    request: Request, session: DbSession, actor: Manager, survey_id: RecordId, posted: PostedForm
) -> Response:
    """Issue a batch of N single-use codes for a grid, or for an event."""
    survey = surveys.get_survey(session, actor, survey_id)
    form = form_dict(posted)
    try:
        with session.begin_nested():
            batch = surveys.issue_codes(
                session,
                actor,
                survey.id,
                size=_int(form.get("size")) or 0,
                grid_id=_int(form.get("grid_id")),
                event_ref=str(form.get("event_ref") or ""),
            )
    except DomainError as exc:
        return _survey_page(
            request, session, actor, survey, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(f"{BASE}/{survey.id}/batches/{batch.id}", status_code=303)


@router.post(BASE + "/{survey_id:int}/close")
def survey_close(session: DbSession, actor: Manager, survey_id: RecordId) -> Response:
    """End the survey: unused codes are refused from now on."""
    surveys.close_survey(session, actor, survey_id)
    return RedirectResponse(f"{BASE}/{survey_id}", status_code=303)


@router.get(BASE + "/{survey_id:int}/batches/{survey_batch_id:int}")
def survey_batch(
    request: Request,
    session: DbSession,
    actor: Manager,
    survey_id: RecordId,
    survey_batch_id: RecordId,
) -> Response:
    """The batch's codes with their links, to print and cut into slips; `?export=xlsx`."""
    survey = surveys.get_survey(session, actor, survey_id)
    batch = get_scoped(session, actor, SurveyBatch, survey_batch_id)
    if batch.survey_id != survey.id:
        raise SurveyNotFound()
    codes = surveys.batch_codes(session, batch)
    base = (get_settings().survey_link_base or str(request.base_url)).rstrip("/")
    links = [f"{base}/public/survey/{c.code}" for c in codes]
    if request.query_params.get("export") == "xlsx":
        rows = [
            [n, c.code, link, i18n.CODE_USED if c.used_at else i18n.CODE_FREE]
            for n, (c, link) in enumerate(zip(codes, links, strict=True), start=1)
        ]
        content = excel.workbook_from_rows(
            i18n.SHEETS["codes"], i18n.CODES_HEADERS, rows, [6, 14, 60, 10]
        )
        exports.audit_file(session, actor, "survey_codes", batch.id, len(rows))
        return xlsx_response(content, i18n.CODES_FILE.format(title=survey.title, batch=batch.id))
    return render(
        request,
        "questionnaires/survey_batch.html",
        actor,
        survey=survey,
        batch=batch,
        slips=[
            (code, link, None if code.used_at else _qr(link))
            for code, link in zip(codes, links, strict=True)
        ],
    )


def _qr(link: str) -> str:
    """The link as a QR image (an SVG data URI) to print beside the code."""
    return segno.make(link, error="m").svg_data_uri(scale=3, border=2)
