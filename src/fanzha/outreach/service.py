"""Campaigns (草稿 → 进行中 → 已结束, the baseline frozen on start), grid assignment to teams
(one team per grid per campaign: the unique key is the lock) and the teams' walk lists.

Services never commit; errors are `fanzha.outreach.errors`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from fanzha.access import Permission, Principal, Role
from fanzha.audit import service as audit
from fanzha.audit.models import AuditAction
from fanzha.auth.models import User
from fanzha.cases.models import Case
from fanzha.errors import DomainError
from fanzha.fields import visible_text
from fanzha.i18n import outreach as i18n
from fanzha.kernel.states import begin, move
from fanzha.masking import mask_name, mask_phone
from fanzha.org.models import Grid, Team, Unit
from fanzha.org.scope import get_scoped, owner_clause, unit_in_scope
from fanzha.outreach.errors import (
    CampaignNameMissing,
    CampaignNameTooLong,
    CampaignNotDraft,
    CampaignNoUnits,
    CampaignPeriod,
    CampaignQuestionnaireUnknown,
    CampaignTeamRule,
    CampaignTooLong,
    CampaignUnitOutOfScope,
    GridNotInCampaign,
    GridTaken,
    TeamNotInUnit,
    UnknownCode,
)
from fanzha.outreach.households import address
from fanzha.outreach.models import (
    FIVE_ONES,
    Campaign,
    CampaignBaseline,
    CampaignStatus,
    GridAssignment,
    GridTotals,
    Household,
    HouseholdFlag,
    HouseholdState,
)
from fanzha.outreach.states import CAMPAIGN
from fanzha.questionnaires.models import Questionnaire
from fanzha.warnings.models import Warning

TEAM_RULE_KEYS = tuple(i18n.TEAM_RULE)
TEAM_RULE_MOST = 20  # people per role at one door: a visit names at most 20 members
# The longest campaign: its progress line has a point a day (year 1 to 9999 drew 2.9 million
# points, a 24 MB coverage page that took 16 s).
LONGEST_DAYS = 731
NAME_MOST = 100  # outreach_campaigns.name is String(100)


@dataclass(frozen=True)
class CampaignIn:
    """A campaign as the planner enters it (codes, not labels)."""

    name: str
    starts_on: date
    ends_on: date
    unit_ids: list[int]
    target_coverage_pct: int = 85
    five_ones: tuple[str, ...] = tuple(f.value for f in FIVE_ONES)
    priority_flags: tuple[str, ...] = ()
    team_rule: dict[str, int] | None = None
    questionnaire_id: int | None = None
    note: str = ""


def campaign_problems(session: Session, actor: Principal, data: CampaignIn) -> list[DomainError]:
    """Everything wrong with a campaign as entered, each error naming its form field, so the
    planner sees them all at once: CampaignNameMissing (nothing visible) or CampaignNameTooLong
    (over NAME_MOST characters) (name), CampaignPeriod or CampaignTooLong (ends_on),
    CampaignQuestionnaireUnknown, CampaignNoUnits (none chosen), CampaignUnitOutOfScope (one
    outside the actor's scope, or unknown), CampaignTeamRule, UnknownCode (five_ones,
    priority_flags or team_rule holding a code not known). [] when it can be created."""
    problems: list[DomainError] = []
    name = visible_text(data.name)
    if not name:  # a name of blanks is not replaced by a made-up one
        problems.append(CampaignNameMissing(field="name"))
    elif len(name) > NAME_MOST:  # nor is a long one cut without a word
        problems.append(CampaignNameTooLong(field="name", most=NAME_MOST))
    if data.ends_on < data.starts_on:
        problems.append(CampaignPeriod(field="ends_on"))
    elif (data.ends_on - data.starts_on).days >= LONGEST_DAYS:
        problems.append(CampaignTooLong(field="ends_on", days=LONGEST_DAYS))
    if data.questionnaire_id is not None and not _questionnaire_usable(
        session, actor, data.questionnaire_id
    ):
        problems.append(CampaignQuestionnaireUnknown(field="questionnaire_id"))
    units = [u for u in dict.fromkeys(data.unit_ids) if unit_in_scope(session, actor, u)]
    if not data.unit_ids:
        problems.append(CampaignNoUnits(field="unit_ids"))
    elif len(units) != len(set(data.unit_ids)):
        # An unknown id reads the same as another unit's, so ids cannot be probed.
        problems.append(CampaignUnitOutOfScope(field="unit_ids"))
    rule = data.team_rule or {}
    if any(not 0 <= int(n) <= TEAM_RULE_MOST for n in rule.values()):
        problems.append(CampaignTeamRule(field="team_rule", most=TEAM_RULE_MOST))
    for field, values, allowed in (
        ("five_ones", data.five_ones, {f.value for f in FIVE_ONES}),
        ("priority_flags", data.priority_flags, {f.value for f in HouseholdFlag}),
        ("team_rule", tuple(rule), set(TEAM_RULE_KEYS)),
    ):
        unknown = next((v for v in values if v not in allowed), None)
        if unknown is not None:
            problems.append(UnknownCode(field=field, value=str(unknown)[:20]))
    return problems


def create_campaign(session: Session, actor: Principal, data: CampaignIn) -> Campaign:
    """A draft campaign organised by the actor's unit. Raises the first of
    `campaign_problems` (each 422)."""
    problems = campaign_problems(session, actor, data)
    if problems:
        raise problems[0]
    units = [u for u in dict.fromkeys(data.unit_ids) if unit_in_scope(session, actor, u)]
    rule = data.team_rule or {}
    campaign = Campaign(
        name=visible_text(data.name),
        unit_id=actor.unit_id or units[0],
        unit_ids=units,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        target_coverage_pct=data.target_coverage_pct,
        five_ones=list(dict.fromkeys(data.five_ones)),
        priority_flags=list(dict.fromkeys(data.priority_flags)),
        team_rule={k: int(v) for k, v in rule.items()},
        questionnaire_id=data.questionnaire_id,
        note=data.note,
        created_by_id=actor.user_id,
    )
    begin(CAMPAIGN, campaign, CampaignStatus.draft)
    session.add(campaign)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.campaign_created,
        target_type="outreach_campaigns",
        target_id=campaign.id,
        summary=i18n.AUDIT["campaign_created"].format(name=campaign.name),
    )
    return campaign


def _questionnaire_usable(session: Session, actor: Principal, questionnaire_id: int) -> bool:
    """Whether the campaign may ask this questionnaire: it exists, is in the actor's scope and
    is not retired (a missing id was a foreign-key failure answered as a duplicate record)."""
    found = select(Questionnaire.id).where(
        Questionnaire.id == questionnaire_id,
        Questionnaire.retired_at.is_(None),
        owner_clause(Questionnaire, actor),
    )
    return session.scalar(found) is not None


def get_campaign(session: Session, actor: Principal, campaign_id: int) -> Campaign:
    """A campaign the actor may see (NotFound otherwise, audited as elsewhere)."""
    return get_scoped(session, actor, Campaign, campaign_id)


def campaigns(session: Session, actor: Principal) -> list[Campaign]:
    stmt = select(Campaign).where(owner_clause(Campaign, actor))
    return list(session.scalars(stmt.order_by(Campaign.starts_on.desc(), Campaign.id.desc())))


def grid_clause(session: Session, campaign: Campaign) -> ColumnElement[bool]:
    """True for the grids of the campaign: those under any unit taking part."""
    paths = list(session.scalars(select(Unit.path).where(Unit.id.in_(campaign.unit_ids))))
    if not paths:
        return false()
    under = select(Unit.id).where(or_(*(Unit.path.like(p + "%") for p in paths)))
    return Grid.unit_id.in_(under)


def start_campaign(session: Session, actor: Principal, campaign: Campaign) -> int:
    """草稿 → 进行中, freezing the baseline: every live household of the campaign's grids now
    (priority when it carries a targeted flag), and a zeroed totals row per grid. Returns the
    number of households frozen. IllegalMove (409) from any other status."""
    move(session, CAMPAIGN, campaign, CampaignStatus.running, actor=actor, label=campaign.name)
    flags = list(campaign.priority_flags)
    priority = Household.flags.overlap(flags) if flags else literal(False)
    grids = select(Grid.id).where(grid_clause(session, campaign))
    frozen = (
        select(
            literal(campaign.id),
            Household.id,
            Household.grid_id,
            Household.residents,
            priority,
        )
        .where(Household.grid_id.in_(grids), Household.deleted_at.is_(None))
        .order_by(Household.id)
    )
    session.execute(
        insert(CampaignBaseline).from_select(
            ["campaign_id", "household_id", "grid_id", "residents", "priority"], frozen
        )
    )
    counted = (
        select(
            CampaignBaseline.grid_id,
            func.count().label("n"),
            func.count().filter(CampaignBaseline.priority).label("p"),
        )
        .where(CampaignBaseline.campaign_id == campaign.id)
        .group_by(CampaignBaseline.grid_id)
        .subquery()
    )
    totals = (
        select(
            literal(campaign.id),
            Grid.id,
            Grid.unit_id,
            func.coalesce(counted.c.n, 0),
            func.coalesce(counted.c.p, 0),
            literal([0] * len(FIVE_ONES)),
        )
        .select_from(Grid)
        .outerjoin(counted, counted.c.grid_id == Grid.id)
        .where(grid_clause(session, campaign))
    )
    session.execute(
        insert(GridTotals).from_select(
            [
                "campaign_id",
                "grid_id",
                "unit_id",
                "baseline",
                "baseline_priority",
                "five_ones_items",
            ],
            totals,
        )
    )
    count = session.scalar(select(func.count()).where(CampaignBaseline.campaign_id == campaign.id))
    audit.record(
        session,
        actor,
        AuditAction.campaign_transition,
        target_type="outreach_campaigns",
        target_id=campaign.id,
        summary=i18n.AUDIT["baseline_frozen"].format(count=count),
    )
    return count or 0


def finish_campaign(session: Session, actor: Principal, campaign: Campaign) -> None:
    """进行中 → 已结束; IllegalMove (409) from any other status."""
    move(session, CAMPAIGN, campaign, CampaignStatus.finished, actor=actor, label=campaign.name)


def require_draft(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.draft:
        raise CampaignNotDraft(name=campaign.name)


# --- assignment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridRow:
    grid_id: int
    code: str
    name: str
    unit_name: str
    baseline: int
    team_id: int | None
    team_name: str
    taken_by: str
    taken_at: Any


def assignment_rows(session: Session, actor: Principal, campaign: Campaign) -> list[GridRow]:
    """The campaign's grids within the actor's scope, each with the team holding it (if any)."""
    stmt = (
        select(
            Grid.id,
            Grid.code,
            Grid.name,
            Unit.name,
            func.coalesce(GridTotals.baseline, 0),
            GridAssignment.team_id,
            func.coalesce(Team.name, ""),
            func.coalesce(User.display_name, ""),
            GridAssignment.taken_at,
        )
        .join(Unit, Unit.id == Grid.unit_id)
        .outerjoin(
            GridTotals,
            and_(GridTotals.grid_id == Grid.id, GridTotals.campaign_id == campaign.id),
        )
        .outerjoin(
            GridAssignment,
            and_(GridAssignment.grid_id == Grid.id, GridAssignment.campaign_id == campaign.id),
        )
        .outerjoin(Team, Team.id == GridAssignment.team_id)
        .outerjoin(User, User.id == GridAssignment.taken_by_id)
        .where(grid_clause(session, campaign), owner_clause(Grid, actor))
        .order_by(Unit.path, Grid.code)
    )
    return [GridRow(*row) for row in session.execute(stmt)]


def teams_for(session: Session, actor: Principal) -> list[Team]:
    return list(session.scalars(select(Team).where(owner_clause(Team, actor)).order_by(Team.name)))


def take_grid(
    session: Session, actor: Principal, campaign: Campaign, grid_id: int, team_id: int
) -> GridAssignment:
    """The team takes the grid for this campaign. Two takes at once: the unique key lets one
    win; the other gets GridTaken (409) naming the team that holds it. Raises
    GridNotInCampaign (422) for a grid outside the campaign or the actor's scope, TeamNotInUnit
    (422) for a team outside the actor's scope."""
    grid_ok = select(Grid.id).where(
        Grid.id == grid_id, grid_clause(session, campaign), owner_clause(Grid, actor)
    )
    if session.scalar(grid_ok) is None:
        raise GridNotInCampaign(field="grid_id")
    team = session.scalar(select(Team).where(Team.id == team_id, owner_clause(Team, actor)))
    if team is None:
        raise TeamNotInUnit(field="team_id")
    taken = session.scalar(
        insert(GridAssignment)
        .values(
            campaign_id=campaign.id, grid_id=grid_id, team_id=team.id, taken_by_id=actor.user_id
        )
        .on_conflict_do_nothing(constraint="uq_outreach_grid_assignments_grid")
        .returning(GridAssignment.id)
    )
    if taken is None:
        holder = session.scalar(
            select(Team.name)
            .join(GridAssignment, GridAssignment.team_id == Team.id)
            .where(GridAssignment.campaign_id == campaign.id, GridAssignment.grid_id == grid_id)
        )
        raise GridTaken(team=holder or "")
    grid_code = session.scalar(select(Grid.code).where(Grid.id == grid_id))
    audit.record(
        session,
        actor,
        AuditAction.grid_assignment,
        target_type="outreach_campaigns",
        target_id=campaign.id,
        summary=i18n.AUDIT["grid_taken"].format(team=team.name, grid=grid_code),
    )
    return session.get_one(GridAssignment, taken)


