"""Records of another unit are invisible: 404 by URL, absent from lists, and the try audited."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fanzha.auth.models import Role
from fanzha.org.models import Grid, Staff, Team, Unit
from tests.helpers import api_post, audit_entries, login, staff_in, unit_of, user

pytestmark = pytest.mark.usefixtures("city")


class TestSiblingStation:
    def test_a_sibling_stations_staff_record_is_a_404_and_the_attempt_is_audited(
        self, client, session
    ):
        sibling = staff_in(session, unit_of(session, "station_b"))
        login(client, "station_a")
        response = client.get(f"/org/staff/{sibling.id}")
        assert response.status_code == 404
        assert "记录不存在或您无权查看" in response.text
        assert sibling.name not in response.text
        denied = audit_entries(
            session, "access.denied", target_type="staff", target_id=str(sibling.id)
        )
        assert len(denied) == 1
        assert denied[0].actor_name.endswith("民警")

    def test_the_same_through_the_api(self, client, session):
        sibling = staff_in(session, unit_of(session, "station_b"))
        login(client, "station_a")
        response = client.get(f"/api/v1/org/staff/{sibling.id}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        reveal = api_post(client, f"/api/v1/org/staff/{sibling.id}/reveal")
        assert reveal.status_code == 404

    def test_a_missing_record_looks_exactly_like_a_forbidden_one(self, client, session):
        login(client, "station_a")
        sibling = staff_in(session, unit_of(session, "station_b"))
        missing = client.get("/api/v1/org/staff/99999999")
        forbidden = client.get(f"/api/v1/org/staff/{sibling.id}")
        assert missing.status_code == forbidden.status_code == 404
        assert missing.json() == forbidden.json()

    @pytest.mark.parametrize(
        "model,path", [(Unit, "/org/units/{}"), (Grid, "/org/grids/{}"), (Team, "/org/teams/{}")]
    )
    def test_other_records_of_a_sibling_are_hidden_too(self, client, session, model, path):
        sibling_unit = unit_of(session, "station_b")
        subtree = select(Unit.id).where(Unit.path.like(sibling_unit.path + "%"))
        column = model.id if model is Unit else model.unit_id
        record_id = session.scalar(select(model.id).where(column.in_(subtree)))
        login(client, "station_a")
        assert client.get(path.format(record_id)).status_code == 404


class TestLists:
    def test_a_station_lists_only_its_own_subtree(self, client, session):
        own = unit_of(session, "station_a")
        login(client, "station_a")
        items = client.get("/api/v1/org/staff?limit=500").json()["items"]
        unit_ids = {
            u.id for u in session.scalars(select(Unit).where(Unit.path.like(own.path + "%")))
        }
        assert items
        assert {item["unit_id"] for item in items} <= unit_ids
        units = client.get("/api/v1/org/units").json()
        assert {u["id"] for u in units} == unit_ids

    def test_the_city_sees_everything(self, client, session):
        login(client, "duty")
        total = client.get("/api/v1/org/staff?limit=1").json()["total"]
        assert total == session.scalar(select(func.count()).select_from(Staff))

    def test_filing_a_record_under_another_unit_is_refused(self, client, session):
        # An admin of a station (not the city) cannot file records in a sibling station.
        user(session, "station_a").role = Role.admin
        session.flush()
        login(client, "station_a")
        response = api_post(
            client,
            "/api/v1/org/grids",
            {
                "code": "X1",
                "name": "越权网格",
                "unit_id": unit_of(session, "station_b").id,
                "households": 10,
            },
        )
        assert response.status_code == 422
        assert response.json()["message"] == "所选单位不存在或不在您的管辖范围"
