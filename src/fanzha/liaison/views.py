"""The directory of other anti-fraud centers (跨区域移交 goes to them): read by everyone who
works warnings, edited by admins."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fanzha.access import Permission, Principal
from fanzha.fields import RecordId
from fanzha.i18n import liaison as i18n
from fanzha.liaison import centers
from fanzha.liaison.errors import CenterNotFound
from fanzha.liaison.models import Center
from fanzha.liaison.schemas import CenterIn
from fanzha.listing import EXPORT_CAP
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.templating import render

router = APIRouter()

Manager = Annotated[Principal, Depends(require(Permission.org_manage))]


def _page(request: Request, session, actor, *, status_code=200, form=None, errors=None, **extra):
    state = request.query_params.get("state", "")
    state = state if state in i18n.CENTER_STATES else ""
    view = lists.list_view(request, ("state",), values={"state": state})
    if lists.wants_export(request) and status_code == 200:
        rows = centers.page_centers(
            session, replace(view.query, page=1, size=EXPORT_CAP), state=state
        )
        return lists.export(
            session,
            actor,
            view,
            name="centers",
            headers=i18n.CENTER_EXPORT,
            rows=[
                [c.province, c.city, c.name, c.phone, c.note, i18n.CENTER_STATES[_state(c)]]
                for c in rows.rows
            ],
        )
    # The center being changed: its form opens below the table (a row's 修改), not in cells.
    edit = request.query_params.get("edit", "")
    editing = extra.pop("editing", None) or (
        session.get(Center, int(edit)) if edit.isdigit() else None
    )
    return render(
        request,
        "liaison/centers.html",
        actor,
        status_code=status_code,
        pg=centers.page_centers(session, view.query, state=state),
        lv=view,
        state=state,
        states=i18n.CENTER_STATES,
        editing=editing,
        form=form or {},
        errors=errors or {},
        **extra,
    )


def _state(center: Center) -> str:
    return "active" if center.active else "retired"


@router.get("/admin/centers")
def centers_page(request: Request, session: DbSession, actor: Manager) -> Response:
    return _page(request, session, actor)


def _save(request, session, actor, posted, center: Center | None) -> Response:
    form = form_dict(posted)
    form["active"] = form.get("active") in ("true", "on") if center else True
    data, errors = validate_form(CenterIn, form)
    if data is None:
        return _page(
            request, session, actor, status_code=422, form=form, errors=errors, editing=center
        )
    centers.save(session, actor, center=center, **data.model_dump())
    return RedirectResponse("/admin/centers", status_code=303)


@router.post("/admin/centers")
def center_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    """Add a center to the directory."""
    return _save(request, session, actor, posted, None)


@router.post("/admin/centers/{center_id:int}")
def center_update(
    request: Request, session: DbSession, actor: Manager, center_id: RecordId, posted: PostedForm
) -> Response:
    """Change a center, or retire it (unchecked 启用: no longer offered for new transfers)."""
    center = session.get(Center, center_id)
    if center is None:
        raise CenterNotFound()
    return _save(request, session, actor, posted, center)
