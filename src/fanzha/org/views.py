"""HTML pages of the organisation domain."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from fanzha.access import Permission, Principal
from fanzha.fields import Maybe, RecordId, Ref
from fanzha.i18n import lists as list_text
from fanzha.i18n import org as i18n
from fanzha.i18n import zh_CN
from fanzha.listing import EXPORT_CAP, ListQuery
from fanzha.org import gazetteer, importers, scope, service
from fanzha.org import lists as org_lists
from fanzha.org.errors import (
    ImportKindNotFound,
    TeamMemberMissing,
    UnitNameMissing,
    UnitPopulationInvalid,
)
from fanzha.org.models import Staff, Team, UnitKind
from fanzha.org.schemas import DutyShiftIn, GridIn, GridUpdate, StaffIn, StaffUpdate, TeamIn, UnitIn
from fanzha.web import imports, lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict, validate_form
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.scoped import ScopedGrid, ScopedStaff, ScopedTeam, ScopedUnit
from fanzha.web.templating import render

router = APIRouter(prefix="/org")

Reader = Annotated[Principal, Depends(require(Permission.org_read))]
Manager = Annotated[Principal, Depends(require(Permission.org_manage))]
Revealer = Annotated[Principal, Depends(require(Permission.pii_unmask))]
FullExporter = Annotated[Principal, Depends(require(Permission.org_read, Permission.pii_unmask))]
PAGE = 50


def _everything(view: lists.ListView) -> ListQuery:
    """The list's filters over all its rows (up to the export cap), for "导出 Excel"."""
    return replace(view.query, page=1, size=EXPORT_CAP)


def _unit_filter(request: Request, units: dict[int, object]) -> int | None:
    """The `unit_id` filter when it names a unit the viewer sees; otherwise none."""
    text = request.query_params.get("unit_id", "")
    return int(text) if text.isdigit() and int(text) in units else None


# --- units -------------------------------------------------------------------------------


def _units_page(request: Request, session: DbSession, actor: Principal, **extra) -> Response:
    kind = request.query_params.get("kind", "")
    kind = kind if kind in zh_CN.UNIT_KINDS else ""
    view = lists.list_view(request, ("kind",), values={"kind": kind})
    if lists.wants_export(request) and not extra:
        rows = org_lists.units(session, actor, _everything(view), kind=kind).rows
        return lists.export(
            session,
            actor,
            view,
            name="units",
            headers=list_text.UNIT_EXPORT,
            rows=[
                [u.name, u.parent.name if u.parent else "", zh_CN.UNIT_KINDS[u.kind], u.code]
                for u in rows
            ],
        )
    page = org_lists.units(session, actor, view.query, kind=kind)
    parents = [u for u in service.list_units(session, actor) if u.kind != UnitKind.community]
    return render(
        request,
        "org/units.html",
        actor,
        units=page.rows,
        pg=page,
        lv=view,
        kind=kind,
        tree=not (view.query.q or view.query.sort or kind),
        parent_options=service.unit_options(parents),
        **extra,
    )


@router.get("/units")
def units_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Units in scope: tree order, paged; by level, name or code; `?export=xlsx`."""
    return _units_page(request, session, actor)


@router.post("/units")
def unit_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(UnitIn, form)
    if data is None:
        return _units_page(request, session, actor, status_code=422, form=form, errors=errors)
    unit = service.create_unit(session, actor, data)
    return RedirectResponse(f"/org/units/{unit.id}", status_code=303)


@router.get("/units/{unit_id:int}")
def unit_page(request: Request, session: DbSession, actor: Reader, unit: ScopedUnit) -> Response:
    children = [u for u in service.list_units(session, actor) if u.parent_id == unit.id]
    return render(
        request,
        "org/unit.html",
        actor,
        unit=unit,
        children=children,
        summary=service.scope_summary(session, scope.unit_scope(session, unit.id)),
    )


def _population(raw: object) -> int | None:
    text = str(raw or "").strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or int(text) > 100_000_000:
        raise UnitPopulationInvalid(field="population")
    return int(text)


@router.post("/units/{unit_id:int}")
def unit_rename(
    request: Request, session: DbSession, actor: Manager, unit: ScopedUnit, form: PostedForm
) -> Response:
    name = str(form.get("name", "")).strip()
    if not name:
        raise UnitNameMissing(field="name")
    if name != unit.name:
        service.rename_unit(session, actor, unit, name[:100])
    service.set_population(session, actor, unit, _population(form.get("population")))
    return RedirectResponse(f"/org/units/{unit.id}", status_code=303)


# --- grids -------------------------------------------------------------------------------


@router.get("/grids")
def grids_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Grids in scope: paged, sortable, by unit and name or code; `?export=xlsx`."""
    units = service.list_units(session, actor)
    by_id = {u.id: u for u in units}
    unit_id = _unit_filter(request, by_id)
    view = lists.list_view(request, ("unit_id",), values={"unit_id": unit_id})
    if lists.wants_export(request):
        rows = org_lists.grids(session, actor, _everything(view), unit_id=unit_id).rows
        return lists.export(
            session,
            actor,
            view,
            name="grids",
            headers=list_text.GRID_EXPORT,
            rows=[
                [g.code, g.name, by_id[g.unit_id].name if g.unit_id in by_id else "", g.households]
                for g in rows
            ],
        )
    page = org_lists.grids(session, actor, view.query, unit_id=unit_id)
    return render(
        request,
        "org/grids.html",
        actor,
        grids=page.rows,
        pg=page,
        lv=view,
        units=by_id,
        unit_id=unit_id,
        unit_options=service.unit_options(units),
    )


