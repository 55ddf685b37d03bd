"""Pages of training (培训): sessions, the rotating check-in QR, the trainee's check-in, per-unit
rates, staff on dissuasion duty untrained this year, and the record on a staff page."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.errors import DomainError
from fanzha.fields import RecordId, posted_id
from fanzha.i18n import lists as i18n_lists
from fanzha.i18n import outreach_people as i18n
from fanzha.listing import EXPORT_CAP
from fanzha.masking import mask_name
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.outreach import training, training_quiz
from fanzha.outreach.people_models import TrainingSession
from fanzha.outreach.people_schemas import TrainingIn
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.responses import xlsx_response
from fanzha.web.scoped import Caller, ScopedStaff
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/outreach/training")

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Planner = Annotated[Principal, Depends(require(Permission.outreach_plan))]
# Any staff member's own login (every staff role has the workspace); never a machine's API key.
Staff = Annotated[Principal, Depends(require(Permission.workspace_view))]
# The QR on screen is replaced this often; each code stays good for training_checkin_minutes.
REFRESH_SECONDS = 30


def _training(session_id: RecordId, session: DbSession, actor: Caller) -> TrainingSession:
    assert actor is not None  # the route's permission dependency comes first
    return scope.get_scoped(session, actor, TrainingSession, session_id)


ScopedTraining = Annotated[TrainingSession, Depends(_training)]


@router.get("")
def sessions_page(request: Request, session: DbSession, actor: Reader) -> Response:
    view = lists.list_view(request)
    page = training.list_sessions(session, actor, view.query)
    return render(request, "outreach/training.html", actor, lv=view, pg=page)


def _form_page(
    request: Request,
    session: DbSession,
    actor: Principal,
    form: dict,
    errors: dict | None = None,
    status_code: int = 200,
) -> Response:
    units = org.list_units(session, actor)
    return render(
        request,
        "outreach/training_form.html",
        actor,
        status_code=status_code,
        form=form,
        errors=errors or {},
        unit_options=org.unit_options(units),
        quiz_options=[(q.id, q.title) for q in training.quiz_choices(session, actor)],
        invited={i for i in map(posted_id, form.get("invited_unit_ids", [])) if i is not None},
    )


@router.get("/new")
def session_new(request: Request, session: DbSession, actor: Planner) -> Response:
    return _form_page(request, session, actor, {"unit_id": actor.unit_id, "pass_score": 60})


@router.post("/new")
def session_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    form = form_dict(posted, lists=("invited_unit_ids",))
    data, errors = validate_form(TrainingIn, form)
    if data is None:
        return _form_page(request, session, actor, form, errors, 422)
    try:
        with session.begin_nested():
            created = training.create_session(session, actor, data)
    except DomainError as exc:
        if exc.field is None:
            raise
        return _form_page(request, session, actor, form, {exc.field: exc.message}, 422)
    return see_other(f"/outreach/training/{created.id}")


@router.get("/{session_id:int}")
def session_page(
    request: Request, session: DbSession, actor: Reader, held: ScopedTraining
) -> Response:
    if lists.wants_export(request):
        content, name = training.attendance_workbook(session, actor, held)
        return xlsx_response(content, name)
    rows = training.attendance(session, held)
    quiz = training_quiz.quiz_of(session, held) if held.quiz_version_id else None
    scored = [r for r in rows if r.quiz_score is not None]
    return render(
        request,
        "outreach/training_detail.html",
        actor,
        held=held,
        rows=rows,
        quiz=quiz,
        took_quiz=len(scored),
        passed=sum(1 for r in scored if r.quiz_passed),
        off_roster=sum(1 for r in rows if not r.on_roster),
        rates=training.unit_rates(session, held),
        mask_name=mask_name,
    )


@router.get("/{session_id:int}/qr")
def session_qr(
    request: Request, session: DbSession, actor: Planner, held: ScopedTraining
) -> Response:
    """The check-in QR to show on the projector; htmx swaps in a fresh one every half minute."""
    code = training.checkin_code(held)
    url = str(request.url_for("checkin_page").include_query_params(c=code))
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2)
    return render(
        request,
        "outreach/training_qr.html",
        actor,
        held=held,
        svg=svg,
        url=url,
        refresh=REFRESH_SECONDS,
        minutes=get_settings().training_checkin_minutes,
    )


@router.get("/checkin", name="checkin_page")
def checkin_page(request: Request, session: DbSession, actor: Staff) -> Response:
    """What the trainee's phone opens from the QR: the session named, one button to check in.
    An expired or forged code is refused here already, in Chinese."""
    code = request.query_params.get("c", "")
    held = training.session_of_code(session, code)
    return render(request, "outreach/training_checkin.html", actor, held=held, code=code)


@router.post("/checkin")
def checkin(request: Request, session: DbSession, actor: Staff, posted: PostedForm) -> Response:
    done = training.check_in(session, actor, str(posted.get("c") or ""))
    note = i18n.CHECKIN["done"] if done.first else i18n.CHECKIN["again"]
    return render(
        request,
        "outreach/training_checkin.html",
        actor,
        held=done.training,
        done=done,
        note=note,
        off_roster=i18n.CHECKIN["off_roster"] if not done.attendance.on_roster else "",
    )


def _answers(form: Any, questions: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in questions:
        values = form.getlist(q["key"])
        out[q["key"]] = values if q["kind"] == "multiple" else (values[0] if values else "")
    return out


def _quiz_page(
    request: Request,
    session: DbSession,
    actor: Principal,
    attendance: Any,
    *,
    answers: dict[str, Any] | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    held = attendance.session
    result = training_quiz.result_of(session, attendance)
    version = training_quiz.quiz_of(session, held) if held.quiz_version_id else None
    return render(
        request,
        "outreach/training_quiz.html",
        actor,
        status_code=status_code,
        held=held,
        version=version,
        result=result,
        answers=answers or {},
        error=error,
    )


@router.get("/{session_id:int}/quiz")
def quiz_page(request: Request, session: DbSession, actor: Staff, session_id: RecordId) -> Response:
    """The trainee's quiz on their phone (only for those who checked in): the questions, or
    their score and pass/fail once taken."""
    attendance = training_quiz.my_attendance(session, actor, session_id)
    return _quiz_page(request, session, actor, attendance)


@router.post("/{session_id:int}/quiz")
def quiz_submit(
    request: Request, session: DbSession, actor: Staff, session_id: RecordId, posted: PostedForm
) -> Response:
    """Score the quiz once; a missing required answer shows the questions again, kept."""
    attendance = training_quiz.my_attendance(session, actor, session_id)
    version = training_quiz.quiz_of(session, attendance.session)
    answers = _answers(posted, version.questions)
    try:
        with session.begin_nested():
            training_quiz.take_quiz(session, actor, session_id, answers)
    except DomainError as exc:
        if exc.status_code != 422:
            raise
        return _quiz_page(
            request, session, actor, attendance, answers=answers, error=exc.message, status_code=422
        )
    return see_other(f"/outreach/training/{session_id}/quiz")


@router.get("/untrained")
def untrained_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Staff on dissuasion duty with no training this year (Shanghai calendar)."""
    year = clock.now().astimezone(clock.SHANGHAI).year
    view = lists.list_view(request)
    if lists.wants_export(request):
        rows = training.untrained(session, actor, year, replace(view.query, size=EXPORT_CAP)).rows
        return lists.export(
            session,
            actor,
            view,
            name="training_untrained",
            headers=i18n_lists.UNTRAINED_EXPORT,
            rows=[[mask_name(s.name), s.unit.name] for s in rows],
        )
    page = training.untrained(session, actor, year, view.query)
    return render(request, "outreach/training_untrained.html", actor, lv=view, pg=page, year=year)


@router.get("/staff/{staff_id:int}")
def staff_record(
    request: Request, session: DbSession, actor: Reader, staff: ScopedStaff
) -> Response:
    """The training record shown on the staff page (loaded into it by htmx)."""
    return render(
        request,
        "outreach/training_staff.html",
        actor,
        staff=staff,
        rows=training.staff_record(session, staff.id),
    )
