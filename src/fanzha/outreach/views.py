"""Prevention (宣防) pages: campaigns, grid assignment, walk lists, the household register,
coverage and the prevention outcome. The JSON routes for the field page are in `api`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.errors import DomainError
from fanzha.fields import RecordId, posted_id
from fanzha.i18n import lists as i18n_lists
from fanzha.i18n import outreach as i18n
from fanzha.listing import EXPORT_CAP
from fanzha.org import service as org
from fanzha.org.models import UnitKind
from fanzha.outreach import coverage, households, outcome, service, visit_list
from fanzha.outreach.errors import UnknownCode
from fanzha.outreach.models import FIVE_ONES, Campaign, CampaignStatus, VisitOutcome
from fanzha.web import imports, lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, UploadedFile, form_dict, validate_form
from fanzha.web.responses import XlsxFile, xlsx_response
from fanzha.web.templating import render

router = APIRouter(prefix="/outreach")

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Planner = Annotated[Principal, Depends(require(Permission.outreach_plan))]
Visitor = Annotated[Principal, Depends(require(Permission.outreach_visit))]

LEVELS = (UnitKind.city_bureau, UnitKind.branch, UnitKind.station, UnitKind.community)


def _campaign_page(
    request: Request, session: DbSession, actor: Principal, campaign: Campaign, **extra
) -> Response:
    areas = coverage.coverage_by_unit(session, actor, campaign.id)
    overall = coverage.total(session, actor, campaign.id)
    return render(
        request,
        "outreach/campaign.html",
        actor,
        campaign=campaign,
        areas=sorted(areas.values(), key=lambda a: a.path),
        overall=overall,
        i18n=i18n,
        five_ones=FIVE_ONES,
        **extra,
    )


# --- campaigns --------------------------------------------------------------------------------


@router.get("/campaigns")
def campaigns_page(request: Request, session: DbSession, actor: Reader) -> Response:
    return _campaigns(request, session, actor)


def _campaigns(request, session, actor, status_code: int = 200, **extra) -> Response:  # type: ignore[no-untyped-def]
    units = [u for u in org.list_units(session, actor) if u.kind != UnitKind.community]
    return render(
        request,
        "outreach/campaigns.html",
        actor,
        status_code=status_code,
        campaigns=service.campaigns(session, actor),
        units=units,
        i18n=i18n,
        **extra,
    )


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text or "").strip())
    except ValueError:
        return None


def _team_rule(form: dict) -> dict[str, int] | None:
    """The team rule typed on the form ({} for boxes left empty), None when a box holds
    anything but 0 to TEAM_RULE_MOST ("²" passed `isdigit` and failed `int`: a 500)."""
    rule: dict[str, int] = {}
    for key in service.TEAM_RULE_KEYS:
        text = str(form.get(f"rule_{key}") or "").strip()
        if not text:
            continue
        if not (text.isascii() and text.isdigit() and len(text) <= 3):
            return None
        if int(text) > service.TEAM_RULE_MOST:
            return None
        rule[key] = int(text)
    return rule


@router.post("/campaigns")
def campaign_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    picked = {
        name: [str(v) for v in posted.getlist(name)]
        for name in ("unit_ids", "five_ones", "priority_flags")
    }
    errors: dict[str, str] = {}
    starts, ends = _day(form.get("starts_on")), _day(form.get("ends_on"))
    for name, day in (("starts_on", starts), ("ends_on", ends)):
        if day is None:
            errors[name] = i18n.CAMPAIGN_FORM["date"]
    target_text = str(form.get("target_coverage_pct") or "85").strip()
    digits = target_text.isascii() and target_text.isdigit() and len(target_text) <= 3
    target = int(target_text) if digits else 0  # int() of 4,301 digits raises
    if not 1 <= target <= 100:
        errors["target_coverage_pct"] = i18n.CAMPAIGN_FORM["target"]
    questionnaire_id = posted_id(form.get("questionnaire_id"))
    if form.get("questionnaire_id") and questionnaire_id is None:
        errors["questionnaire_id"] = i18n.CAMPAIGN_FORM["questionnaire"]
    unit_ids = [posted_id(u) for u in picked["unit_ids"]]
    if None in unit_ids:
        # Read as no unit at all, it was told 请至少选择一个参战单位 though one was sent.
        errors["unit_ids"] = i18n.ERRORS["campaign_unit_out_of_scope"]
    rule = _team_rule(form)
    if rule is None:
        errors["team_rule"] = i18n.ERRORS["campaign_team_rule"].format(most=service.TEAM_RULE_MOST)
    data = service.CampaignIn(
        name=str(form.get("name") or ""),
        starts_on=starts or date.min,
        ends_on=ends or date.max,
        unit_ids=[u for u in unit_ids if u is not None],
        target_coverage_pct=target,
        five_ones=tuple(picked["five_ones"]),
        priority_flags=tuple(picked["priority_flags"]),
        team_rule=rule or {},
        questionnaire_id=questionnaire_id,
    )
    # Every problem at once (the form's own and the service's), not one per attempt; a field
    # the form already refused keeps the form's message.
    for problem in service.campaign_problems(session, actor, data):
        if problem.field == "ends_on" and (starts is None or ends is None):
            continue  # the period cannot be judged without both days
        errors.setdefault(problem.field or "name", problem.message)
    if errors:
        return _campaigns(request, session, actor, 422, form=form, errors=errors, picked=picked)
    try:
        with session.begin_nested():
            campaign = service.create_campaign(session, actor, data)
    except DomainError as exc:
        if exc.field is None:
            raise
        errors = {exc.field: exc.message}
        return _campaigns(request, session, actor, 422, form=form, errors=errors, picked=picked)
    return RedirectResponse(f"/outreach/campaigns/{campaign.id}", status_code=303)


@router.get("/campaigns/{campaign_id:int}")
def campaign_page(
    request: Request, session: DbSession, actor: Reader, campaign_id: RecordId
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    return _campaign_page(request, session, actor, campaign)


@router.post("/campaigns/{campaign_id:int}/start")
def campaign_start(session: DbSession, actor: Planner, campaign_id: RecordId) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    service.start_campaign(session, actor, campaign)
    return RedirectResponse(f"/outreach/campaigns/{campaign.id}", status_code=303)


@router.post("/campaigns/{campaign_id:int}/finish")
def campaign_finish(session: DbSession, actor: Planner, campaign_id: RecordId) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    service.finish_campaign(session, actor, campaign)
    return RedirectResponse(f"/outreach/campaigns/{campaign.id}", status_code=303)


# --- assignment and walk lists ----------------------------------------------------------------


@router.get("/campaigns/{campaign_id:int}/assign")
def assign_page(
    request: Request, session: DbSession, actor: Planner, campaign_id: RecordId
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    return render(
        request,
        "outreach/assign.html",
        actor,
        campaign=campaign,
        rows=service.assignment_rows(session, actor, campaign),
        teams=service.teams_for(session, actor),
    )


@router.post("/campaigns/{campaign_id:int}/assign")
def assign(
    session: DbSession, actor: Planner, campaign_id: RecordId, posted: PostedForm
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    form = form_dict(posted)
    grid_id, team_id = posted_id(form.get("grid_id")), posted_id(form.get("team_id"))
    if grid_id is None or team_id is None:
        raise UnknownCode(value=form.get("grid_id") or form.get("team_id") or "")
    service.take_grid(session, actor, campaign, grid_id, team_id)
    return RedirectResponse(f"/outreach/campaigns/{campaign.id}/assign", status_code=303)


@router.post("/campaigns/{campaign_id:int}/release")
def release(
    session: DbSession, actor: Planner, campaign_id: RecordId, posted: PostedForm
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    raw = form_dict(posted).get("grid_id", "")
    grid_id = posted_id(raw)
    if grid_id is None:
        raise UnknownCode(value=raw)
    service.release_grid(session, actor, campaign, grid_id)
    return RedirectResponse(f"/outreach/campaigns/{campaign.id}/assign", status_code=303)


@router.get("/campaigns/{campaign_id:int}/walk")
def walk_page(
    request: Request, session: DbSession, actor: Visitor, campaign_id: RecordId
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    team = request.query_params.get("team", "")
    rows = service.walk_list(session, actor, campaign, posted_id(team))
    return render(
        request,
        "outreach/walk.html",
        actor,
        campaign=campaign,
        rows=rows,
        teams=service.teams_for(session, actor),
        team=team,
        i18n=i18n,
    )


# --- coverage and outcome ---------------------------------------------------------------------


@router.get("/coverage")
def coverage_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """The latest running campaign (or the one asked for): figures per level and by day."""
    found = service.campaigns(session, actor)
    asked = request.query_params.get("campaign", "")
    campaign = next((c for c in found if str(c.id) == asked), None) or next(
        (c for c in found if c.status == CampaignStatus.running), found[0] if found else None
    )
    if campaign is None:
        return render(request, "outreach/coverage.html", actor, campaign=None, campaigns=[])
    areas = coverage.coverage_by_unit(session, actor, campaign.id)
    overall = coverage.total(session, actor, campaign.id)
    points = coverage.progress(session, actor, campaign, overall.baseline)
    breaches = coverage.team_rule_breaches(session, actor, campaign.id)
    levels = {
        kind: sorted((a for a in areas.values() if a.kind == kind), key=lambda a: a.path)
        for kind in LEVELS
    }
    return render(
        request,
        "outreach/coverage.html",
        actor,
        campaign=campaign,
        campaigns=found,
        overall=overall,
        levels=levels,
        points=points,
        breaches=breaches,
        five_ones=FIVE_ONES,
        i18n=i18n,
    )


@router.get("/campaigns/{campaign_id:int}/outcome")
def outcome_page(
    request: Request, session: DbSession, actor: Reader, campaign_id: RecordId
) -> Response:
    campaign = service.get_campaign(session, actor, campaign_id)
    return render(
        request,
        "outreach/outcome.html",
        actor,
        campaign=campaign,
        result=outcome.prevention_outcome(session, actor, campaign),
    )


@router.get("/campaigns/{campaign_id:int}/visits")
def visits_page(
    request: Request, session: DbSession, actor: Reader, campaign_id: RecordId
) -> Response:
    """The campaign's visits to the reader's households (走访记录), with their proof; Excel."""
    campaign = service.get_campaign(session, actor, campaign_id)
    view = lists.list_view(request, ("grid", "outcome", "revisit"))
    outcome_code = view.query.get("outcome")
    chosen = visit_list.VisitFilter(
        grid_id=posted_id(view.query.get("grid")),
        outcome=VisitOutcome(outcome_code) if outcome_code in i18n.OUTCOMES else None,
        revisit=view.query.get("revisit") == "1",
    )
    if lists.wants_export(request):
        everything = replace(view.query, page=1, size=EXPORT_CAP)
        rows = visit_list.list_visits(session, actor, campaign, everything, chosen).rows
        return lists.export(
            session,
            actor,
            view,
            name="outreach_visits",
            headers=i18n_lists.OUTREACH_VISIT_EXPORT,
            rows=[_visit_cells(r) for r in rows],
            target_id=campaign.id,
        )
    return render(
        request,
        "outreach/visits.html",
        actor,
        campaign=campaign,
        lv=view,
        pg=visit_list.list_visits(session, actor, campaign, view.query, chosen),
        grids=visit_list.grid_choices(session, actor, campaign),
        i18n=i18n,
    )


def _visit_cells(row: visit_list.VisitRow) -> list[object]:
    visit = row.visit
    return [
        clock.local(visit.visited_at),
        row.grid,
        row.address,
        i18n.OUTCOMES[visit.outcome],
        "、".join(i18n.TEAM_RULE.get(r, r) for r in visit.team_rule_missing),
        "、".join(row.members),
        visit.residents_reached,
        "、".join(i18n.FIVE_ONES.get(f, f) for f in visit.five_ones),
        visit.suggestion_text,
        i18n.VISIT_LIST["revisit"][visit.revisit_needed],
        visit.revisit_reason,
        _photo_cell(row),
    ]


def _photo_cell(row: visit_list.VisitRow) -> str:
    if not row.visit.photo_id:
        return ""
    if row.photo_shared:
        return i18n.VISIT_LIST["photo_shared_cell"].format(count=row.photo_shared)
    return i18n.VISIT_LIST["photo"]


# --- the household register -------------------------------------------------------------------


@router.get("/households")
def households_page(request: Request, session: DbSession, actor: Planner) -> Response:
    view = lists.list_view(request, ("grid", "flag"))
    if lists.wants_export(request):
        rows = households.page(session, actor, replace(view.query, page=1, size=EXPORT_CAP)).rows
        shown = [households.masked_row(h, code) for h, code, _ in rows]
        return lists.export(
            session,
            actor,
            view,
            name="households",
            headers=list(i18n.LIST_HEADERS),
            rows=[
                [
                    r["grid"],
                    r["address"],
                    r["residents"],
                    "、".join(r["flags"]),
                    r["contact_name"],
                    r["contact_phone"],
                ]
                for r in shown
            ],
        )
    pg = households.page(session, actor, view.query)
    return render(
        request,
        "outreach/households.html",
        actor,
        lv=view,
        pg=pg,
        rows=[households.masked_row(h, code) for h, code, _ in pg.rows],
        grids=households.grid_options(session, actor),
        i18n=i18n,
    )


@router.post("/households")
def household_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    form["flags"] = [str(v) for v in posted.getlist("flags")]
    data, errors = validate_form(households.HouseholdIn, form)
    if data is None:
        view = lists.list_view(request, ("grid", "flag"))
        pg = households.page(session, actor, view.query)
        return render(
            request,
            "outreach/households.html",
            actor,
            status_code=422,
            lv=view,
            pg=pg,
            rows=[households.masked_row(h, code) for h, code, _ in pg.rows],
            form=form,
            errors=errors,
            grids=households.grid_options(session, actor),
            i18n=i18n,
        )
    households.create_household(session, actor, data)
    return RedirectResponse("/outreach/households", status_code=303)


@router.post("/households/{household_id:int}/delete")
def household_delete(session: DbSession, actor: Planner, household_id: RecordId) -> Response:
    households.delete_household(session, actor, household_id)
    return RedirectResponse("/outreach/households", status_code=303)


@router.get("/households/import/template", response_class=XlsxFile)
def import_template(actor: Planner) -> Response:
    return xlsx_response(households.template(), i18n.TEMPLATE_FILE)


@router.get("/households/import")
def import_page(request: Request, actor: Planner) -> Response:
    return imports.import_page(
        request,
        actor,
        action="/outreach/households/import",
        label=i18n.SHEET_TITLE,
        back="/outreach/households",
        all_or_nothing=True,
    )


@router.post("/households/import")
def import_upload(
    request: Request, session: DbSession, actor: Planner, upload: UploadedFile
) -> Response:
    return imports.import_upload(
        request,
        session,
        actor,
        lambda content: households.import_households(session, actor, content),
        upload.content,
        action="/outreach/households/import",
        label=i18n.SHEET_TITLE,
        back="/outreach/households",
        all_or_nothing=True,
    )
