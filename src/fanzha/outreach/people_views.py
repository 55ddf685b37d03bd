"""Pages of outreach events (宣传活动), volunteer teams (志愿者队伍) and training (培训).

outreach.read sees them, outreach.plan records them; any signed-in staff member checks in to a
training session by scanning its QR code with their own phone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from fanzha import clock
from fanzha.access import Permission, Principal
from fanzha.fields import Maybe, RecordId, posted_id
from fanzha.i18n import lists as i18n_lists
from fanzha.i18n import outreach_people as i18n
from fanzha.listing import EXPORT_CAP
from fanzha.masking import mask_name
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.org.models import Staff
from fanzha.outreach import events, volunteers
from fanzha.outreach.people_errors import TeamStatusUnknown
from fanzha.outreach.people_models import EventKind, OutreachEvent, TeamStatus
from fanzha.outreach.people_schemas import EventIn, VolunteerTeamIn
from fanzha.web import lists
from fanzha.web.deps import DbSession, require
from fanzha.web.forms import PostedForm, form_dict, validate_form
from fanzha.web.scoped import Caller, ScopedTeam
from fanzha.web.templating import render, see_other

router = APIRouter(prefix="/outreach")

Reader = Annotated[Principal, Depends(require(Permission.outreach_read))]
Planner = Annotated[Principal, Depends(require(Permission.outreach_plan))]
KINDS = list(i18n.EVENT_KINDS.items())


def _event(event_id: RecordId, session: DbSession, actor: Caller) -> OutreachEvent:
    assert actor is not None  # the route's permission dependency comes first
    return scope.get_scoped(session, actor, OutreachEvent, event_id)


ScopedEvent = Annotated[OutreachEvent, Depends(_event)]


# --- events -------------------------------------------------------------------------------


@router.get("/events")
def events_page(request: Request, session: DbSession, actor: Reader) -> Response:
    """The events in scope: by kind, by unit, by day held, text in title or place."""
    kind = request.query_params.get("kind", "")
    kind = kind if kind in i18n.EVENT_KINDS else ""
    view = lists.list_view(request, ("kind",), values={"kind": kind})
    chosen = EventKind(kind) if kind else None
    if lists.wants_export(request):
        rows = events.list_events(
            session, actor, replace(view.query, page=1, size=EXPORT_CAP), kind=chosen
        ).rows
        return lists.export(
            session,
            actor,
            view,
            name="outreach_events",
            headers=i18n_lists.OUTREACH_EVENT_EXPORT,
            rows=[
                [
                    clock.local(e.starts_at),
                    i18n.EVENT_KINDS[e.kind],
                    e.title,
                    e.place,
                    e.unit.name,
                    e.audience_onsite,
                    e.audience_online,
                    e.materials,
                ]
                for e in rows
            ],
        )
    page = events.list_events(session, actor, view.query, kind=chosen)
    return render(
        request,
        "outreach/events.html",
        actor,
        lv=view,
        pg=page,
        kind=kind,
        kinds=KINDS,
        labels=i18n.EVENT_KINDS,
    )


@router.get("/events/calendar")
def events_calendar(request: Request, session: DbSession, actor: Reader) -> Response:
    first = events.month_of(request.query_params.get("month"))
    prev = (first.replace(day=1) - date.resolution).replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    weeks = events.month_calendar(session, actor, first)
    return render(
        request,
        "outreach/events_calendar.html",
        actor,
        first=first,
        weeks=weeks,
        has_events=any(d.events for week in weeks for d in week if d.in_month),
        prev=prev,
        next=nxt,
        kinds=i18n.EVENT_KINDS,
    )


@router.get("/events/totals")
def events_totals(request: Request, session: DbSession, actor: Reader) -> Response:
    view = lists.list_view(request)
    rows, total = events.totals_by_unit(session, actor, view.query.since, view.query.until)
    return render(request, "outreach/events_totals.html", actor, lv=view, rows=rows, total=total)


def _event_form(
    request: Request,
    session: DbSession,
    actor: Principal,
    *,
    event: OutreachEvent | None,
    form: dict,
    errors: dict | None = None,
    status_code: int = 200,
) -> Response:
    units = org.list_units(session, actor)
    teams = org.list_teams(session, actor)
    wanted = [i for i in map(posted_id, form.get("staff_ids", [])) if i is not None]
    return render(
        request,
        "outreach/events_form.html",
        actor,
        status_code=status_code,
        event=event,
        form=form,
        errors=errors or {},
        kinds=KINDS,
        unit_options=org.unit_options(units),
        team_options=[(t.id, t.name) for t in teams],
        chosen=[(s.id, _staff_label(s)) for s in events.staff_named(session, actor, wanted)],
    )


PICKER_ROWS = 20


def _staff_label(staff: Staff) -> str:
    """How the picker names a person: masked name, 警号, unit (three 张*伟 stay apart)."""
    badge = i18n.STAFF_PICKER["badge"].format(badge=staff.badge_no) if staff.badge_no else ""
    return i18n.STAFF_PICKER["label"].format(
        name=mask_name(staff.name), badge=badge, unit=staff.unit.name
    )


@router.get("/events/staff")
def staff_picker(
    request: Request, session: DbSession, actor: Planner, staff_q: Maybe[str] = None
) -> Response:
    """参加人员 by name or 警号, within the viewer's units: the first matches to pick (htmx)."""
    wanted = (staff_q or "").strip()[:50]
    found, total = (
        org.list_staff(session, actor, q=wanted, limit=PICKER_ROWS) if wanted else ([], 0)
    )
    return render(
        request,
        "outreach/_staff_picker.html",
        actor,
        wanted=wanted,
        found=[(s.id, _staff_label(s)) for s in found],
        total=total,
    )


