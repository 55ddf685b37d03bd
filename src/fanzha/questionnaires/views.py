"""Staff pages of questionnaires (问卷): the list, the builder (add, reorder, edit questions;
saving a published questionnaire publishes a new version), and results per question with
charts and the Excel of results and raw responses. outreach.plan edits, outreach.read reads."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.errors import DomainError
from fanzha.fields import RecordId
from fanzha.i18n import questionnaires as i18n
from fanzha.listing import paginate, text_match
from fanzha.org.scope import scoped_select
from fanzha.questionnaires import builder, exports, service
from fanzha.questionnaires.models import Purpose, Questionnaire, SourceKind
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict
from fanzha.web.responses import xlsx_response
from fanzha.web.templating import render

router = APIRouter()

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Planner = Annotated[Principal, Depends(require(Permission.outreach_plan))]

BASE = "/outreach/questionnaires"
SORTS = {
    "title": Questionnaire.title,
    "created": Questionnaire.created_at,
    "purpose": Questionnaire.purpose,
}


@router.get(BASE)
def questionnaire_list(request: Request, session: DbSession, actor: Reader) -> Response:
    """Questionnaires the caller may see (its unit's, those of units below, and those of the
    units above it, which it uses); searchable by title, filtered by purpose."""
    purpose = request.query_params.get("purpose", "")
    purpose = purpose if purpose in i18n.PURPOSES else ""
    view = lists.list_view(request, ("purpose",), values={"purpose": purpose})
    stmt = scoped_select(Questionnaire, actor).where(*text_match(view.query, Questionnaire.title))
    if purpose:
        stmt = stmt.where(Questionnaire.purpose == purpose)
    if lists.wants_export(request):
        rows = session.scalars(stmt.order_by(Questionnaire.id.desc()).limit(10_000)).all()
        return lists.export(
            session,
            actor,
            view,
            name="questionnaires",
            headers=i18n.LIST_EXPORT,
            rows=[
                [
                    q.title,
                    i18n.PURPOSES[q.purpose],
                    q.unit.name,
                    clock.local(q.created_at),
                    i18n.RETIRED if q.retired else "",
                ]
                for q in rows
            ],
        )
    page = paginate(session, stmt, view.query, SORTS, [Questionnaire.id.desc()])
    return render(
        request,
        "questionnaires/list.html",
        actor,
        rows=page.rows,
        pg=page,
        lv=view,
        purpose=purpose,
        purposes=i18n.PURPOSES,
        can_plan=actor.can(Permission.outreach_plan),
    )


def _builder(
    request: Request,
    actor: Principal,
    *,
    drafts: list[dict[str, Any]],
    title: str,
    purpose: str,
    questionnaire: Questionnaire | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "questionnaires/builder.html",
        actor,
        status_code=status_code,
        drafts=drafts,
        title=title,
        purpose=purpose,
        purposes=i18n.PURPOSES,
        kinds=i18n.KINDS,
        questionnaire=questionnaire,
        error=error,
    )


@router.get(BASE + "/new")
def questionnaire_new(request: Request, actor: Planner) -> Response:
    return _builder(
        request, actor, drafts=[builder.blank()], title="", purpose=Purpose.door_knock.value
    )


def _posted(posted: Any) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    form = form_dict(posted)
    return form, builder.drafts_from_form(form), str(form.get("action") or "save")


@router.post(BASE)
def questionnaire_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    """Save a new questionnaire (version 1), or apply a builder action (add/move/remove a
    question) and show the form again."""
    form, drafts, action = _posted(posted)
    title = str(form.get("title") or "")[:200]
    purpose = str(form.get("purpose") or "")
    purpose = purpose if purpose in i18n.PURPOSES else Purpose.other.value
    changed = builder.apply_action(drafts, action)
    if changed is not None:
        return _builder(request, actor, drafts=changed, title=title, purpose=purpose)
    try:
        with session.begin_nested():
            created = service.create_questionnaire(
                session,
                actor,
                title=title,
                purpose=purpose,
                questions=builder.questions_of(drafts),
            )
    except DomainError as exc:
        return _builder(
            request,
            actor,
            drafts=drafts,
            title=title,
            purpose=purpose,
            error=exc.message,
            status_code=exc.status_code,
        )
    return RedirectResponse(f"{BASE}/{created.id}", status_code=303)


@router.get(BASE + "/{questionnaire_id:int}")
def questionnaire_page(
    request: Request, session: DbSession, actor: Reader, questionnaire_id: RecordId
) -> Response:
    """The current version's questions, its earlier versions, and how many answered each."""
    questionnaire = service.get_questionnaire(session, actor, questionnaire_id)
    all_versions = service.versions(session, questionnaire.id)
    return render(
        request,
        "questionnaires/detail.html",
        actor,
        questionnaire=questionnaire,
        version=all_versions[0],
        versions=all_versions,
        answered=exports.answered_per_version(session, questionnaire.id),
        kinds=i18n.KINDS,
        purposes=i18n.PURPOSES,
        can_edit=actor.can(Permission.outreach_plan)
        and service.editable(session, actor, questionnaire)
        and not questionnaire.retired,
    )


