"""The organisation's lists on the one list component: paged on the server, sortable,
filtered in the URL, and "导出 Excel" gives exactly the filtered rows, masked."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from fanzha.org.models import Grid, Staff, Team, Unit
from fanzha.org.scope import scope_clause, unit_scope
from tests.helpers import audit_entries, login, unit_of

pytestmark = pytest.mark.usefixtures("city")


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def total_on(page: str) -> int:
    return int(re.search(r"共 <strong>(\d+)</strong> 条", page).group(1))


def test_the_staff_list_pages_on_the_server_and_exports_the_filtered_rows_masked(client, session):
    login(client, "admin")
    station = unit_of(session, "station_a")
    in_station = (
        session.scalar(
            select(func.count())
            .select_from(Staff)
            .where(scope_clause(Staff.unit_id, unit_scope(session, station.id)))
        )
        or 0
    )
    first = client.get(f"/org/staff?unit_id={station.id}&size=20").text
    assert total_on(first) == in_station > 20
    assert first.count('<tr><td class="nowrap"><a href="/org/staff/') == 20
    # The second page continues where the first stopped; the filter stays in its links.
    assert f"unit_id={station.id}" in re.search(r'href="([^"]*page=2[^"]*)"', first).group(1)
    export = client.get(f"/org/staff?unit_id={station.id}&export=xlsx")
    rows = rows_of(export.content)
    assert rows[0][:3] == ("姓名", "类别", "手机号") and len(rows) - 1 == in_station
    assert all("****" in row[2] for row in rows[1:])
    assert audit_entries(session, "list.page_exported", target_type="staff")
    assert not audit_entries(session, "pii.exported")


def test_grids_are_sorted_by_households_and_searched_by_code(client, session):
    login(client, "admin")
    most = session.scalars(select(Grid).order_by(Grid.households.desc(), Grid.id)).first()
    page = client.get("/org/grids?sort=households&dir=desc&size=20").text
    assert total_on(page) == session.scalar(select(func.count()).select_from(Grid))
    first_row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert f">{most.households}<" in first_row
    found = client.get(f"/org/grids?q={most.code}&export=xlsx")
    assert [r[0] for r in rows_of(found.content)[1:]] == [most.code]


def test_units_filter_by_level_and_name_the_parent(client, session):
    login(client, "admin")
    stations = session.scalar(select(func.count()).select_from(Unit).where(Unit.kind == "station"))
    page = client.get("/org/units?kind=station&size=20").text
    assert total_on(page) == stations
    rows = rows_of(client.get("/org/units?kind=station&export=xlsx").content)
    assert rows[0] == ("名称", "上级单位", "级别", "代码")
    assert len(rows) - 1 == stations and {r[2] for r in rows[1:]} == {"派出所"}
    assert all(r[1] for r in rows[1:])  # each station names its 分局


def test_teams_list_is_scoped_and_counts_members(client, session):
    login(client, "station_a")
    station = unit_of(session, "station_a")
    mine = session.scalars(
        select(Team).where(scope_clause(Team.unit_id, unit_scope(session, station.id)))
    ).all()
    page = client.get("/org/teams").text
    assert total_on(page) == len(mine)
    rows = rows_of(client.get("/org/teams?export=xlsx").content)
    assert sorted(r[0] for r in rows[1:]) == sorted(t.name for t in mine)
    assert {r[0]: r[3] for r in rows[1:]} == {t.name: len(t.members) for t in mine}
