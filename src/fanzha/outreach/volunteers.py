"""Volunteer teams (志愿者队伍): org teams of kind volunteer with a leader, hours served and a
status (活跃 / 停用) that changes only through the state-machine kernel.

Hours served are the lengths of the outreach events each member helped at plus, per door-knock
visit they were present at, `settings.outreach_visit_hours` (visits carry no duration)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from fanzha.access import Principal
from fanzha.audit.models import AuditAction
from fanzha.config import get_settings
from fanzha.i18n import outreach_people as i18n
from fanzha.kernel import states
from fanzha.org import scope
from fanzha.org import service as org
from fanzha.org.models import Staff, StaffKind, Team, TeamKind
from fanzha.org.schemas import TeamIn
from fanzha.outreach import events
from fanzha.outreach.people_errors import NotVolunteerTeam, VolunteerLeaderNotMember
from fanzha.outreach.people_models import TeamStatus, VolunteerTeam
from fanzha.outreach.people_schemas import VolunteerTeamIn

MACHINE = states.machine(
    "volunteer_team",
    i18n.MACHINE["volunteer_team"],
    "teams",
    {
        TeamStatus.active: {TeamStatus.inactive},
        TeamStatus.inactive: {TeamStatus.active},
    },
    initial={TeamStatus.active},
    labels=i18n.TEAM_STATUSES,
    action=AuditAction.volunteer_team_transition.value,
    stamps={TeamStatus.inactive: "inactive_since", TeamStatus.active: "active_since"},
)


@dataclass
class MemberRow:
    staff: Staff
    hours: float
    is_leader: bool


@dataclass
class TeamRow:
    team: Team
    status: TeamStatus
    leader: Staff | None
    members: int
    volunteers: int  # members whose staff record is of kind 志愿者
    hours: float


def create_team(session: Session, actor: Principal, data: VolunteerTeamIn) -> Team:
    """A new volunteer team of a unit in scope, active. Raises UnitOutOfScope (422) and
    TeamNameTaken (409) as org teams do."""
    team = org.create_team(
        session, actor, TeamIn(name=data.name, kind=TeamKind.volunteer, unit_id=data.unit_id)
    )
    session.add(states.begin(MACHINE, VolunteerTeam(team_id=team.id), TeamStatus.active))
    session.flush()
    return team


def require_volunteer(team: Team) -> None:
    """NotVolunteerTeam (409) for a team of another kind."""
    if team.kind != TeamKind.volunteer:
        raise NotVolunteerTeam()


def profile(session: Session, team: Team) -> VolunteerTeam:
    """The volunteer side of a team (created active for a volunteer team made on the org page).
    Raises NotVolunteerTeam (409) for a team of another kind."""
    require_volunteer(team)
    found = session.get(VolunteerTeam, team.id)
    if found is None:
        found = states.begin(MACHINE, VolunteerTeam(team_id=team.id), TeamStatus.active)
        session.add(found)
        session.flush()
    return found


def set_status(session: Session, actor: Principal, team: Team, to: TeamStatus) -> None:
    """活跃 ↔ 停用 through the kernel (audited there). IllegalMove (409) to the same status."""
    states.move(session, MACHINE, profile(session, team), to, actor=actor, label=team.name)


def set_leader(session: Session, actor: Principal, team: Team, staff_id: int | None) -> None:
    """Name the team's leader; they must be a member. VolunteerLeaderNotMember (422) if not."""
    record = profile(session, team)
    if staff_id is not None and staff_id not in {m.id for m in team.members}:
        raise VolunteerLeaderNotMember(field="leader_id")
    record.leader_id = staff_id
    session.flush()


_VISITS_PER_MEMBER = text("""
SELECT m, count(*) FROM outreach_visits v, unnest(v.member_staff_ids) AS m
WHERE v.member_staff_ids && CAST(:ids AS integer[]) AND m = ANY(:ids) GROUP BY m
""")


def staff_hours(session: Session, staff_ids: Sequence[int]) -> dict[int, float]:
    """Hours each staff member served: events' lengths plus the visit allowance per door-knock
    visit they were listed present at (settings.outreach_visit_hours)."""
    hours = events.staff_event_hours(session, staff_ids)
    if not staff_ids:
        return hours
    ids = list(staff_ids)
    per_visit = get_settings().outreach_visit_hours
    for sid, n in session.execute(_VISITS_PER_MEMBER, {"ids": ids}):
        hours[sid] = hours.get(sid, 0.0) + n * per_visit
    return hours


def list_teams(session: Session, actor: Principal) -> list[TeamRow]:
    """The volunteer teams in scope with status, leader, member counts and hours served."""
    teams = list(
        session.scalars(
            scope.scoped_select(Team, actor)
            .where(Team.kind == TeamKind.volunteer)
            .order_by(Team.unit_id, Team.id)
        )
    )
    profiles = {
        p.team_id: p
        for p in session.scalars(
            select(VolunteerTeam).where(VolunteerTeam.team_id.in_([t.id for t in teams]))
        )
    }
    hours = staff_hours(session, sorted({m.id for t in teams for m in t.members}))
    rows = []
    for team in teams:
        found = profiles.get(team.id)
        rows.append(
            TeamRow(
                team=team,
                status=found.status if found else TeamStatus.active,
                leader=found.leader if found else None,
                members=len(team.members),
                volunteers=sum(1 for m in team.members if m.kind == StaffKind.volunteer),
                hours=sum(hours.get(m.id, 0.0) for m in team.members),
            )
        )
    return rows


def members(session: Session, team: Team) -> list[MemberRow]:
    """The team's members with the hours each served, leader first."""
    found = session.get(VolunteerTeam, team.id)
    leader_id = found.leader_id if found else None
    hours = staff_hours(session, [m.id for m in team.members])
    rows = [MemberRow(m, hours.get(m.id, 0.0), m.id == leader_id) for m in team.members]
    return sorted(rows, key=lambda r: (not r.is_leader, r.staff.id))


def status_of(session: Session, team: Team) -> TeamStatus:
    found = session.get(VolunteerTeam, team.id)
    return found.status if found else TeamStatus.active
