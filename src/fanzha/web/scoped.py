"""Route dependencies that fetch a unit-owned record by the id in the path, through the scope
layer (`fanzha.org.scope.get_scoped`): out of scope is an audited 404.

    def gang_page(..., actor: Reader, gang: ScopedGang) -> Response

Declare them after the route's permission dependency (`actor: Reader`), so a caller without
the permission is refused as such (403) before the record is looked at.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from fanzha.access import Principal
from fanzha.auth.models import ApiKey, User
from fanzha.cases.models import Case
from fanzha.errors import NotAuthenticated
from fanzha.fields import RecordId
from fanzha.linking.models import AtRiskPerson, Gang, Lead
from fanzha.org.models import Grid, Staff, Team, Unit
from fanzha.org.scope import get_scoped
from fanzha.warnings.models import DoorVisitTask, Warning
from fanzha.web.deps import DbSession, optional_principal

# The caller as the route's own permission dependency found them; not `require(...)`, so a
# route's declared permission stays the one its own dependency names.
Caller = Annotated[Principal | None, Depends(optional_principal)]


def _signed_in(actor: Principal | None) -> Principal:
    if actor is None:  # only reached when the route's own dependency came later
        raise NotAuthenticated()
    return actor


def _case(case_id: RecordId, session: DbSession, actor: Caller) -> Case:
    return get_scoped(session, _signed_in(actor), Case, case_id)


def _warning(warning_id: RecordId, session: DbSession, actor: Caller) -> Warning:
    return get_scoped(session, _signed_in(actor), Warning, warning_id)


def _task(task_id: RecordId, session: DbSession, actor: Caller) -> DoorVisitTask:
    return get_scoped(session, _signed_in(actor), DoorVisitTask, task_id)


def _gang(gang_id: RecordId, session: DbSession, actor: Caller) -> Gang:
    return get_scoped(session, _signed_in(actor), Gang, gang_id)


def _person(person_id: RecordId, session: DbSession, actor: Caller) -> AtRiskPerson:
    return get_scoped(session, _signed_in(actor), AtRiskPerson, person_id)


def _lead(lead_id: RecordId, session: DbSession, actor: Caller) -> Lead:
    return get_scoped(session, _signed_in(actor), Lead, lead_id)


def _unit(unit_id: RecordId, session: DbSession, actor: Caller) -> Unit:
    return get_scoped(session, _signed_in(actor), Unit, unit_id)


def _grid(grid_id: RecordId, session: DbSession, actor: Caller) -> Grid:
    return get_scoped(session, _signed_in(actor), Grid, grid_id)


def _staff(staff_id: RecordId, session: DbSession, actor: Caller) -> Staff:
    return get_scoped(session, _signed_in(actor), Staff, staff_id)


def _team(team_id: RecordId, session: DbSession, actor: Caller) -> Team:
    return get_scoped(session, _signed_in(actor), Team, team_id)


def _user(user_id: RecordId, session: DbSession, actor: Caller) -> User:
    return get_scoped(session, _signed_in(actor), User, user_id)


def _key(key_id: RecordId, session: DbSession, actor: Caller) -> ApiKey:
    return get_scoped(session, _signed_in(actor), ApiKey, key_id)


ScopedCase = Annotated[Case, Depends(_case)]
ScopedWarning = Annotated[Warning, Depends(_warning)]
ScopedDoorVisit = Annotated[DoorVisitTask, Depends(_task)]
ScopedGang = Annotated[Gang, Depends(_gang)]
ScopedAtRiskPerson = Annotated[AtRiskPerson, Depends(_person)]
ScopedLead = Annotated[Lead, Depends(_lead)]
ScopedUnit = Annotated[Unit, Depends(_unit)]
ScopedGrid = Annotated[Grid, Depends(_grid)]
ScopedStaff = Annotated[Staff, Depends(_staff)]
ScopedTeam = Annotated[Team, Depends(_team)]
ScopedUser = Annotated[User, Depends(_user)]
ScopedApiKey = Annotated[ApiKey, Depends(_key)]

__all__ = [
    "ScopedApiKey",
    "ScopedAtRiskPerson",
    "ScopedCase",
    "ScopedDoorVisit",
    "ScopedGang",
    "ScopedGrid",
    "ScopedLead",
    "ScopedStaff",
    "ScopedTeam",
    "ScopedUnit",
    "ScopedUser",
    "ScopedWarning",
]
