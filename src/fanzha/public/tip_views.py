"""线索举报 on the citizens' site: the form, the receipt page (the code shown once, in the
response body only: never a redirect, never in a URL), and the receipt-code page where the
reporter reads replies and adds material. The code travels only in POST bodies.

Every page here answers `Cache-Control: no-store` (a receipt code in the browser's cache is a
code on a shared phone), and logs nothing: no IP address, no user agent, no tip content."""

from __future__ import annotations

from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from fanzha.config import get_settings
from fanzha.errors import DomainError
from fanzha.i18n import public as i18n
from fanzha.public import abuse, tips
from fanzha.public.errors import TipCodeTriesExhausted, TipCodeWrong
from fanzha.public.tip_models import Tip
from fanzha.public.views import captcha_for, guarded, page
from fanzha.web.deps import Anyone, DbSession, client_ip
from fanzha.web.forms import PostedForm

router = APIRouter(prefix="/public/tips")


def _page(request: Request, name: str, *, status_code: int = 200, **context: Any) -> Response:
    settings = get_settings()
    context.setdefault("captcha", None)
    context.setdefault("errors", {})
    response = page(
        request,
        f"public/{name}",
        status_code=status_code,
        categories=i18n.TIP_CATEGORIES,
        max_files=settings.tip_attachments_max,
        max_mb=f"{settings.tip_attachment_mb:g}",
        **context,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _pictures(form: Any) -> list[tips.Picture]:
    out = []
    for upload in form.getlist("files"):
        if hasattr(upload, "file"):  # a plain def route: the spooled file reads synchronously
            out.append(tips.Picture(upload.filename or "", upload.file.read()))
    return out


def _client(session: Session, request: Request) -> str:
    return abuse.client_key(session, client_ip(request))


@router.get("")
def tips_home(request: Request, session: DbSession, _: Anyone) -> Response:
    return tips_new(request, session, _)


@router.get("/new")
def tips_new(request: Request, session: DbSession, _: Anyone) -> Response:
    return _page(request, "tip_new.html", form={}, errors={}, captcha=captcha_for(session, request))


def _form_values(form: Any) -> dict[str, str]:
    keys = ("category", "description", "mode", "name", "phone", "id_number")
    return {k: str(form.get(k) or "") for k in keys}


@router.post("/new")
def tips_submit(request: Request, session: DbSession, _: Anyone, form: PostedForm) -> Response:
    """Take the tip and show its receipt code once (200, the body is the receipt)."""
    values = _form_values(form)
    problems = guarded(session, request, form)
    if not problems:
        reporter = None
        if values["mode"] == "named":
            reporter = tips.Reporter(values["name"], values["phone"], values["id_number"])
        try:
            with session.begin_nested():
                tip, code = tips.submit(
                    session,
                    category=values["category"],
                    description=values["description"],
                    reporter=reporter,
                    pictures=_pictures(form),
                )
        except DomainError as exc:
            problems = {exc.field or "description": exc.message}
    if problems:
        return _page(
            request,
            "tip_new.html",
            status_code=422,
            form=values,
            errors=problems,
            captcha=abuse.new_challenge(session) if "captcha" in problems else None,
        )
    qr = segno.make(code, error="m").png_data_uri(scale=5, border=2)
    return _page(request, "tip_receipt.html", code=tips.group(code), qr=qr, tip=tip)


@router.get("/saved")
def tips_saved(request: Request, _: Anyone) -> Response:
    """The "我已保存" button lands here: the receipt page (and its code) is left behind."""
    return _page(request, "tip_saved.html")


@router.get("/check")
def tips_check(request: Request, session: DbSession, _: Anyone) -> Response:
    return _page(request, "tip_check.html", errors={}, captcha=captcha_for(session, request))


def _open(
    request: Request, session: DbSession, form: Any
) -> tuple[Tip | None, str, Response | None]:
    """The tip of the posted code, or the page to answer instead (never raised: the counted
    post and the counted failure must be kept)."""
    problems = guarded(session, request, form)
    client = _client(session, request)
    if not problems and not tips.tries_left(session, client):
        exc = TipCodeTriesExhausted()
        return (
            None,
            "",
            _page(request, "tip_check.html", status_code=429, errors={"code": exc.message}),
        )
    raw = str(form.get("code") or "")
    if not problems:
        tip = tips.find_by_code(session, raw, client)
        if tip is not None:
            return tip, tips.normalise_code(raw), None
        problems = {"code": TipCodeWrong(field="code").message}
    return (
        None,
        "",
        _page(
            request,
            "tip_check.html",
            status_code=422,
            errors=problems,
            captcha=(
                abuse.new_challenge(session)
                if "captcha" in problems
                else captcha_for(session, request)
            ),
        ),
    )


def _tip_page(request, session, tip, code, *, errors=None, flash="", status_code=200):
    return _page(
        request,
        "tip_status.html",
        status_code=status_code,
        tip=tip,
        code=code,
        messages=tips.messages(session, tip),
        pictures=tips.reporter_thumbnails(session, tip),
        statuses=i18n.TIP_STATUSES,
        outcomes=i18n.TIP_OUTCOMES,
        errors=errors or {},
        flash=flash,
    )


@router.post("/check")
def tips_check_submit(
    request: Request, session: DbSession, _: Anyone, form: PostedForm
) -> Response:
    """The tip behind the posted receipt code: its status, the messages, the add form."""
    tip, code, refusal = _open(request, session, form)
    if refusal is not None:
        return refusal
    return _tip_page(request, session, tip, code)


@router.post("/check/add")
def tips_add(request: Request, session: DbSession, _: Anyone, form: PostedForm) -> Response:
    """The reporter's answer or added pictures, with the code posted again in the body."""
    tip, code, refusal = _open(request, session, form)
    if refusal is not None:
        return refusal
    try:
        with session.begin_nested():
            tips.add_from_reporter(session, tip, str(form.get("body") or ""), _pictures(form))
    except DomainError as exc:
        errors = {exc.field or "body": exc.message}
        return _tip_page(request, session, tip, code, errors=errors, status_code=422)
    return _tip_page(request, session, tip, code, flash=i18n.TIPS["added"])
