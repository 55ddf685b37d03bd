"""The staff side of the citizens' site (citizens.manage), on the police network under
/citizens/: the quiz bank (add, edit, retire, Excel import, each question's correct-answer rate,
hardest first), participants per QR source with the QR codes, and the indicators citizens asked
the risk check about this week."""

from __future__ import annotations

import io
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal
from fanzha.config import get_settings
from fanzha.fields import RecordId
from fanzha.i18n import public as i18n
from fanzha.i18n import zh_CN
from fanzha.org.models import Grid
from fanzha.public import bank, quiz, risk
from fanzha.public.errors import BadSource
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile
from fanzha.web.imports import import_page, import_upload
from fanzha.web.responses import PngImage, XlsxFile, xlsx_response
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/citizens")

Manager = Annotated[Principal, Depends(require(Permission.citizens_manage))]
IMPORT = "/citizens/quiz/import"


def _page(request: Request, name: str, actor: Principal, **context) -> Response:
    return render(request, name, actor, text=i18n, fraud_types=zh_CN.FRAUD_TYPES, **context)


@router.get("/quiz")
def bank_page(request: Request, session: DbSession, actor: Manager) -> Response:
    """Every question with its correct-answer rate, hardest first."""
    return _page(
        request,
        "public/staff_bank.html",
        actor,
        rates=quiz.question_rates(session),
        letters=bank.letters_of,
    )


def _question_form(request, actor, *, action, form, errors, status_code=200, question=None):
    return render(
        request,
        "public/staff_question.html",
        actor,
        status_code=status_code,
        text=i18n,
        kinds=bank.QUIZ_TYPES,
        fraud_types=zh_CN.FRAUD_TYPES,
        action=action,
        form=form,
        errors=errors,
        question=question,
    )


def _fields(form) -> dict[str, object]:
    return {
        "fraud_type": str(form.get("fraud_type") or ""),
        "kind": str(form.get("kind") or ""),
        "stem": str(form.get("stem") or ""),
        "options": str(form.get("options") or "").splitlines(),
        "answer": str(form.get("answer") or ""),
        "explanation": str(form.get("explanation") or ""),
    }


def _shown(fields: dict[str, object]) -> dict[str, object]:
    return {**fields, "options": "\n".join(fields["options"])}  # type: ignore[arg-type]


@router.get("/quiz/new")
def new_question(request: Request, actor: Manager) -> Response:
    return _question_form(request, actor, action="/citizens/quiz/new", form={}, errors={})


@router.post("/quiz/new")
def add_question(request: Request, session: DbSession, actor: Manager, form: PostedForm):
    fields = _fields(form)
    draft, errors = bank.check_question(fields)
    if draft is None:
        return _question_form(
            request,
            actor,
            action="/citizens/quiz/new",
            form=_shown(fields),
            errors=errors,
            status_code=422,
        )
    bank.add_question(session, draft)
    return see_other("/citizens/quiz", i18n.STAFF["saved"])


@router.get("/quiz/import")
def import_form(request: Request, actor: Manager) -> Response:
    return import_page(
        request, actor, action=IMPORT, label=i18n.STAFF["import_label"], back="/citizens/quiz"
    )


@router.get("/quiz/import/template", response_class=XlsxFile)
def import_template(actor: Manager) -> Response:
    return xlsx_response(bank.import_template(), i18n.STAFF["template_file"])


@router.post("/quiz/import")
def import_file(
    request: Request, session: DbSession, actor: Manager, upload: UploadedFile
) -> Response:
    return import_upload(
        request,
        session,
        actor,
        lambda content: bank.import_questions(session, content),
        upload.content,
        action=IMPORT,
        label=i18n.STAFF["import_label"],
        back="/citizens/quiz",
    )


@router.get("/quiz/sources")
def sources_page(request: Request, session: DbSession, actor: Manager) -> Response:
    """Participants per campaign, event or grid, and a QR code for each."""
    counts = quiz.participants_by_source(session)
    grid_names = _grid_names(session, [c.id for c in counts if c.kind == "grid"])
    return _page(
        request,
        "public/staff_sources.html",
        actor,
        counts=counts,
        grid_names=grid_names,
        source_kinds=quiz.SOURCE_KINDS,
    )


def _grid_names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Grid.id, Grid.name).where(Grid.id.in_(ids))).all())


@router.get("/quiz/qr.png", response_class=PngImage)
def source_qr(request: Request, actor: Manager, source: str = "") -> Response:
    """The QR code (PNG) a campaign, event or grid prints: it opens the quiz tagged with it."""
    tag = quiz.parse_source(source)
    if tag is None:
        raise BadSource(field="source")
    base = get_settings().public_base_url or str(request.base_url)
    url = f"{base.rstrip('/')}/public/quiz?source={tag.tag}"
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    return Response(out.getvalue(), media_type="image/png")


@router.get("/quiz/{question_id:int}")
def question_page(
    request: Request, session: DbSession, actor: Manager, question_id: RecordId
) -> Response:
    question = bank.get_question(session, question_id)
    form = {
        "fraud_type": question.fraud_type.value,
        "kind": question.kind.value,
        "stem": question.stem,
        "options": "\n".join(question.options),
        "answer": bank.letters_of(question.answer),
        "explanation": question.explanation,
    }
    action = f"/citizens/quiz/{question_id}"
    return _question_form(request, actor, action=action, form=form, errors={}, question=question)


@router.post("/quiz/{question_id:int}")
def edit_question(
    request: Request, session: DbSession, actor: Manager, question_id: RecordId, form: PostedForm
) -> Response:
    question = bank.get_question(session, question_id)
    fields = _fields(form)
    draft, errors = bank.check_question(fields)
    if draft is None:
        return _question_form(
            request,
            actor,
            action=f"/citizens/quiz/{question_id}",
            form=_shown(fields),
            errors=errors,
            status_code=422,
            question=question,
        )
    bank.edit_question(session, question_id, draft)
    return see_other("/citizens/quiz", i18n.STAFF["saved"])


@router.post("/quiz/{question_id:int}/retire")
def retire_question(session: DbSession, actor: Manager, question_id: RecordId) -> Response:
    bank.set_retired(session, question_id, True)
    return see_other("/citizens/quiz", i18n.STAFF["retired_flash"])


@router.post("/quiz/{question_id:int}/restore")
def restore_question(session: DbSession, actor: Manager, question_id: RecordId) -> Response:
    bank.set_retired(session, question_id, False)
    return see_other("/citizens/quiz", i18n.STAFF["restored_flash"])


@router.get("/risk")
def risk_week(request: Request, session: DbSession, actor: Manager) -> Response:
    """Which indicators citizens are being approached with: the last seven days' queries."""
    return _page(
        request,
        "public/staff_risk.html",
        actor,
        week=risk.this_week(session),
        kind_labels={**zh_CN.INDICATOR_KINDS, **i18n.RISK["kinds"]},
    )
