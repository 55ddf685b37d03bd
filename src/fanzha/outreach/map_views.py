"""The coverage map (覆盖地图): a unit's regions drawn from the grid boundaries and coloured by
their figures, drilling down city → 分局 → station → grid; its GeoJSON and figures as data;
and the admin page that imports a city's grid boundaries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from fanzha.access import Permission, Principal
from fanzha.errors import NotFound
from fanzha.fields import Maybe, Ref
from fanzha.org import boundaries, boundary_file, scope
from fanzha.org.errors import BoundaryFileRefused
from fanzha.org.models import Unit
from fanzha.outreach import geo, map_figures, service
from fanzha.outreach.models import Campaign, CampaignStatus
from fanzha.uploads import TooLarge
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict
from fanzha.web.responses import GeoJson
from fanzha.web.scoped import ScopedUnit
from fanzha.web.templating import render

router = APIRouter(prefix="/outreach/map")

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Manager = Annotated[Principal, Depends(require(Permission.org_manage))]
# Where a click on a grid leads: its households (住户底册) for those who keep the register,
# the grid's own page for readers of figures only (leaders).
HOUSEHOLDS_HREF = "/outreach/households?grid={id}"
GRID_HREF = "/org/grids/{id}"
PROBLEMS_SHOWN = 50
CampaignRef = Maybe[Ref]  # ?campaign=12; "" (不选) asks for the register's households


def _campaign(
    request: Request, session: DbSession, actor: Principal, asked: int | None, found: list[Campaign]
) -> Campaign | None:
    """The campaign asked for (NotFound when not the viewer's); none asked, the latest running
    one; "不选" (an empty `campaign`) or no campaign at all: None, the register's households."""
    if asked is not None:
        return service.get_campaign(session, actor, asked)
    if "campaign" in request.query_params:
        return None
    return next((c for c in found if c.status == CampaignStatus.running), None)


def _map_page(
    request: Request, session: DbSession, actor: Principal, unit: Unit, asked: int | None
) -> Response:
    found = service.campaigns(session, actor)
    campaign = _campaign(request, session, actor, asked, found)
    view = geo.level(session, actor, unit)
    # Drilling down keeps the choice, "不选" included (else the child would default again).
    suffix = f"?campaign={campaign.id}" if campaign else ""
    if campaign is None and "campaign" in request.query_params:
        suffix = "?campaign="
    return render(
        request,
        "outreach/map.html",
        actor,
        unit=unit,
        view=view,
        trail=geo.trail(session, actor, unit),
        figures=map_figures.figures(session, actor, view, campaign),
        campaign=campaign,
        campaigns=found,
        suffix=suffix,
        grid_href=HOUSEHOLDS_HREF if actor.can(Permission.outreach_plan) else GRID_HREF,
        drawn=geo.drawn_count(session, view),
    )


@router.get("")
def own_map(
    request: Request, session: DbSession, actor: Reader, campaign: CampaignRef = None
) -> Response:
    """The map of the viewer's own unit."""
    unit = scope.own_unit(session, actor)
    if unit is None:
        raise NotFound()
    return _map_page(request, session, actor, unit, campaign)


@router.get("/{unit_id:int}")
def unit_map(
    request: Request,
    session: DbSession,
    actor: Reader,
    unit: ScopedUnit,
    campaign: CampaignRef = None,
) -> Response:
    return _map_page(request, session, actor, unit, campaign)


@router.get("/{unit_id:int}/shapes.geojson", response_class=GeoJson)
def unit_shapes(request: Request, session: DbSession, actor: Reader, unit: ScopedUnit) -> Response:
    """The regions below the unit as GeoJSON (only grids in the viewer's scope), simplified;
    304 when the browser's copy (If-None-Match) is still the one drawn."""
    view = geo.level(session, actor, unit)
    tag = f'"{geo.version(session, view)}"'
    headers = {"ETag": tag, "Cache-Control": "private, no-cache"}
    if tag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    built = geo.shapes(session, view)
    return Response(built.body, media_type="application/geo+json", headers=headers)


def _etags(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


@router.get("/{unit_id:int}/figures.json", response_class=JSONResponse)
def unit_figures(
    session: DbSession, actor: Reader, unit: ScopedUnit, campaign: CampaignRef = None
) -> Response:
    """Each region's figures, keyed by the same names as the GeoJSON's features: the
    campaign's coverage when one is named, else the register's households."""
    chosen = service.get_campaign(session, actor, campaign) if campaign is not None else None
    view = geo.level(session, actor, unit)
    return JSONResponse(map_figures.figures(session, actor, view, chosen))


# --- the boundary import (admin) ---------------------------------------------------------------


def _boundaries_page(
    request: Request, session: DbSession, actor: Principal, status_code: int = 200, **extra
) -> Response:
    state = boundaries.coverage(session, actor)
    return render(
        request,
        "outreach/map_boundaries.html",
        actor,
        status_code=status_code,
        state=state,
        last_by=geo.user_name(session, state.last_by_id),
        default_key=boundary_file.DEFAULT_CODE_KEY,
        **extra,
    )


@router.get("/boundaries")
def boundaries_page(request: Request, session: DbSession, actor: Manager) -> Response:
    return _boundaries_page(request, session, actor)


@router.post("/boundaries")
def boundaries_import(
    request: Request,
    session: DbSession,
    actor: Manager,
    posted: PostedForm,
    upload: UploadedFile,
) -> Response:
    """A city's GeoJSON, taken whole or not at all: 422 with every problem (the grid named),
    413 past the upload limit."""
    form = form_dict(posted)
    key = str(form.get("code_key") or "").strip() or boundary_file.DEFAULT_CODE_KEY
    try:
        with session.begin_nested():  # a refused file leaves nothing behind
            count = boundaries.import_boundaries(session, actor, upload.content, code_key=key)
    except BoundaryFileRefused as refused:
        return _boundaries_page(
            request,
            session,
            actor,
            422,
            refused=refused,
            problems=refused.problems[:PROBLEMS_SHOWN],
            more=max(len(refused.problems) - PROBLEMS_SHOWN, 0),
            form={"code_key": key},
        )
    except TooLarge as too_large:
        return _boundaries_page(request, session, actor, 413, too_large=too_large)
    return _boundaries_page(request, session, actor, imported=count, form={"code_key": key})
