"""The unit tree, grids and teams as an admin manages them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import insert, select

from fanzha.org.models import Grid, Staff, Team, Unit, UnitKind
from tests.helpers import api_post, audit_entries, login, post_form, staff_in, unit_of

pytestmark = pytest.mark.usefixtures("city")


class TestUnits:
    def test_a_new_unit_takes_its_kind_from_its_parent(self, client, session):
        login(client, "admin")
        station = unit_of(session, "station_a")
        response = api_post(
            client,
            "/api/v1/org/units",
            {"name": "新村社区警务室", "code": "NEW01", "parent_id": station.id},
        )
        assert response.status_code == 201
        unit = session.get(Unit, response.json()["id"])
        assert unit.kind == UnitKind.community
        assert unit.path == f"{station.path}{unit.id}/"
        assert audit_entries(session, "org.unit.created", target_id=str(unit.id))

    def test_a_community_has_no_children(self, client, session):
        login(client, "admin")
        community = unit_of(session, "dissuader_a")
        response = api_post(
            client,
            "/api/v1/org/units",
            {"name": "不存在的下级", "code": "BAD01", "parent_id": community.id},
        )
        assert response.status_code == 422
        assert response.json()["message"] == "社区警务室下不能再设下级单位"

    def test_duplicate_codes_are_refused_beside_the_field(self, client, session):
        login(client, "admin")
        station = unit_of(session, "station_a")
        response = post_form(
            client,
            "/org/units",
            {"name": "重复", "code": station.code, "parent_id": station.parent_id},
        )
        assert response.status_code == 409
        assert "单位代码已存在" in response.text

    def test_the_tree_page_lists_every_unit_in_order(self, client, session):
        login(client, "admin")
        page = client.get("/org/units").text
        names = [u.name for u in session.scalars(select(Unit).order_by(Unit.path))]
        positions = [page.index(name) for name in names]
        assert positions == sorted(positions)


class TestGrids:
    def test_households_must_be_a_whole_non_negative_number(self, client, session):
        login(client, "admin")
        community = unit_of(session, "dissuader_a")
        response = post_form(
            client,
            "/org/grids/new",
            {"code": "G-NEW", "name": "新网格", "unit_id": community.id, "households": "-3"},
        )
        assert response.status_code == 422
        assert "不能小于0" in response.text
        assert session.scalar(select(Grid).where(Grid.code == "G-NEW")) is None

    def test_edit_households(self, client, session):
        login(client, "admin")
        grid = session.scalars(select(Grid).order_by(Grid.id)).first()
        response = post_form(
            client, f"/org/grids/{grid.id}", {"name": grid.name, "households": "512"}
        )
        assert response.status_code == 303
        session.refresh(grid)
        assert grid.households == 512
        assert audit_entries(session, "org.grid.updated", target_id=str(grid.id))


class TestTeams:
    def test_create_a_team_and_add_a_member_of_its_station(self, client, session):
        login(client, "admin")
        station = unit_of(session, "station_a")
        response = post_form(
            client,
            "/org/teams",
            {"name": "心盾一队（夜班）", "kind": "door_visit", "unit_id": station.id},
        )
        assert response.status_code == 303
        team = session.scalar(select(Team).where(Team.name == "心盾一队（夜班）"))
        person = staff_in(session, station)
        assert (
            post_form(client, f"/org/teams/{team.id}/members", {"staff_id": person.id}).status_code
            == 303
        )
        session.refresh(team)
        assert [m.id for m in team.members] == [person.id]
        page = client.get(f"/org/teams/{team.id}").text
        assert person.phone[-4:] in page and person.phone[3:] not in page

    def test_staff_of_another_station_cannot_join(self, client, session):
        login(client, "admin")
        team = session.scalar(select(Team).where(Team.unit_id == unit_of(session, "station_a").id))
        outsider = staff_in(session, unit_of(session, "station_b"))
        response = post_form(client, f"/org/teams/{team.id}/members", {"staff_id": outsider.id})
        assert response.status_code == 422
        assert "只能添加本单位及下级单位的人员" in response.text

    def test_a_big_unit_still_finds_anyone_to_add_by_name_or_badge(self, client, session):
        """The drop-down once held the unit's first 500 staff: the 501st could never join."""
        station = unit_of(session, "station_a")
        team = session.scalar(select(Team).where(Team.unit_id == station.id))
        session.execute(
            insert(Staff),
            [
                {
                    "unit_id": station.id,
                    "name": f"辅警{n:03d}",
                    "kind": "auxiliary",
                    "phone": f"+86139{n:08d}",
                }
                for n in range(520)
            ],
        )
        late = Staff(
            unit_id=station.id,
            name="欧阳晚来",
            kind="officer",
            phone="+8613700009999",
            badge_no="J778899",
        )
        session.add(late)
        session.flush()
        login(client, "admin")
        page = client.get(f"/org/teams/{team.id}").text
        assert re.search(r"共 \d+ 人符合，列出前 50 人", page)
        assert f'<option value="{late.id}">' not in page
        for wanted in ("欧阳晚", "J7788"):
            found = client.get(
                f"/org/teams/{team.id}", params={"q": wanted}, headers={"HX-Request": "true"}
            )
            assert f'<option value="{late.id}">欧**来（民警，警号 J778899' in found.text
            assert "共 1 人可添加" in found.text
        added = post_form(client, f"/org/teams/{team.id}/members", {"staff_id": late.id})
        assert added.status_code == 303
        again = client.get(f"/org/teams/{team.id}", params={"q": "欧阳晚"}).text
        assert f'<option value="{late.id}">' not in again and "已是本队成员" in again