def release_grid(session: Session, actor: Principal, campaign: Campaign, grid_id: int) -> None:
    """The grid goes back to the pool (its visits stay). GridNotInCampaign when not held."""
    row = session.scalar(
        select(GridAssignment)
        .join(Grid, Grid.id == GridAssignment.grid_id)
        .where(
            GridAssignment.campaign_id == campaign.id,
            GridAssignment.grid_id == grid_id,
            owner_clause(Grid, actor),
        )
    )
    if row is None:
        raise GridNotInCampaign(field="grid_id")
    team = session.get_one(Team, row.team_id)
    grid_code = session.scalar(select(Grid.code).where(Grid.id == grid_id))
    session.delete(row)
    audit.record(
        session,
        actor,
        AuditAction.grid_assignment,
        target_type="outreach_campaigns",
        target_id=campaign.id,
        summary=i18n.AUDIT["grid_released"].format(team=team.name, grid=grid_code),
    )


# --- walk lists -------------------------------------------------------------------------------


def sees_contacts_reasons(actor: Principal) -> bool:
    """Whether the walk list may say *why* a household is a priority (warned, defrauded): not
    for volunteers and dissuaders, who see only that it is one."""
    return actor.can(Permission.pii_unmask) and actor.role != Role.dissuader


def warned_clause(phone: Any) -> ColumnElement[bool]:
    return exists(select(Warning.id).where(Warning.person_phone == phone))


