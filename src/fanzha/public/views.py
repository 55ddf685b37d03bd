"""The citizens' site (/public/): no login, phone-first. Every route here is anonymous
(`Anyone`); every POST passes the per-client rate limit and, after repeated posts, the CAPTCHA
(fanzha.public.abuse), and answers a bad form with the form again (never by raising, so the
post is still counted). No route logs or stores who asked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from fanzha.errors import DomainError, InvalidInput
from fanzha.i18n import public as i18n
from fanzha.i18n import zh_CN
from fanzha.public import abuse, card, quiz, risk
from fanzha.public.errors import RoundNotFound
from fanzha.public.site import SECTIONS, center_name
from fanzha.web.deps import Anyone, DbSession, client_ip
from fanzha.web.forms import PostedForm
from fanzha.web.responses import PngImage
from fanzha.web.templating import render

router = APIRouter(prefix="/public")


def page(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    """A page of the citizens' site (templates/public/*, extending public/base.html)."""
    return render(
        request,
        name,
        None,  # the staff navigation never shows here, even to a signed-in officer
        status_code=status_code,
        center_name=center_name(),
        sections=SECTIONS,
        text=i18n,
        fraud_types=zh_CN.FRAUD_TYPES,
        **context,
    )


def _client(session: Session, request: Request) -> str:
    return abuse.client_key(session, client_ip(request))


def captcha_for(session: Session, request: Request) -> abuse.Challenge | None:
    """A CAPTCHA to show with the form when this client's next post needs one."""
    if abuse.guard(session, _client(session, request)).captcha_needed:
        return abuse.new_challenge(session)
    return None


def guarded(session: Session, request: Request, form: Any) -> dict[str, str]:
    """Count this public POST: PublicRateLimited (429) past the limit; the CAPTCHA's problem
    beside its field when one was needed and not solved (the form is shown again)."""
    problem = abuse.check_post(
        session,
        _client(session, request),
        captcha_token=str(form.get("captcha_token") or ""),
        captcha_answer=str(form.get("captcha") or ""),
    )
    return {"captcha": problem.message} if problem else {}


@router.get("", status_code=308, response_class=RedirectResponse)
async def bare(_: Anyone) -> Response:
    return RedirectResponse("/public/", status_code=308)


@router.get("/")
def home(request: Request, _: Anyone) -> Response:
    return page(request, "public/home.html")


# --- 反诈答题 ---------------------------------------------------------------------------


@router.get("/quiz")
def quiz_start(
    request: Request, session: DbSession, _: Anyone, source: str | None = None
) -> Response:
    """The quiz's first page; a QR link carries `?source=campaign-12` (or event-, grid-)."""
    tag = quiz.parse_source(source)
    return page(
        request,
        "public/quiz_start.html",
        source=tag.tag if tag else "",
        size=quiz.ROUND_SIZE,
        captcha=captcha_for(session, request),
    )


@router.post("/quiz")
def quiz_begin(request: Request, session: DbSession, _: Anyone, form: PostedForm) -> Response:
    problems = guarded(session, request, form)
    source = quiz.parse_source(str(form.get("source") or ""))
    if problems:
        return page(
            request,
            "public/quiz_start.html",
            status_code=422,
            source=source.tag if source else "",
            size=quiz.ROUND_SIZE,
            captcha=abuse.new_challenge(session),
            errors=problems,
        )
    quiz_round = quiz.start_round(session, source)
    return RedirectResponse(f"/public/quiz/{quiz_round.token}", status_code=303)


@router.get("/quiz/{token}")
def quiz_round_page(request: Request, session: DbSession, _: Anyone, token: str) -> Response:
    quiz_round = quiz.find_round(session, token)
    if quiz_round.finished_at is not None:
        return RedirectResponse(f"/public/quiz/{token}/result", status_code=303)
    return _round_page(request, session, quiz_round, {}, [], captcha_for(session, request))


def _round_page(request, session, quiz_round, errors, answers, captcha, status_code=200):
    return page(
        request,
        "public/quiz_round.html",
        status_code=status_code,
        quiz_round=quiz_round,
        questions=quiz.questions_of(session, quiz_round),
        answers=answers,
        errors=errors,
        captcha=captcha,
    )


@router.post("/quiz/{token}")
def quiz_hand_in(
    request: Request, session: DbSession, _: Anyone, token: str, form: PostedForm
) -> Response:
    problems = guarded(session, request, form)
    # Locked from here: two hand-ins of one round (a double tap) are scored once.
    quiz_round = quiz.find_round(session, token, for_update=True)
    if quiz_round.finished_at is not None:
        # A double tap on a weak signal: the browser shows the second answer, so it is the
        # result (scored once, by the first), not an error page.
        return RedirectResponse(f"/public/quiz/{token}/result", status_code=303)
    questions = quiz.questions_of(session, quiz_round)
    answers = quiz.read_answers({k: form.getlist(k) for k in form}, questions)
    if not problems:
        try:
            with session.begin_nested():
                quiz.hand_in(session, quiz_round, questions, answers)
        except InvalidInput as exc:
            problems = {"answers": exc.message}
    if problems:
        captcha = abuse.new_challenge(session) if "captcha" in problems else None
        return _round_page(request, session, quiz_round, problems, answers, captcha, 422)
    return RedirectResponse(f"/public/quiz/{token}/result", status_code=303)


def _grade(score: int) -> str:
    return next(words for floor, words in i18n.QUIZ_GRADES if score >= floor)


@router.get("/quiz/{token}/result")
def quiz_result(request: Request, session: DbSession, _: Anyone, token: str) -> Response:
    quiz_round = quiz.find_round(session, token)
    if quiz_round.finished_at is None:
        return RedirectResponse(f"/public/quiz/{token}", status_code=303)
    questions = quiz.questions_of(session, quiz_round)
    return page(
        request,
        "public/quiz_result.html",
        quiz_round=quiz_round,
        questions=questions,
        right=sum(quiz_round.correct or []),
        grade=_grade(quiz_round.score or 0),
        letters=lambda indexes: "".join("ABCDEF"[i] for i in indexes),
    )


@router.get("/quiz/{token}/card.png", response_class=PngImage)
def quiz_card(session: DbSession, _: Anyone, token: str) -> Response:
    """The round's result card (PNG) to save and share."""
    quiz_round = quiz.find_round(session, token)
    if quiz_round.finished_at is None or quiz_round.score is None:
        raise RoundNotFound()
    right = sum(quiz_round.correct or [])
    png = card.result_card(
        center_name(),
        quiz_round.score,
        right,
        len(quiz_round.question_ids),
        _grade(quiz_round.score),
    )
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


# --- 风险查询 ---------------------------------------------------------------------------


@router.get("/risk")
def risk_form(request: Request, session: DbSession, _: Anyone) -> Response:
    return page(request, "public/risk.html", captcha=captcha_for(session, request), answer=None)


@router.post("/risk")
def risk_check(request: Request, session: DbSession, _: Anyone, form: PostedForm) -> Response:
    """The yes/no answer on the same page (the value never goes into a URL)."""
    fields = {"kind": str(form.get("kind") or ""), "value": str(form.get("value") or "")}
    problems = guarded(session, request, form)
    answer = None
    if not problems:
        try:
            with session.begin_nested():
                answer = risk.check(session, fields["kind"], fields["value"])
        except DomainError as exc:
            problems = {exc.field or "value": exc.message}
    return page(
        request,
        "public/risk.html",
        status_code=422 if problems else 200,
        form=fields,
        errors=problems,
        answer=answer,
        captcha=abuse.new_challenge(session)
        if "captcha" in problems
        else captcha_for(session, request),
    )