@router.get(BASE + "/{questionnaire_id:int}/edit")
def questionnaire_edit(
    request: Request, session: DbSession, actor: Planner, questionnaire_id: RecordId
) -> Response:
    questionnaire = service.get_questionnaire(session, actor, questionnaire_id)
    version = service.current_version(session, questionnaire.id)
    return _builder(
        request,
        actor,
        drafts=builder.drafts_of(version.questions),
        title=questionnaire.title,
        purpose=questionnaire.purpose.value,
        questionnaire=questionnaire,
    )


@router.post(BASE + "/{questionnaire_id:int}")
def questionnaire_revise(
    request: Request,
    session: DbSession,
    actor: Planner,
    questionnaire_id: RecordId,
    posted: PostedForm,
) -> Response:
    """Publish the edited questions as a new version (answers already given keep theirs)."""
    questionnaire = service.get_questionnaire(session, actor, questionnaire_id)
    form, drafts, action = _posted(posted)
    title = str(form.get("title") or "")[:200]
    purpose = questionnaire.purpose.value
    changed = builder.apply_action(drafts, action)
    if changed is not None:
        return _builder(
            request,
            actor,
            drafts=changed,
            title=title,
            purpose=purpose,
            questionnaire=questionnaire,
        )
    try:
        with session.begin_nested():
            service.revise(
                session, actor, questionnaire.id, builder.questions_of(drafts), title=title
            )
    except DomainError as exc:
        return _builder(
            request,
            actor,
            drafts=drafts,
            title=title,
            purpose=purpose,
            questionnaire=questionnaire,
            error=exc.message,
            status_code=exc.status_code,
        )
    return RedirectResponse(f"{BASE}/{questionnaire.id}", status_code=303)


@router.post(BASE + "/{questionnaire_id:int}/retire")
def questionnaire_retire(
    session: DbSession, actor: Planner, questionnaire_id: RecordId
) -> Response:
    """Stop offering it for new campaigns and answers; what was answered stays."""
    service.retire(session, actor, questionnaire_id)
    return RedirectResponse(f"{BASE}/{questionnaire_id}", status_code=303)


def _filters(request: Request) -> dict[str, Any]:
    # A version of another questionnaire is refused by service.results (NotFound).
    args = request.query_params
    version = args.get("version", "")
    source = args.get("source", "")
    return {
        "version_id": int(version) if version.isdigit() and len(version) < 12 else None,
        "source_kind": source if source in SourceKind.__members__ else None,
    }


@router.get(BASE + "/{questionnaire_id:int}/results")
def questionnaire_results(
    request: Request, session: DbSession, actor: Reader, questionnaire_id: RecordId
) -> Response:
    """Each question's answers counted (choice: bars; numbers: count, mean, median; text: the
    latest), for one version or all, one source kind or all; `?export=xlsx` for the results
    and the raw responses."""
    questionnaire = service.get_questionnaire(session, actor, questionnaire_id)
    chosen = _filters(request)
    figures = service.results(session, questionnaire.id, **chosen)
    if request.query_params.get("export") == "xlsx":
        content, count = exports.results_workbook(session, questionnaire, figures, **chosen)
        exports.audit_export(session, actor, questionnaire, count)
        return xlsx_response(content, i18n.EXPORT_FILE.format(title=questionnaire.title))
    charts = {
        q["key"]: json.dumps(
            {
                "labels": [o["label"] for o in q["options"]],
                "counts": [o["count"] for o in q["options"]],
            },
            ensure_ascii=False,
        )
        for q in figures["questions"]
        if "options" in q
    }
    return render(
        request,
        "questionnaires/results.html",
        actor,
        questionnaire=questionnaire,
        figures=figures,
        charts=charts,
        versions=service.versions(session, questionnaire.id),
        chosen=chosen,
        sources=i18n.SOURCES,
        kinds=i18n.KINDS,
    )