@router.get("/grids/new")
def grid_new(request: Request, session: DbSession, actor: Manager) -> Response:
    return render(
        request,
        "org/grid_form.html",
        actor,
        grid=None,
        unit_options=service.unit_options(service.list_units(session, actor)),
    )


@router.post("/grids/new")
def grid_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(GridIn, form)
    if data is not None:
        service.create_grid(session, actor, data)
        return RedirectResponse("/org/grids?" + urlencode({"q": data.code}), status_code=303)
    return render(
        request,
        "org/grid_form.html",
        actor,
        status_code=422,
        grid=None,
        form=form,
        errors=errors,
        unit_options=service.unit_options(service.list_units(session, actor)),
    )


@router.get("/grids/{grid_id:int}")
def grid_edit(request: Request, session: DbSession, actor: Reader, grid: ScopedGrid) -> Response:
    return render(
        request,
        "org/grid_form.html",
        actor,
        grid=grid,
        form={"name": grid.name, "households": grid.households},
        unit_options=[],
    )


@router.post("/grids/{grid_id:int}")
def grid_update(
    request: Request, session: DbSession, actor: Manager, grid: ScopedGrid, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(GridUpdate, form)
    if data is not None:
        service.update_grid(session, actor, grid, data)
        return RedirectResponse("/org/grids?" + urlencode({"q": grid.code}), status_code=303)
    return render(
        request,
        "org/grid_form.html",
        actor,
        status_code=422,
        grid=grid,
        form=form,
        errors=errors,
        unit_options=[],
    )


# --- imports (staff and grids share the page) ----------------------------------------------

_IMPORTS = {
    "staff": (i18n.SHEETS["staff"], importers.staff_template, importers.import_staff, "/org/staff"),
    "grids": (i18n.SHEETS["grids"], importers.grid_template, importers.import_grids, "/org/grids"),
    "gazetteer": (
        i18n.SHEETS["gazetteer"],
        gazetteer.template,
        gazetteer.import_gazetteer,
        "/org/grids",
    ),
}


@router.get("/import/{kind}/template", response_class=XlsxFile)
def import_template(kind: str, actor: Manager) -> Response:
    label, make_template, _, _ = _import_kind(kind)
    return xlsx_response(make_template(), i18n.FILES["import_template"].format(label=label))


@router.get("/import/{kind}")
def import_page(request: Request, kind: str, actor: Manager) -> Response:
    label, _, _, back = _import_kind(kind)
    return imports.import_page(request, actor, action=f"/org/import/{kind}", label=label, back=back)


@router.post("/import/{kind}")
def import_upload(
    request: Request, kind: str, session: DbSession, actor: Manager, upload: UploadedFile
) -> Response:
    label, _, run_import, back = _import_kind(kind)
    return imports.import_upload(
        request,
        session,
        actor,
        lambda content: run_import(session, actor, content),
        upload.content,
        action=f"/org/import/{kind}",
        label=label,
        back=back,
    )


def _import_kind(kind: str):
    if kind not in _IMPORTS:
        raise ImportKindNotFound()
    return _IMPORTS[kind]


# --- staff -------------------------------------------------------------------------------


@router.get("/staff")
def staff_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """The roster in scope, masked: paged, by unit, kind, name or 警号; `?export=xlsx` is
    the filtered rows, masked (the full roster needs the POST with a reason)."""
    units = service.list_units(session, actor)
    unit_id = _unit_filter(request, {u.id: u for u in units})
    kind = request.query_params.get("kind", "")
    kind = kind if kind in zh_CN.STAFF_KINDS else ""
    view = lists.list_view(request, ("unit_id", "kind"), values={"unit_id": unit_id, "kind": kind})
    if lists.wants_export(request):
        people = org_lists.staff(session, actor, _everything(view), unit_id=unit_id, kind=kind)
        content = importers.export_staff(session, actor, people=people.rows)
        return lists.export(
            session, actor, view, name="staff", content=content, count=len(people.rows)
        )
    page = org_lists.staff(session, actor, view.query, unit_id=unit_id, kind=kind)
    return render(
        request,
        "org/staff.html",
        actor,
        staff=[service.staff_view(s) for s in page.rows],
        pg=page,
        lv=view,
        unit_id=unit_id,
        kind=kind,
        unit_options=service.unit_options(units),
    )


@router.get("/staff/export.xlsx", response_class=XlsxFile)
def staff_export(session: DbSession, actor: Reader, unit_id: Maybe[Ref] = None) -> Response:
    """The roster masked (a link's `unmasked=true` is ignored: see the POST)."""
    return xlsx_response(
        importers.export_staff(session, actor, unit_id=unit_id), i18n.FILES["roster"]
    )


@router.post("/staff/export.xlsx", response_class=XlsxFile)
def staff_export_full(
    session: DbSession,
    actor: FullExporter,
    reason: Annotated[str, Form()] = "",
    unit_id: Annotated[Maybe[Ref], Form()] = None,
) -> Response:
    """The roster in full, for pii.unmask holders who state why; audited with the reason."""
    content = importers.export_staff(session, actor, unit_id=unit_id, unmasked=True, reason=reason)
    return xlsx_response(content, i18n.FILES["roster_full"])


def _staff_form_page(
    request: Request,
    session: DbSession,
    actor: Principal,
    *,
    staff: Staff | None,
    form: dict,
    errors: dict | None = None,
    status_code: int = 200,
) -> Response:
    units = service.list_units(session, actor)
    grids, _ = service.list_grids(session, actor, limit=2000)
    return render(
        request,
        "org/staff_form.html",
        actor,
        status_code=status_code,
        staff=staff,
        form=form,
        errors=errors or {},
        unit_options=service.unit_options(units),
        grid_options=[(g.id, f"{g.code} {g.name}") for g in grids],
        kind_options=list(zh_CN.STAFF_KINDS.items()),
    )


@router.get("/staff/new")
def staff_new(request: Request, session: DbSession, actor: Manager) -> Response:
    return _staff_form_page(request, session, actor, staff=None, form={})


@router.post("/staff/new")
def staff_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(StaffIn, form)
    if data is not None:
        staff = service.create_staff(session, actor, data)
        return RedirectResponse(f"/org/staff/{staff.id}", status_code=303)
    return _staff_form_page(
        request, session, actor, staff=None, form=form, errors=errors, status_code=422
    )


@router.get("/staff/{staff_id:int}")
def staff_detail(
    request: Request, session: DbSession, actor: Reader, staff: ScopedStaff
) -> Response:
    return render(
        request, "org/staff_detail.html", actor, person=service.staff_view(staff), grid=staff.grid
    )


@router.post("/staff/{staff_id:int}/reveal")
def staff_reveal(
    request: Request, session: DbSession, actor: Revealer, staff: ScopedStaff
) -> Response:
    """The deliberate click that shows full personal data; audited in the service."""
    return render(
        request, "org/staff_pii.html", actor, person=service.reveal_staff(session, actor, staff)
    )


@router.get("/staff/{staff_id:int}/edit")
def staff_edit(
    request: Request, session: DbSession, actor: Manager, staff: ScopedStaff
) -> Response:
    # Editing shows the real values, so opening the form is an audited view.
    view = service.reveal_staff(session, actor, staff)
    form = view.model_dump() | {"phone": staff.phone.removeprefix("+86")}
    return _staff_form_page(request, session, actor, staff=staff, form=form)


@router.post("/staff/{staff_id:int}/edit")
def staff_update(
    request: Request, session: DbSession, actor: Manager, staff: ScopedStaff, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    form.setdefault("is_active", False)
    data, errors = validate_form(StaffUpdate, form)
    if data is not None:
        service.update_staff(session, actor, staff, data)
        return RedirectResponse(f"/org/staff/{staff.id}", status_code=303)
    return _staff_form_page(
        request, session, actor, staff=staff, form=form, errors=errors, status_code=422
    )


# --- teams -------------------------------------------------------------------------------


def _teams_page(request: Request, session: DbSession, actor: Principal, **extra) -> Response:
    units = service.list_units(session, actor)
    by_id = {u.id: u for u in units}
    unit_id = _unit_filter(request, by_id)
    view = lists.list_view(request, ("unit_id",), values={"unit_id": unit_id})
    if lists.wants_export(request) and not extra:
        rows = org_lists.teams(session, actor, _everything(view), unit_id=unit_id).rows
        return lists.export(
            session,
            actor,
            view,
            name="teams",
            headers=list_text.TEAM_EXPORT,
            rows=[[t.name, zh_CN.TEAM_KINDS[t.kind], t.unit.name, members] for t, members in rows],
        )
    page = org_lists.teams(session, actor, view.query, unit_id=unit_id)
    return render(
        request,
        "org/teams.html",
        actor,
        teams=page.rows,
        pg=page,
        lv=view,
        unit_id=unit_id,
        units=by_id,
        unit_options=service.unit_options(units),
        kind_options=list(zh_CN.TEAM_KINDS.items()),
        **extra,
    )


@router.get("/teams")
def teams_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """Teams in scope with their head count: paged, sortable, by unit; `?export=xlsx`."""
    return _teams_page(request, session, actor)


@router.post("/teams")
def team_create(
    request: Request, session: DbSession, actor: Manager, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(TeamIn, form)
    if data is None:
        return _teams_page(request, session, actor, status_code=422, form=form, errors=errors)
    team = service.create_team(session, actor, data)
    return RedirectResponse(f"/org/teams/{team.id}", status_code=303)


CANDIDATES_SHOWN = 50


def _team_page(
    request: Request, session: DbSession, actor: Principal, team: Team, **extra
) -> Response:
    # Whom to add: found by name or 警号 as the manager types (htmx swaps #candidates), never
    # a drop-down of the whole unit, which at a big unit would silently stop somewhere.
    wanted = request.query_params.get("q", "").strip()[:50]
    candidates, matching = service.list_staff(
        session,
        actor,
        unit_id=team.unit_id,
        q=wanted or None,
        not_in_team=team.id,
        limit=CANDIDATES_SHOWN,
    )
    return render(
        request,
        "org/team.html",
        actor,
        team=team,
        members=[service.staff_view(s) for s in team.members],
        candidates=[service.staff_view(s) for s in candidates],
        matching=matching,
        wanted=wanted,
        shifts=service.upcoming_shifts(session, team),
        **{"form": {}, "errors": {}} | extra,
    )


@router.get("/teams/{team_id:int}")
def team_page(request: Request, session: DbSession, actor: Reader, team: ScopedTeam) -> Response:
    return _team_page(request, session, actor, team)


@router.post("/teams/{team_id:int}/shifts")
def duty_shift_add(
    request: Request, session: DbSession, actor: Manager, team: ScopedTeam, posted: PostedForm
) -> Response:
    """排班: put the team on duty for its unit over a period."""
    form = form_dict(posted)
    data, errors = validate_form(DutyShiftIn, form)
    if data is None:
        return _team_page(request, session, actor, team, status_code=422, form=form, errors=errors)
    service.add_duty_shift(session, actor, team, data)
    return RedirectResponse(f"/org/teams/{team.id}", status_code=303)


@router.post("/teams/{team_id:int}/shifts/{shift_id:int}/remove")
def duty_shift_remove(
    shift_id: RecordId, session: DbSession, actor: Manager, team: ScopedTeam
) -> Response:
    service.remove_duty_shift(session, actor, team, shift_id)
    return RedirectResponse(f"/org/teams/{team.id}", status_code=303)


@router.post("/teams/{team_id:int}/members")
def team_member_add(
    request: Request, session: DbSession, actor: Manager, team: ScopedTeam, posted: PostedForm
) -> Response:
    staff_id = posted.get("staff_id")
    if not str(staff_id or "").isdigit():
        raise TeamMemberMissing(field="staff_id")
    service.add_team_member(session, actor, team, int(str(staff_id)))
    return RedirectResponse(f"/org/teams/{team.id}", status_code=303)


@router.post("/teams/{team_id:int}/members/{staff_id:int}/remove")
def team_member_remove(
    staff_id: RecordId, session: DbSession, actor: Manager, team: ScopedTeam
) -> Response:
    service.remove_team_member(session, actor, team, staff_id)
    return RedirectResponse(f"/org/teams/{team.id}", status_code=303)
