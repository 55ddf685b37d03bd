"""Pages of analysis about people: at-risk people (高危潜在受害人: found in statements and call
records, completed and pushed as warnings) and the two-card watch (两卡人员)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from fanzha import clock, listing
from fanzha.access import Permission, Principal
from fanzha.errors import NotFound
from fanzha.i18n import linking as i18n
from fanzha.i18n import zh_CN
from fanzha.linking import at_risk, watch
from fanzha.linking.errors import NothingToPush
from fanzha.linking.pages import attempt
from fanzha.listing import EXPORT_CAP
from fanzha.masking import mask_bank_account, mask_name, mask_phone
from fanzha.money import format_yuan
from fanzha.org import scope
from fanzha.warnings.models import Warning
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict
from fanzha.web.imports import import_page, import_upload
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedAtRiskPerson
from fanzha.web.templating import render

router = APIRouter()

Analyst = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.analysis_work))]
Reader = Annotated[Principal, Depends(require(Permission.analysis_read))]
Unmasker = Annotated[Principal, Depends(require(Permission.analysis_read, Permission.pii_unmask))]


def _at_risk_page(request, session, actor, **extra) -> Response:
    session.flush()
    status = request.query_params.get("status", "")
    status = status if status in zh_CN.AT_RISK_STATUSES else ""
    view = lists.list_view(request, ("status",), values={"status": status})
    if lists.wants_export(request) and not extra:
        rows, total, _ = at_risk.list_people(
            session, actor, status=status, query=replace(view.query, page=1, size=EXPORT_CAP)
        )
        return lists.export(
            session,
            actor,
            view,
            name="at_risk",
            headers=i18n.AT_RISK_EXPORT,
            rows=[_at_risk_line(p, w) for p, w in rows],
        )
    rows, total, by_status = at_risk.list_people(session, actor, status=status, query=view.query)
    warnings = scope.visible_ids(session, actor, Warning, (w.id for _, w in rows if w))
    return render(
        request,
        "linking/at_risk.html",
        actor,
        rows=rows,
        total=total,
        pg=listing.Page(rows=rows, total=total, query=view.query),
        lv=view,
        by_status=by_status,
        status=status,
        can_work=actor.can(Permission.analysis_work),
        # The warning a person became may be another unit's (pushed to the station by address).
        openable_warnings=warnings if actor.can(Permission.warnings_read) else set(),
        **extra,
    )


def _at_risk_line(person, warning) -> list[object]:
    return [
        mask_name(person.person_name),
        mask_phone(person.person_phone) if person.person_phone else "",
        mask_bank_account(person.person_account),
        zh_CN.AT_RISK_KINDS[person.kind],
        person.indicator.value,
        format_yuan(person.amount_fen),
        clock.local(person.evidence_at),
        zh_CN.AT_RISK_STATUSES[person.status],
        warning.unit.name if warning else "",
    ]


@router.get("/analysis/at-risk")
def at_risk_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """高危潜在受害人: found, waiting for contact details, pushed (with their station)."""
    return _at_risk_page(request, session, actor)


@router.get("/analysis/at-risk/calls")
def calls_import_page(request: Request, actor: Analyst) -> Response:
    return import_page(
        request,
        actor,
        action="/analysis/at-risk/calls",
        label=i18n.CALL_SHEET_NAME,
        back="/analysis/at-risk",
    )


@router.get("/analysis/at-risk/calls/template.xlsx", response_class=XlsxFile)
def calls_template(actor: Analyst) -> Response:
    return xlsx_response(at_risk.call_template(), i18n.FILES["call_template"])


@router.post("/analysis/at-risk/calls")
def calls_import(
    request: Request, session: DbSession, actor: Analyst, upload: UploadedFile
) -> Response:
    return import_upload(
        request,
        session,
        actor,
        lambda content: at_risk.import_calls(session, actor, content),
        upload.content,
        action="/analysis/at-risk/calls",
        label=i18n.CALL_SHEET_NAME,
        back="/analysis/at-risk",
    )


@router.post("/analysis/at-risk/{action}")
def at_risk_action(
    request: Request, action: str, session: DbSession, actor: Analyst, posted: PostedForm
) -> Response:
    """研判 the statements for payers, or push the chosen (or every ready) person."""
    form = form_dict(posted, lists=("person_id",))

    def act() -> str:
        if action == "scan":
            found = at_risk.find_payers(session, actor)
            return i18n.DONE["payers_found"].format(count=found)
        if action == "push":
            ids = [int(i) for i in form["person_id"] if str(i).isdigit()]
            people = at_risk.ready_people(session, actor, ids)
            if not people:
                raise NothingToPush()
            created = at_risk.push(session, actor, people)
            return i18n.DONE["pushed"].format(count=created)
        raise NotFound()

    return attempt(
        session,
        act,
        lambda **kw: _at_risk_page(request, session, actor, **kw),
        request=request,
        back="/analysis/at-risk",
    )


@router.post("/analysis/at-risk/{person_id:int}/{action}")
def at_risk_person_action(
    request: Request,
    action: str,
    session: DbSession,
    actor: Analyst,
    person: ScopedAtRiskPerson,
    posted: PostedForm,
) -> Response:
    """补充联系方式 or 不推送."""
    form = form_dict(posted)

    def act() -> str:
        if action == "identity":
            at_risk.set_identity(
                session,
                actor,
                person,
                name=str(form.get("name") or ""),
                phone=str(form.get("phone") or ""),
                id_number=str(form.get("id_number") or ""),
                address=str(form.get("address") or ""),
            )
            return i18n.DONE["identity_set"]
        if action == "dismiss":
            at_risk.dismiss(session, actor, person, reason=str(form.get("reason") or ""))
            return i18n.DONE["dismissed"]
        raise NotFound()

    return attempt(
        session,
        act,
        lambda **kw: _at_risk_page(request, session, actor, **kw),
        request=request,
        back="/analysis/at-risk",
    )


@router.get("/analysis/mules")
def mules_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """两卡: accounts in several cases or passing money straight through, by holder; paged,
    searchable and sortable; `?export=xlsx` exports the holders shown by the filter."""
    view = lists.list_view(request)
    found = watch.matching(watch.holders(session, actor), view.query.q)
    key = watch.HOLDER_SORTS.get(view.query.sort)
    if key is not None:
        found = sorted(found, key=key, reverse=view.query.desc)
    if lists.wants_export(request):
        content = watch.export(session, actor, unmasked=False, chosen=found)
        return xlsx_response(content, i18n.FILES["watch"])
    page = listing.in_memory(found, view.query)
    return render(
        request,
        "linking/mules.html",
        actor,
        holders=page.rows,
        pg=page,
        lv=view,
        can_unmask=actor.can(Permission.pii_unmask),
        fast_minutes=watch.FAST_MINUTES,
    )


@router.get("/analysis/mules.xlsx", response_class=XlsxFile)
def mules_export(session: DbSession, actor: Reader) -> Response:
    return xlsx_response(watch.export(session, actor, unmasked=False), i18n.FILES["watch"])


@router.post("/analysis/mules.xlsx", response_class=XlsxFile)
def mules_export_full(
    session: DbSession, actor: Unmasker, reason: Annotated[str, Form()] = ""
) -> Response:
    """With full names and ID numbers, for the 两卡 enforcement team; audited with the stated
    reason."""
    return xlsx_response(
        watch.export(session, actor, unmasked=True, reason=reason),
        i18n.FILES["watch_full"],
    )