def defrauded_clause(phone: Any) -> ColumnElement[bool]:
    return exists(select(Case.id).where(Case.victim_phone == phone))


_DIGITS = re.compile(r"(\d+)")


def walk_list(
    session: Session, actor: Principal, campaign: Campaign, team_id: int | None = None
) -> list[dict[str, Any]]:
    """The campaign's live households in the actor's scope (only the team's grids when
    `team_id` is given), priority first, then by grid, compound, building, unit and room.
    Contacts are masked; the reason for a priority is given only to those who may see it.
    Each row: id, grid_id, address parts, residents, flags, contact (masked), priority,
    reasons, status (latest outcome code or None), visits."""
    flags = list(campaign.priority_flags)
    flagged = Household.flags.overlap(flags) if flags else literal(False)
    warned = warned_clause(Household.contact_phone)
    defrauded = defrauded_clause(Household.contact_phone)
    priority = or_(flagged, warned, defrauded)
    stmt = (
        select(
            Household,
            flagged.label("flagged"),
            warned.label("warned"),
            defrauded.label("defrauded"),
            HouseholdState.latest_outcome,
            func.coalesce(HouseholdState.visits, 0),
        )
        .join(Grid, Grid.id == Household.grid_id)
        .outerjoin(
            HouseholdState,
            and_(
                HouseholdState.household_id == Household.id,
                HouseholdState.campaign_id == campaign.id,
            ),
        )
        .where(
            Household.deleted_at.is_(None),
            grid_clause(session, campaign),
            owner_clause(Household, actor),
        )
        .order_by(
            priority.desc(),
            Household.grid_id,
            Household.compound,
            Household.building,
            Household.unit_no,
            Household.room,
        )
    )
    if team_id is not None:
        held = select(GridAssignment.grid_id).where(
            GridAssignment.campaign_id == campaign.id, GridAssignment.team_id == team_id
        )
        stmt = stmt.where(Household.grid_id.in_(held))
    reasons_ok = sees_contacts_reasons(actor)
    rows = []
    for household, is_flagged, is_warned, is_defrauded, outcome, visits in session.execute(stmt):
        reasons = []
        if is_flagged:
            reasons.append("flag")
        if reasons_ok and is_warned:
            reasons.append("warned")
        if reasons_ok and is_defrauded:
            reasons.append("defrauded")
        rows.append(
            {
                "id": household.id,
                "grid_id": household.grid_id,
                "compound": household.compound,
                "building": household.building,
                "unit_no": household.unit_no,
                "room": household.room,
                "address": address(household),
                "residents": household.residents,
                "flags": list(household.flags),
                "contact_name": mask_name(household.contact_name),
                "contact_phone": mask_phone(household.contact_phone),
                "priority": bool(is_flagged or is_warned or is_defrauded),
                "reasons": reasons,
                "status": outcome.value if outcome is not None else None,
                "visits": visits,
            }
        )
    # Numbers in addresses in their numeric order (3栋 before 10栋, room 902 before 1001), as
    # the field page shows them; the database's text order put 10栋 first on the printed list.
    rows.sort(
        key=lambda r: (
            not r["priority"],
            r["grid_id"],
            *(_natural(r[part]) for part in ("compound", "building", "unit_no", "room")),
        )
    )
    return rows


def _natural(text: str | None) -> tuple[tuple[int, int, str], ...]:
    """Sort key reading runs of digits as numbers: "10栋" after "3栋"."""
    return tuple(
        (0, int(part), "") if part.isdecimal() else (1, 0, part)
        for part in _DIGITS.split(text or "")
        if part
    )