@router.get("/events/new")
def event_new(request: Request, session: DbSession, actor: Planner) -> Response:
    return _event_form(request, session, actor, event=None, form={"unit_id": actor.unit_id})


@router.post("/events/new")
def event_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    form = form_dict(posted, lists=("staff_ids",))
    data, errors = validate_form(EventIn, form)
    if data is None:
        return _event_form(
            request, session, actor, event=None, form=form, errors=errors, status_code=422
        )
    event = events.create_event(session, actor, data)
    return see_other(f"/outreach/events/{event.id}")


@router.get("/events/{event_id:int}")
def event_page(request: Request, session: DbSession, actor: Reader, event: ScopedEvent) -> Response:
    return render(
        request,
        "outreach/events_detail.html",
        actor,
        event=event,
        kinds=i18n.EVENT_KINDS,
        hours=events.event_hours(event),
    )


@router.get("/events/{event_id:int}/edit")
def event_edit(
    request: Request, session: DbSession, actor: Planner, event: ScopedEvent
) -> Response:
    form = {
        name: getattr(event, name)
        for name in (
            "kind",
            "title",
            "place",
            "unit_id",
            "team_id",
            "campaign_id",
            "audience_onsite",
            "audience_online",
            "materials",
            "note",
        )
    }
    form["starts_at"] = events.datetime_local(event.starts_at)
    form["ends_at"] = events.datetime_local(event.ends_at)
    form["staff_ids"] = [s.id for s in event.helpers]
    return _event_form(request, session, actor, event=event, form=form)


@router.post("/events/{event_id:int}/edit")
def event_update(
    request: Request, session: DbSession, actor: Planner, event: ScopedEvent, posted: PostedForm
) -> Response:
    form = form_dict(posted, lists=("staff_ids",))
    data, errors = validate_form(EventIn, form)
    if data is None:
        return _event_form(
            request, session, actor, event=event, form=form, errors=errors, status_code=422
        )
    events.update_event(session, actor, event, data)
    return see_other(f"/outreach/events/{event.id}")


# --- volunteer teams ------------------------------------------------------------------------


def _teams_page(request: Request, session: DbSession, actor: Principal, **extra) -> Response:
    return render(
        request,
        "outreach/teams.html",
        actor,
        rows=volunteers.list_teams(session, actor),
        statuses=i18n.TEAM_STATUSES,
        unit_options=org.unit_options(org.list_units(session, actor)),
        **extra,
    )


@router.get("/volunteers")
def teams_page(request: Request, session: DbSession, actor: Reader) -> Response:
    return _teams_page(request, session, actor)


@router.post("/volunteers")
def team_create(
    request: Request, session: DbSession, actor: Planner, posted: PostedForm
) -> Response:
    form = form_dict(posted)
    data, errors = validate_form(VolunteerTeamIn, form)
    if data is None:
        return _teams_page(request, session, actor, status_code=422, form=form, errors=errors)
    team = volunteers.create_team(session, actor, data)
    return see_other(f"/outreach/volunteers/{team.id}")


@router.get("/volunteers/{team_id:int}")
def team_page(request: Request, session: DbSession, actor: Reader, team: ScopedTeam) -> Response:
    volunteers.require_volunteer(team)
    status = volunteers.status_of(session, team)
    return render(
        request,
        "outreach/teams_detail.html",
        actor,
        team=team,
        status=status,
        statuses=i18n.TEAM_STATUSES,
        members=volunteers.members(session, team),
    )


@router.post("/volunteers/{team_id:int}/status")
def team_status(
    session: DbSession, actor: Planner, team: ScopedTeam, posted: PostedForm
) -> Response:
    to = str(posted.get("to") or "")
    if to not in i18n.TEAM_STATUSES:
        raise TeamStatusUnknown(field="to")
    volunteers.set_status(session, actor, team, TeamStatus(to))
    return see_other(f"/outreach/volunteers/{team.id}")


@router.post("/volunteers/{team_id:int}/leader")
def team_leader(
    session: DbSession, actor: Planner, team: ScopedTeam, posted: PostedForm
) -> Response:
    raw = str(posted.get("leader_id") or "")
    volunteers.set_leader(session, actor, team, posted_id(raw))
    return see_other(f"/outreach/volunteers/{team.id}")
