"""知晓率调查 on the citizens' site: a single-use code (typed, or in the link of a QR slip)
opens the survey; it answers once. Anonymous, rate-limited like every public POST (the
CAPTCHA after repeated posts); a used or an unknown code gets one and the same answer. The code
is in the path: fanzha.logs scrubs /public/survey/<code> from every log line."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from fanzha.errors import DomainError
from fanzha.public import abuse
from fanzha.public.errors import SurveyCodeNotOpen
from fanzha.public.views import captcha_for, guarded, page
from fanzha.questionnaires import surveys
from fanzha.questionnaires.errors import SurveyClosed, SurveyCodeUnknown, SurveyCodeUsed
from fanzha.web.deps import Anyone, DbSession
from fanzha.web.forms import PostedForm

router = APIRouter(prefix="/public")


def _refused(request: Request, exc: DomainError) -> Response:
    return page(
        request, "public/survey_closed.html", status_code=exc.status_code, message=exc.message
    )


@router.get("/survey")
def survey_enter(request: Request, _: Anyone, code: str | None = None) -> Response:
    """Type the code from the slip."""
    if code:
        return RedirectResponse(f"/public/survey/{surveys.normalise_code(code)}", 303)
    return page(request, "public/survey_enter.html")


def _form(
    request: Request,
    session: Session,
    code: str,
    survey: Any,
    *,
    answers: dict[str, Any],
    error: str = "",
    errors: dict[str, str] | None = None,
    captcha: Any = None,
    status_code: int = 200,
) -> Response:
    return page(
        request,
        "public/survey.html",
        status_code=status_code,
        code=code,
        survey=survey,
        questions=surveys.survey_questions(survey),
        answers=answers,
        error=error,
        captcha=captcha,
        errors=errors or {},
    )


@router.get("/survey/thanks")
def survey_thanks(request: Request, _: Anyone) -> Response:
    return page(request, "public/survey_thanks.html")


@router.get("/survey/{survey_code}")
def survey_form(request: Request, session: DbSession, _: Anyone, survey_code: str) -> Response:
    try:
        with session.begin_nested():  # a read, but the rule holds for every caught error
            found, survey = surveys.open_code(session, survey_code)
    except (SurveyCodeUnknown, SurveyCodeUsed):
        # A wrong code counts like a post: guessing codes by GET is rate-limited too; a used
        # one counts and reads the same, so no answer tells which codes exist.
        guarded(session, request, {})
        return _refused(request, SurveyCodeNotOpen())
    except SurveyClosed as exc:
        return _refused(request, exc)
    return _form(
        request, session, found.code, survey, answers={}, captcha=captcha_for(session, request)
    )


def _answers(form: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in questions:
        values = form.getlist(q["key"])
        out[q["key"]] = values if q["kind"] == "multiple" else (values[0] if values else "")
    return out


@router.post("/survey/{survey_code}")
def survey_submit(
    request: Request, session: DbSession, _: Anyone, survey_code: str, form: PostedForm
) -> Response:
    """Answer the survey once; a second submit of the code is refused (also under a race)."""
    problems = guarded(session, request, form)
    try:
        with session.begin_nested():  # a read, but the rule holds for every caught error
            found, survey = surveys.open_code(session, survey_code)
    except (SurveyCodeUnknown, SurveyCodeUsed):
        return _refused(request, SurveyCodeNotOpen())
    except SurveyClosed as exc:
        return _refused(request, exc)
    answers = _answers(form, surveys.survey_questions(survey))
    if problems:
        return _form(
            request,
            session,
            found.code,
            survey,
            answers=answers,
            errors=problems,
            captcha=abuse.new_challenge(session),
            status_code=422,
        )
    try:
        with session.begin_nested():
            surveys.answer_code(session, found.code, answers)
    except SurveyCodeUsed:  # answered meanwhile, by another phone
        return _refused(request, SurveyCodeNotOpen())
    except SurveyClosed as exc:
        return _refused(request, exc)
    except DomainError as exc:
        return _form(
            request,
            session,
            found.code,
            survey,
            answers=answers,
            error=exc.message,
            status_code=exc.status_code,
        )
    return RedirectResponse("/public/survey/thanks", status_code=303)
