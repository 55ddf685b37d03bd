"""The duty rota (值班表): new warnings go to the team on duty for their unit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from fanzha import clock
from fanzha.access import Principal
from fanzha.org import service
from fanzha.org.models import DutyShift, Grid, Team, TeamKind, Unit
from fanzha.org.schemas import DutyShiftIn
from fanzha.warnings import intake
from fanzha.warnings.models import Warning
from fanzha.warnings.schemas import WarningIn
from tests.helpers import audit_entries, csrf_token, login, unit_of
from tests.warnings.factories import address_in, warning_payload

pytestmark = pytest.mark.usefixtures("city")


def receive(session, *, address: str = "", at=None) -> Warning:
    item = WarningIn.model_validate(warning_payload(address=address))
    [(warning_id, _)] = intake.store(session, Principal.system(), [item], received_at=at)
    session.expire_all()
    return session.get(Warning, warning_id)


def station_grid(session, username: str) -> Grid:
    station = unit_of(session, username)
    return session.scalars(
        select(Grid)
        .join(Unit, Unit.id == Grid.unit_id)
        .where(Unit.path.startswith(station.path))
        .order_by(Grid.id)
    ).first()


def test_a_routed_warning_goes_to_the_station_team_on_duty_now(session, client):
    grid = station_grid(session, "station_a")
    warning = receive(session, address=address_in(session, grid.id))
    on_duty = service.team_on_duty(session, grid.unit_id)
    assert on_duty is not None and on_duty.unit_id == unit_of(session, "station_a").id
    assert warning.duty_team_id == on_duty.id
    login(client, "station_a")
    assert f"值班：{on_duty.name}" in client.get(f"/warnings/{warning.id}").text


def test_the_rota_alternates_day_by_day(session):
    station = unit_of(session, "station_a")
    now = clock.now()
    today = service.team_on_duty(session, station.id, now)
    tomorrow = service.team_on_duty(session, station.id, now + timedelta(days=1))
    assert today is not None and tomorrow is not None and today.id != tomorrow.id


def test_a_community_with_its_own_shift_takes_its_warnings(session):
    grid = station_grid(session, "station_a")
    community_team = Team(unit_id=grid.unit_id, name="社区值守组", kind=TeamKind.door_visit)
    session.add(community_team)
    session.flush()
    now = clock.now()
    service.add_duty_shift(
        session,
        Principal.system(),
        community_team,
        DutyShiftIn(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)),
    )
    warning = receive(session, address=address_in(session, grid.id))
    assert warning.duty_team_id == community_team.id


def test_an_unmatched_address_goes_to_the_center_task_force(session):
    warning = receive(session, address="外省某县某村")
    assert not warning.routed
    assert warning.duty_team is not None and warning.duty_team.kind == TeamKind.task_force


def test_no_shift_means_no_team(session):
    grid = station_grid(session, "station_a")
    later = clock.now() + timedelta(days=400)  # past the demo rota
    warning = receive(session, address=address_in(session, grid.id), at=later)
    assert warning.routed and warning.duty_team_id is None


def test_overlapping_shifts_of_one_unit_are_refused(session):
    team = session.scalars(
        select(Team).where(Team.unit_id == unit_of(session, "station_a").id).order_by(Team.id)
    ).first()
    now = clock.now()
    with pytest.raises(Exception, match="与已排班次冲突"):
        service.add_duty_shift(
            session,
            Principal.system(),
            team,
            DutyShiftIn(starts_at=now, ends_at=now + timedelta(hours=2)),
        )


def test_an_admin_adds_and_removes_a_shift_on_the_team_page(session, client):
    team = session.scalars(
        select(Team).where(Team.unit_id == unit_of(session, "station_a").id).order_by(Team.id)
    ).first()
    session.execute(
        DutyShift.__table__.delete().where(DutyShift.unit_id == team.unit_id)
    )  # an empty rota to fill in
    login(client, "admin")
    bad = client.post(
        f"/org/teams/{team.id}/shifts",
        data={
            "csrf_token": csrf_token(client),
            "starts_at": "2026-12-01T08:00",
            "ends_at": "2026-12-01T07:00",
        },
    )
    assert bad.status_code == 422 and "结束时间应晚于开始时间" in bad.text
    start = clock.now() + timedelta(days=1)
    made = client.post(
        f"/org/teams/{team.id}/shifts",
        data={
            "csrf_token": csrf_token(client),
            "starts_at": clock.local(start, "%Y-%m-%dT%H:%M"),
            "ends_at": clock.local(start + timedelta(hours=12), "%Y-%m-%dT%H:%M"),
        },
    )
    assert made.status_code == 303
    page = client.get(f"/org/teams/{team.id}").text
    assert clock.local(start.replace(second=0, microsecond=0)) in page
    shift = session.scalars(select(DutyShift).where(DutyShift.team_id == team.id)).one()
    assert audit_entries(session, "org.duty.added", target_id=str(team.id))
    removed = client.post(
        f"/org/teams/{team.id}/shifts/{shift.id}/remove", data={"csrf_token": csrf_token(client)}
    )
    assert removed.status_code == 303
    assert session.scalars(select(DutyShift).where(DutyShift.team_id == team.id)).all() == []


def test_station_officers_cannot_change_the_rota(session, client):
    team = session.scalars(select(Team).order_by(Team.id)).first()
    login(client, "station_a")
    response = client.post(
        f"/org/teams/{team.id}/shifts",
        data={
            "csrf_token": csrf_token(client),
            "starts_at": "2026-12-01 08:00",
            "ends_at": "2026-12-02 08:00",
        },
    )
    assert response.status_code == 403
