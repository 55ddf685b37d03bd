"""What the door-knock field page needs besides the walk list: the campaigns a visitor may
work, the roster of their team (who may be chosen as present at a visit) and the one
household they open, revealed unmasked (audited).

The visits themselves are recorded on the phone and synced through fanzha.outreach.sync."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.models import User
from fanzha.errors import NotFound
from fanzha.i18n import outreach_field as i18n
from fanzha.masking import mask_name, mask_phone
from fanzha.org.models import Staff, Team, TeamMember
from fanzha.org.scope import get_scoped, scoped_select
from fanzha.outreach.models import Campaign, CampaignStatus, GridAssignment, Household
from fanzha.questionnaires import service as questionnaires


@dataclass(frozen=True)
class Member:
    """One person who may be chosen as present at a visit."""

    staff_id: int
    name: str
    kind: str
    me: bool


def running_campaigns(session: Session, actor: Principal) -> list[Campaign]:
    """Campaigns under way (进行中) that the actor's unit sees, newest first."""
    stmt = (
        scoped_select(Campaign, actor)
        .where(Campaign.status == CampaignStatus.running)
        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
    )
    return list(session.scalars(stmt))


def my_staff_id(session: Session, actor: Principal) -> int | None:
    """The staff record behind the signed-in user (None for users without one)."""
    if actor.user_id is None:
        return None
    return session.scalar(select(User.staff_id).where(User.id == actor.user_id))


def my_teams(session: Session, actor: Principal, campaign: Campaign) -> list[Team]:
    """The teams the actor belongs to that hold grids in `campaign`."""
    staff_id = my_staff_id(session, actor)
    if staff_id is None:
        return []
    holding = select(GridAssignment.team_id).where(GridAssignment.campaign_id == campaign.id)
    mine = select(TeamMember.team_id).where(TeamMember.staff_id == staff_id)
    # Teams are read by id from the actor's own memberships: a team of a unit above the
    # actor's (a station's team with community volunteers) is still theirs to work in.
    stmt = select(Team).where(Team.id.in_(holding), Team.id.in_(mine)).order_by(Team.id)
    return list(session.scalars(stmt))


def roster(session: Session, actor: Principal, campaign: Campaign) -> list[Member]:
    """The active members of the actor's teams in `campaign` (the actor first), names masked
    for callers who may not see personal data; the actor alone when they have no team."""
    me = my_staff_id(session, actor)
    team_ids = [team.id for team in my_teams(session, actor, campaign)]
    wanted = select(TeamMember.staff_id).where(TeamMember.team_id.in_(team_ids))
    rows = list(
        session.scalars(
            select(Staff)
            .where((Staff.id.in_(wanted) & Staff.is_active) | (Staff.id == me))
            .order_by(Staff.id)
        )
    )
    plain = actor.can(Permission.pii_unmask)
    members = [
        Member(s.id, s.name if plain or s.id == me else mask_name(s.name), s.kind.value, s.id == me)
        for s in rows
    ]
    return sorted(members, key=lambda m: (not m.me, m.staff_id))


# What the phone needs of a question to ask it; the answer key ("correct") stays on the server.
QUESTION_FIELDS = ("key", "kind", "title", "required", "options", "min", "max")


def questionnaire(session: Session, campaign: Campaign) -> dict[str, Any] | None:
    """The campaign's questionnaire as the phone renders it offline: {"version_id",
    "questions": [{key, kind, title, required, options, min, max}]} of its current version
    (answers are kept under that version); None when the campaign asks none."""
    if campaign.questionnaire_id is None:
        return None
    version = questionnaires.current_version(session, campaign.questionnaire_id)
    return {
        "version_id": version.id,
        "questions": [{k: q[k] for k in QUESTION_FIELDS if k in q} for q in version.questions],
    }


def household_to_visit(
    session: Session, actor: Principal, campaign: Campaign, household_id: int
) -> Household:
    """A live household of `campaign` the actor may open: in their scope and, for visitors
    who do not plan campaigns (dissuaders, volunteers), in a grid their team holds.
    NotFound (404) otherwise."""
    household = get_scoped(session, actor, Household, household_id)
    if household.deleted_at is not None:
        raise NotFound()
    if not actor.can(Permission.outreach_plan):
        teams = [team.id for team in my_teams(session, actor, campaign)]
        held = session.scalar(
            select(GridAssignment.id).where(
                GridAssignment.campaign_id == campaign.id,
                GridAssignment.grid_id == household.grid_id,
                GridAssignment.team_id.in_(teams),
            )
        )
        if held is None:
            raise NotFound()
    return household


def reveal(session: Session, actor: Principal, household: Household) -> dict[str, str]:
    """The household's contact unmasked, for the visitor at its door; every reveal is
    audited (pii.viewed). Shape: {"name", "phone"} (phone as stored, E.164 or "")."""
    audit.record(
        session,
        actor,
        AuditAction.pii_viewed,
        target_type="households",
        target_id=household.id,
        summary=i18n.AUDIT["revealed"],
        detail={"fields": ["contact_name", "contact_phone"]},
    )
    return {"name": household.contact_name, "phone": household.contact_phone or ""}


def masked(household: Household) -> dict[str, str]:
    """The household's contact as every list shows it."""
    return {"name": mask_name(household.contact_name), "phone": mask_phone(household.contact_phone)}
